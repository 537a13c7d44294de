import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listPeople } from '../../../../shared/doc/people';
import { listNotes } from '../../../../shared/doc/notes';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { root } from '../../../../shared/doc/schema';
import { exportBackup, RestoreError } from '../../../../shared/interop/backup';
import { backupText, restoreIntoReplica, restoreReply } from './restore-replica';
import { emptyNetwork, network } from './restore-fixtures';

const people = (doc: Y.Doc) => listPeople(doc).map((person) => [person.name, person.emails, person.tags]).sort();

describe('the restore worker’s functions', () => {
  it('checks the whole file with progress, then hands back the restore as one update the window applies', () => {
    const source = network(1200);
    const replica = emptyNetwork();
    const window = new Y.Doc();
    Y.applyUpdate(window, Y.encodeStateAsUpdate(replica));
    const progress: [number, number][] = [];
    const { update, people: count } = restoreIntoReplica(replica, exportBackup(source), 'restore', (done, total) => progress.push([done, total]));
    expect(count).toBe(1200);
    const total = progress.at(-1)![1];
    expect(progress.at(-1)).toEqual([total, total]);
    expect(progress.length).toBeGreaterThan(4);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);

    const transactions: unknown[] = [];
    window.on('afterTransaction', (transaction: Y.Transaction) => transactions.push(transaction.origin));
    Y.applyUpdate(window, update, LOCAL_UI);
    expect(transactions).toEqual([LOCAL_UI]);
    expect(people(window)).toEqual(people(source));
    expect(root(window, 'links').toJSON()).toEqual(root(source, 'links').toJSON());
    expect(listNotes(window).map((note) => note.text)).toEqual(['Talked rivers.']);
  });

  it('a damaged entry late in the file is refused with its place, and the replica is left as it was', () => {
    const backup = JSON.parse(exportBackup(network(600)));
    const ids = Object.keys(backup.roots.contacts.$map);
    backup.roots.contacts.$map[ids.at(-1)!].$map.emails = { $oops: [] };
    const replica = emptyNetwork();
    const before = Y.encodeStateVector(replica);
    const progress: number[] = [];
    expect(() => restoreIntoReplica(replica, JSON.stringify(backup), 'restore', (done) => progress.push(done))).toThrow(
      new RestoreError(`The backup is damaged at contacts.${ids.at(-1)}.emails: unknown tag $oops. Use another backup file.`),
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(Y.encodeStateVector(replica)).toEqual(before);
    expect(listPeople(replica)).toEqual([]);
  });

  it('a backup cut short, a file of another kind and bytes that are not UTF-8 are refused in a sentence, writing nothing', () => {
    const text = exportBackup(network(20));
    const cases = [text.slice(0, Math.floor(text.length / 2)), '{"format":"kith-backup"}', backupText(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))];
    for (const bad of cases) {
      const replica = emptyNetwork();
      const before = Y.encodeStateVector(replica);
      expect(() => restoreIntoReplica(replica, bad, 'restore')).toThrow(/^This is not a Kith backup: it (is not JSON|lacks the format, meta and roots Kith writes)\./);
      expect(Y.encodeStateVector(replica)).toEqual(before);
    }
  });

  it('a replica that holds people refuses the restore', () => {
    const replica = network(2);
    expect(() => restoreIntoReplica(replica, exportBackup(network(2)), 'restore')).toThrow('This network is not empty (it holds contacts');
  });
});

describe('the worker’s answer', () => {
  it('says what a network that is not empty holds, so the window can say it in its own words, and writes nothing', () => {
    const replica = network(2);
    const before = Y.encodeStateVector(replica);
    const reply = restoreReply(replica, new TextEncoder().encode(exportBackup(network(2))));
    expect(reply).toEqual({ type: 'failed', message: expect.stringContaining('This network is not empty (it holds contacts, links, notes)'), holds: ['contacts', 'links', 'notes'] });
    expect(Y.encodeStateVector(replica)).toEqual(before);
  });

  it('a damaged file is refused with its sentence alone; a good one comes back as the update and the people it holds', () => {
    expect(restoreReply(emptyNetwork(), new TextEncoder().encode('{"format":'))).toEqual({
      type: 'failed',
      message: 'This is not a Kith backup: it is not JSON. Choose a file that Kith saved with "Back up everything".',
    });
    const reply = restoreReply(emptyNetwork(), new TextEncoder().encode(exportBackup(network(3))));
    expect(reply).toMatchObject({ type: 'done', people: 3 });
  });
});
