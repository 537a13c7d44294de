import { afterEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { startHost, type Host } from './host';
import { DocSyncPeer } from '../../shared/sync/doc-sync';
import { createPerson, listPeople, updatePerson } from '../../shared/doc/people';
import { SCHEMA_VERSION, schemaVersion } from '../../shared/doc/schema';
import { lockDataDir, DataDirInUseError, readIdentity } from './data-dir';
import type { EventName, StorageHealth } from '../../shared/host/contract';
import type { LogFile, OpenLogFile } from './update-log';

const dirs: string[] = [];
const hosts: Host[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-host-'));
  dirs.push(dir);
  return dir;
}
async function start(dir: string, compactAfterRecords?: number, openLogFile?: OpenLogFile): Promise<Host> {
  const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test', compactAfterRecords, openLogFile });
  hosts.push(host);
  return host;
}
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A renderer-like replica connected to a host session through the contract's handlers. */
function connect(host: Host, doc = new Y.Doc()) {
  const acks: Promise<unknown>[] = [];
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const session = host.openSession((event, payload) => {
    if (event === 'docMessage') peer.receive(payload as Uint8Array);
    else events.push({ event, payload });
  });
  const peer = new DocSyncPeer(doc, (message) => acks.push(Promise.resolve(host.handlers.docSend(session, message))));
  peer.start();
  const healthEvents = () => events.filter((e) => e.event === 'storageHealthChanged').map((e) => e.payload as StorageHealth);
  return { doc, session, peer, acks, healthEvents, settled: () => Promise.all(acks) };
}

/** Where each record of a log file starts and ends (the file must be sound). */
function recordsOf(file: Buffer): Array<{ start: number; end: number }> {
  const records: Array<{ start: number; end: number }> = [];
  for (let offset = 8; offset < file.length; ) {
    const end = offset + 8 + file.readUInt32LE(offset);
    records.push({ start: offset, end });
    offset = end;
  }
  return records;
}

async function restart(host: Host, dir: string, compactAfterRecords?: number): Promise<Host> {
  await host.close();
  hosts.splice(hosts.indexOf(host), 1);
  return start(dir, compactAfterRecords);
}

/** Flips a byte in the middle of the log's middle record; returns the damaged bytes. */
async function damageMiddle(dir: string): Promise<Buffer> {
  const path = join(dir, 'document.ylog');
  const file = await readFile(path);
  const records = recordsOf(file);
  const middle = records[Math.floor(records.length / 2)]!;
  file[Math.floor((middle.start + 8 + middle.end) / 2)]! ^= 0x40;
  await writeFile(path, file);
  return file;
}

const names = (doc: Y.Doc) => listPeople(doc).map((person) => person.name).sort();

describe('host', () => {
  it('migrates a new document and describes itself', async () => {
    const dir = await dataDir();
    const host = await start(dir);
    expect(schemaVersion(host.doc)).toBe(SCHEMA_VERSION);
    expect(host.info).toMatchObject({ mode: 'browser', version: 'test', dataDir: dir });
    expect(host.info.docName).toBe((await readIdentity(dir)).docName);
  });

  it('opens links with the system where it has one, and tells the page to open them itself where not', async () => {
    const opened: string[] = [];
    const withShell = await startHost({ dataDir: await dataDir(), mode: 'electron', version: 'test', openExternal: async (url) => void opened.push(url) });
    hosts.push(withShell);
    const session = withShell.openSession(() => undefined);
    expect(await withShell.handlers.openExternal(session, 'mailto:ada@example.com')).toEqual({ opened: true });
    expect(opened).toEqual(['mailto:ada@example.com']);
    const browser = await start(await dataDir());
    expect(await browser.handlers.openExternal(browser.openSession(() => undefined), 'https://example.com')).toEqual({ opened: false });
  });

  it('keeps what a renderer sent once acknowledged, across a restart', async () => {
    const dir = await dataDir();
    const host = await start(dir);
    const renderer = connect(host);
    const id = createPerson(renderer.doc, { name: 'Ada' }, 'ui');
    updatePerson(renderer.doc, id, 'org', 'Engines', 'ui');
    await renderer.settled();
    await host.close();
    hosts.length = 0;

    const again = await start(dir);
    expect(listPeople(again.doc)).toMatchObject([{ id, name: 'Ada', org: 'Engines' }]);
    const fresh = connect(again);
    await fresh.settled();
    expect(listPeople(fresh.doc)).toMatchObject([{ id, name: 'Ada' }]);
  });

  it('relays edits between two windows', async () => {
    const host = await start(await dataDir());
    const one = connect(host);
    const two = connect(host);
    await Promise.all([one.settled(), two.settled()]);
    createPerson(one.doc, { name: 'Seen by both' }, 'ui');
    await one.settled();
    expect(listPeople(two.doc).map((p) => p.name)).toEqual(['Seen by both']);
  });

  it('refuses a malformed message and a closed session, changing nothing', async () => {
    const host = await start(await dataDir());
    const renderer = connect(host);
    await renderer.settled();
    const before = Y.encodeStateAsUpdate(host.doc);
    await expect(host.handlers.docSend(renderer.session, new Uint8Array([0, 2, 5, 1, 2]))).rejects.toThrow(/Malformed/);
    host.closeSession(renderer.session);
    await expect(host.handlers.docSend(renderer.session, new Uint8Array([0, 0, 0]))).rejects.toThrow(/no longer connected/);
    expect(Y.encodeStateAsUpdate(host.doc)).toEqual(before);
  });

  it('compacts its log and still has everything after a restart', async () => {
    const dir = await dataDir();
    const host = await start(dir, 20);
    const renderer = connect(host);
    for (let i = 0; i < 60; i++) {
      createPerson(renderer.doc, { name: `Person ${i}` }, 'ui');
      await renderer.settled();
    }
    await host.close();
    hosts.length = 0;
    const again = await start(dir);
    expect(listPeople(again.doc)).toHaveLength(60);
  });

  it('lets only one process use a data folder at a time', async () => {
    const dir = await dataDir();
    const unlock = await lockDataDir(dir);
    const { writeFile } = await import('node:fs/promises');
    // A lock held by another live process (our parent stands in for it).
    await writeFile(join(dir, 'host.lock'), String(process.ppid));
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUseError);
    // A lock left by a process that has gone is taken over.
    await writeFile(join(dir, 'host.lock'), '999999999');
    const again = await lockDataDir(dir);
    await again();
    await unlock();
  });

  it('creates its data folder and log owner-only, and tightens an existing folder', async () => {
    const dir = await dataDir();
    await chmod(dir, 0o755);
    await start(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'document.ylog'))).mode & 0o777).toBe(0o600);
  });
});

