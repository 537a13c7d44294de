import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createPerson, listPeople } from '../../shared/doc/people';
import { HeldStore, heldFile } from './held-updates';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-held-'));
  dirs.push(dir);
  return dir;
}

/** Updates of a document in which `count` people are created one by one. */
function edits(count: number): { doc: Y.Doc; updates: Uint8Array[] } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let index = 0; index < count; index++) createPerson(doc, { name: `Person ${index}` }, 'test');
  return { doc, updates };
}

const peopleIn = (update: Uint8Array | null) => {
  const doc = new Y.Doc();
  if (update) Y.applyUpdate(doc, update);
  return listPeople(doc).length;
};

describe('HeldStore', () => {
  it('keeps updates by schema across a restart, merged once they repeat, and hands back those this Kith reads', async () => {
    const dir = await folder();
    const four = edits(40);
    const five = edits(2);
    const first = await HeldStore.open(dir, 3, () => undefined);
    const heard: number[] = [];
    first.onHeld((schema) => heard.push(schema));
    // A link resends what this side lacks each time: the same updates twice over.
    for (const update of [...four.updates, ...four.updates]) first.hold(4, update, 'link');
    for (const update of five.updates) first.hold(5, update, 'link');
    expect(heard).toHaveLength(82);
    expect(peopleIn(first.upTo(3))).toBe(0);
    expect(peopleIn(first.upTo(4))).toBe(40);
    expect(peopleIn(first.upTo(5))).toBe(42);
    await first.close();

    // Still on schema 3: nothing readable, everything still held.
    const again = await HeldStore.open(dir, 3, () => undefined);
    expect(again.readable).toEqual([]);
    expect(again.schemas()).toEqual([4, 5]);
    expect(peopleIn(again.upTo(5))).toBe(42);
    await again.close();

    // Upgraded to 4: schema 4 is handed back (and removed once discarded); 5 stays held.
    const upgraded = await HeldStore.open(dir, 4, () => undefined);
    const doc = new Y.Doc();
    for (const update of upgraded.readable) Y.applyUpdate(doc, update);
    expect(listPeople(doc)).toHaveLength(40);
    expect(upgraded.schemas()).toEqual([5]);
    await upgraded.discardReadable();
    expect(await readdir(dir)).not.toContain(heldFile(4));
    expect(await readdir(dir)).toContain(heldFile(5));
    await upgraded.close();
  });
});
