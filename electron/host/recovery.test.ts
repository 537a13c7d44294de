import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createPerson } from '../../shared/doc/people';
import { createLink } from '../../shared/doc/links';
import { createNote } from '../../shared/doc/notes';
import { addDevice } from '../../shared/doc/devices';
import { deviceSource, watchRecovery } from './recovery';

const DAMAGE_FOUND = new Date('2026-06-01T12:00:00Z');
const before = () => new Date('2026-05-01T09:00:00Z');
const after = () => new Date('2026-06-01T12:05:00Z');
const LAPTOP = 'a'.repeat(64);

/** A copy of the document elsewhere: two people, a link between them, a note. */
function otherCopy(clock: () => Date) {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, 'ui', clock);
  const grace = createPerson(doc, { name: 'Grace' }, 'ui', clock);
  createLink(doc, { from: ada, to: grace }, 'ui', clock);
  createNote(doc, { contactIds: [ada], kind: 'call', text: 'Engines' }, 'ui', clock);
  return doc;
}

function hostWithWatch() {
  const host = new Y.Doc();
  addDevice(host, LAPTOP, { name: 'Laptop', addedBy: LAPTOP }, 'pairing');
  const window = { name: 'window session' };
  const watch = watchRecovery({
    doc: host,
    since: DAMAGE_FOUND,
    sourceOf: (origin) => (origin === window ? { kind: 'window' } : deviceSource(host, origin)),
  });
  return { host, window, watch };
}

describe('recovery after damage', () => {
  it("counts what the window's copy brings back", () => {
    const { host, window, watch } = hostWithWatch();
    let changes = 0;
    watch.onChange(() => changes++);
    Y.applyUpdate(host, Y.encodeStateAsUpdate(otherCopy(before)), window);
    expect(watch.recovered()).toEqual([{ source: { kind: 'window' }, people: 2, notes: 1, links: 1 }]);
    expect(changes).toBe(3); // people, links, notes: one change each
  });

  it('names the device a record came back from', () => {
    const { host, watch } = hostWithWatch();
    // Device links tag what they apply with an origin carrying the device key (p2p/peers.ts).
    Y.applyUpdate(host, Y.encodeStateAsUpdate(otherCopy(before)), { keyHex: LAPTOP });
    Y.applyUpdate(host, Y.encodeStateAsUpdate(otherCopy(before)), { keyHex: 'b'.repeat(64) });
    expect(watch.recovered()).toEqual([
      { source: { kind: 'device', name: 'Laptop' }, people: 2, notes: 1, links: 1 },
      { source: { kind: 'device', name: 'device bbbbbbbb' }, people: 2, notes: 1, links: 1 },
    ]);
  });

  it('does not count records made since the damage, nor the host’s own writes, nor what it already held', () => {
    const { host, window, watch } = hostWithWatch();
    const elsewhere = otherCopy(before);
    Y.applyUpdate(host, Y.encodeStateAsUpdate(elsewhere), 'host load');
    createPerson(host, { name: 'Made here' }, 'ui', after);
    const later = new Y.Doc();
    Y.applyUpdate(later, Y.encodeStateAsUpdate(elsewhere));
    createPerson(later, { name: 'Made in the window since' }, 'ui', after);
    Y.applyUpdate(host, Y.encodeStateAsUpdate(later), window);
    expect(watch.recovered()).toEqual([]);
  });

  it('stops counting when stopped', () => {
    const { host, window, watch } = hostWithWatch();
    watch.stop();
    Y.applyUpdate(host, Y.encodeStateAsUpdate(otherCopy(before)), window);
    expect(watch.recovered()).toEqual([]);
  });
});