describe('host with a damaged log', () => {
  it('keeps every person whose record is intact, keeps the damaged file, reports it, and counts what a window brings back', async () => {
    const dir = await dataDir();
    let host = await start(dir);
    // 100 people, each from a window of its own (a window reloaded gets a new Yjs client), so each record stands alone.
    const everyone = new Y.Doc();
    for (let i = 0; i < 100; i++) {
      const window = connect(host);
      await window.settled();
      createPerson(window.doc, { name: `Person ${String(i).padStart(3, '0')}` }, 'ui');
      await window.settled();
      host.closeSession(window.session);
      window.peer.destroy();
    }
    Y.applyUpdate(everyone, Y.encodeStateAsUpdate(host.doc));
    const damaged = await damageMiddle(dir);

    host = await restart(host, dir);
    const kept = names(host.doc);
    expect(kept).toHaveLength(99);
    const lost = names(everyone).filter((name) => !kept.includes(name));
    expect(lost).toHaveLength(1);
    const files = await readdir(dir);
    const damagedCopy = files.find((name) => name.startsWith('document.ylog.damaged-'))!;
    expect(await readFile(join(dir, damagedCopy))).toEqual(damaged);

    const health = await host.handlers.storageHealth(connect(host).session);
    expect(health).toMatchObject({
      writeProblem: null,
      damage: { damagedCopy: join(dir, damagedCopy), skippedStretches: 1, usedPrevious: false, missing: false, recovered: [] },
    });
    expect(health.damage!.keptRecords).toBeGreaterThanOrEqual(100);

    // The window's copy holds everything; syncing brings the lost person back and the host says from where.
    const window = connect(host, everyone);
    await window.settled();
    expect(names(host.doc)).toEqual(names(everyone));
    const recovered = [{ source: { kind: 'window' }, people: 1, notes: 0, links: 0 }];
    expect((await host.handlers.storageHealth(window.session)).damage!.recovered).toEqual(recovered);
    expect(window.healthEvents().at(-1)!.damage!.recovered).toEqual(recovered);
    host = await restart(host, dir);
    expect(names(host.doc)).toEqual(names(everyone));
    expect(host.storageHealth().damage).toBeNull();
  });

  it('holds the records after the damage that depend on the lost one until the window brings it back', async () => {
    const dir = await dataDir();
    let host = await start(dir);
    const window = connect(host);
    for (let i = 0; i < 100; i++) {
      createPerson(window.doc, { name: `Person ${String(i).padStart(3, '0')}` }, 'ui');
      await window.settled();
    }
    host.closeSession(window.session);
    window.peer.destroy();
    await damageMiddle(dir);

    host = await restart(host, dir);
    // One writer's later edits cannot be applied without its lost one (Yjs applies a writer's edits in order):
    // they are held, and kept through restarts, not dropped.
    const early = names(host.doc);
    expect(early.length).toBeGreaterThan(40);
    expect(early.length).toBeLessThan(100);
    expect(early).toEqual(names(window.doc).slice(0, early.length));
    host = await restart(host, dir);
    expect(names(host.doc)).toEqual(early);

    const again = connect(host, window.doc);
    await again.settled();
    expect(names(host.doc)).toEqual(names(window.doc));
    expect(host.storageHealth().damage).toBeNull(); // this start found a sound log: the repair was the last start's
  });

  it('gets back a corrupt compacted log from the previous generation, or from the window when there is none', async () => {
    for (const keepPrevious of [true, false]) {
      const dir = await dataDir();
      let host = await start(dir, 20);
      const window = connect(host);
      for (let i = 0; i < 60; i++) {
        createPerson(window.doc, { name: `Person ${String(i).padStart(3, '0')}` }, 'ui');
        await window.settled();
      }
      host.closeSession(window.session);
      window.peer.destroy();
      await host.close();
      hosts.splice(hosts.indexOf(host), 1);
      host = await start(dir, 20); // compacts at start: one record
      await host.close();
      hosts.splice(hosts.indexOf(host), 1);
      if (!keepPrevious) await rm(join(dir, 'document.ylog.1'));
      const path = join(dir, 'document.ylog');
      const file = await readFile(path);
      expect(recordsOf(file)).toHaveLength(1);
      for (const at of [100, 400, 900, 1500]) file[at]! ^= 0x5a;
      await writeFile(path, file);

      host = await start(dir, 20);
      expect(host.storageHealth().damage).toMatchObject({ usedPrevious: keepPrevious });
      expect(names(host.doc)).toHaveLength(keepPrevious ? 60 : 0);
      const back = connect(host, window.doc);
      await back.settled();
      expect(names(host.doc)).toEqual(names(window.doc));
      const recovered = host.storageHealth().damage!.recovered;
      expect(recovered).toEqual(keepPrevious ? [] : [{ source: { kind: 'window' }, people: 60, notes: 0, links: 0 }]);
    }
  });
});

