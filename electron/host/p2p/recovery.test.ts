import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Host } from '../host';
import { createPerson, listPeople } from '../../../shared/doc/people';
import { getDevice } from '../../../shared/doc/devices';
import { parseLog } from '../update-log';
import { syncHosts, until } from './test-hosts';

const hosts = syncHosts('p2p-recovery');
const names = (host: Host) => listPeople(host.doc).map((person) => person.name).sort();
const alike = (a: Host, b: Host) => Buffer.compare(Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc)) === 0;

describe('a host whose log was damaged', () => {
  it('takes back from a paired device what its log lost, and says it came from that device', async () => {
    const desk = await hosts.start();
    const laptop = await hosts.start();
    const invitation = await desk.handlers.createInvitation({} as never);
    expect(await laptop.handlers.joinWithInvitation({} as never, invitation.code)).toMatchObject({ ok: true });
    // Each person is its own sync update, so each is a record of its own in the desk's log.
    for (let i = 0; i < 30; i++) {
      createPerson(laptop.doc, { name: `Person ${String(i).padStart(2, '0')}` }, 'test');
      await until('the desk has it', () => alike(desk, laptop));
    }
    await desk.flushed();
    const dataDir = desk.info.dataDir;
    await hosts.close(desk);

    // A byte flipped in every third of the records holding the 30 people (the last 30). The
    // records before them name the laptop as paired; without those the desk would refuse it.
    const path = join(dataDir, 'document.ylog');
    const file = await readFile(path);
    const records: Array<{ start: number; length: number }> = [];
    for (let offset = 8; offset < file.length; offset += 8 + file.readUInt32LE(offset)) {
      records.push({ start: offset, length: file.readUInt32LE(offset) });
    }
    records.slice(-30).forEach(({ start, length }, index) => {
      if (index % 3 === 1) file[start + 8 + Math.floor(length / 2)]! ^= 0x20;
    });
    await writeFile(path, file);
    // What the damaged log alone still holds.
    const readable = new Y.Doc();
    for (const update of parseLog(file).updates) Y.applyUpdate(readable, update);
    const kept = listPeople(readable).length;
    expect(kept).toBeLessThan(30);

    const again = await hosts.start({ dataDir, sync: null });
    await until('the laptop brings everything back', () => names(again).length === 30, 20_000);
    expect(names(again)).toEqual(names(laptop));
    const laptopName = getDevice(again.doc, laptop.p2p!.devices().self.publicKey)!.name;
    expect(again.storageHealth().damage!.recovered).toEqual([
      { source: { kind: 'device', name: laptopName }, people: 30 - kept, notes: 0, links: 0 },
    ]);
  }, 60_000);
});
