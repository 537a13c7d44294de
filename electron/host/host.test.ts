import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { startHost, type Host } from './host';
import { DocSyncPeer } from '../../shared/sync/doc-sync';
import { createPerson, listPeople, updatePerson } from '../../shared/doc/people';
import { SCHEMA_VERSION, schemaVersion } from '../../shared/doc/schema';
import { lockDataDir, DataDirInUseError, readIdentity } from './data-dir';

const dirs: string[] = [];
const hosts: Host[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-host-'));
  dirs.push(dir);
  return dir;
}
async function start(dir: string, compactAfterRecords?: number): Promise<Host> {
  const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test', compactAfterRecords });
  hosts.push(host);
  return host;
}
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A renderer-like replica connected to a host session through the contract's handlers. */
function connect(host: Host) {
  const doc = new Y.Doc();
  const acks: Promise<unknown>[] = [];
  const session = host.openSession((event, payload) => {
    if (event === 'docMessage') peer.receive(payload as Uint8Array);
  });
  const peer = new DocSyncPeer(doc, (message) => acks.push(Promise.resolve(host.handlers.docSend(session, message))));
  peer.start();
  return { doc, session, settled: () => Promise.all(acks) };
}

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
});