describe('host on a disk that refuses writes', () => {
  /** The log's files, whose writes fail with ENOSPC while `failing.on`. */
  function fullDisk(failing: { on: boolean }): OpenLogFile {
    return async (path, flags) => {
      const handle = await open(path, flags, 0o600);
      const file: LogFile = {
        write: (buffer, offset, length, position) =>
          failing.on
            ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
            : handle.write(buffer, offset, length, position),
        datasync: () => handle.datasync(),
        truncate: (length) => handle.truncate(length),
        chmod: (mode) => handle.chmod(mode),
        close: () => handle.close(),
      };
      return file;
    };
  }

  it('does not call an edit durable that was not written, says what to do, and writes it once it can', async () => {
    const dir = await dataDir();
    const failing = { on: false };
    const host = await start(dir, undefined, fullDisk(failing));
    const window = connect(host);
    await window.settled();
    failing.on = true;
    const problem = `Kith cannot write to ${dir} (the disk is full), so your latest edits are not saved on this computer yet. Free some space on that disk and keep Kith open: it saves them as soon as it can.`;
    createPerson(window.doc, { name: 'Unwritten' }, 'ui');
    await expect(window.settled()).rejects.toThrow(problem);
    expect(host.storageHealth().writeProblem).toBe(problem);
    expect(window.healthEvents().at(-1)).toEqual({ damage: null, writeProblem: problem });
    // Every later acknowledgement waits for the unwritten edit, and fails while the disk is full.
    window.acks.length = 0;
    window.peer.start();
    await expect(window.settled()).rejects.toThrow(problem);

    failing.on = false;
    window.acks.length = 0;
    window.peer.start();
    expect(await window.settled()).toContainEqual({ durable: true });
    expect(host.storageHealth().writeProblem).toBeNull();
    expect(window.healthEvents().at(-1)).toEqual({ damage: null, writeProblem: null });
    const again = await restart(host, dir);
    expect(names(again.doc)).toEqual(['Unwritten']);
  });

  it('says what to do when the data folder cannot be written at start', async () => {
    const dir = await dataDir();
    const readOnly: OpenLogFile = () => Promise.reject(Object.assign(new Error('EROFS: read-only file system, open'), { code: 'EROFS' }));
    await expect(start(dir, undefined, readOnly)).rejects.toThrow(
      `Kith cannot write to ${dir} (read-only). Make that disk writable again, or choose another data folder, then start Kith again.`,
    );
  });
});
