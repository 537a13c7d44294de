import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { beginHost, startHost, type Host } from './host';
import { startingHost, type SessionHost } from './starting-host';
import { DocSyncPeer } from '../../shared/sync/doc-sync';
import { createPerson, listPeople } from '../../shared/doc/people';
import { LOCAL_UI } from '../../shared/doc/origins';
import type { AppInfo, EventName } from '../../shared/host/contract';

const dirs: string[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A data folder whose log holds one person, written by a host that has closed. */
async function folderWithAda(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-starting-'));
  dirs.push(dir);
  const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test' });
  createPerson(host.doc, { name: 'Ada Lovelace' }, LOCAL_UI);
  await host.flushed();
  await host.close();
  return dir;
}

/** What a host of this folder answers to appInfo (its start is over before the test's host starts). */
async function infoOf(dir: string): Promise<AppInfo> {
  const { info, host } = await beginHost({ dataDir: dir, mode: 'browser', version: 'test' });
  await (await host).close();
  return info;
}

/** A host whose start the test lets go of when it likes. */
function held(dir: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const ready = gate.then(async () => {
    const host = await startHost({ dataDir: dir, mode: 'browser', version: 'test' });
    hosts.push(host);
    return host;
  });
  return { ready, release };
}

/** A window's replica talking to `server` through its handlers, as the WebSocket server does. */
function windowOf<S>(server: SessionHost<S>) {
  const doc = new Y.Doc();
  const events: EventName[] = [];
  const session = server.openSession((event, payload) => {
    events.push(event);
    if (event === 'docMessage') peer.receive(payload as Uint8Array);
  });
  const acks: Promise<unknown>[] = [];
  const peer = new DocSyncPeer(doc, (message) => acks.push(Promise.resolve(server.handlers.docSend(session, message))));
  return { doc, events, session, peer, acks };
}

describe('a host still reading its log', () => {
  it('answers appInfo at once and the window’s step1 only with the state its log holds', async () => {
    const dir = await folderWithAda();
    const info = await infoOf(dir);
    const { ready, release } = held(dir);
    const server = startingHost(info, ready);
    const window = windowOf(server);

    expect(await server.handlers.appInfo(window.session)).toEqual(info);
    window.peer.start();
    const settings = Promise.resolve(server.handlers.getSettings(window.session));
    // Nothing is told before the host holds its document: no step2 of an empty replica.
    await new Promise((resolve) => setImmediate(resolve));
    expect(window.events).toEqual([]);
    expect(listPeople(window.doc)).toEqual([]);

    release();
    await Promise.all(window.acks);
    expect(listPeople(window.doc).map((person) => person.name)).toEqual(['Ada Lovelace']);
    expect((await settings).reminders).toBeDefined();
  });

  it('takes an edit the window made while it read, and writes it to its log', async () => {
    const dir = await folderWithAda();
    const info = await infoOf(dir);
    const { ready, release } = held(dir);
    const server = startingHost(info, ready);
    const window = windowOf(server);
    window.peer.start();
    createPerson(window.doc, { name: 'Grace Hopper' }, LOCAL_UI);
    release();
    // Each answer can set off the next message (step2 after the host's step1): wait until none is left.
    for (let seen = -1; seen !== window.acks.length; ) {
      seen = window.acks.length;
      await Promise.all(window.acks);
    }
    const host = await ready;
    expect(listPeople(host.doc).map((person) => person.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    expect(listPeople(window.doc).map((person) => person.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await host.close();
    hosts.splice(0);
    const again = await startHost({ dataDir: dir, mode: 'browser', version: 'test' });
    hosts.push(again);
    expect(listPeople(again.doc).map((person) => person.name).sort()).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });

  it('never opens a session for a window that closed before it was ready', async () => {
    const dir = await folderWithAda();
    const info = await infoOf(dir);
    const { ready, release } = held(dir);
    const server = startingHost(info, ready);
    const window = windowOf(server);
    window.peer.start();
    server.closeSession(window.session);
    release();
    await expect(window.acks[0]).rejects.toThrow('no longer connected');
    expect(window.session.session).toBeNull();
    expect(window.events).toEqual([]);
  });

  it('refuses the waiting calls with the reason the host could not start', async () => {
    const failed = Promise.reject(new Error('The document log could not be read'));
    const server = startingHost({ name: 'Kith', version: 'test', mode: 'browser', docName: 'kith-x', dataDir: '/nowhere', platform: 'linux' }, failed);
    const session = server.openSession(() => undefined);
    await expect(Promise.resolve(server.handlers.storageHealth(session))).rejects.toThrow('could not be read');
  });
});

describe('browser mode reading its log after the window’s first answer', () => {
  it('reads the log only once told to, and says when a window has been answered', async () => {
    const dir = await folderWithAda();
    let readNow!: () => void;
    const readLogAfter = new Promise<void>((resolve) => (readNow = resolve));
    const { info, host } = await beginHost({ dataDir: dir, mode: 'browser', version: 'test', readLogAfter });
    let ready = false;
    void host.then((started) => {
      hosts.push(started);
      ready = true;
    });
    let answered = 0;
    const server = startingHost(info, host, { onAppInfo: () => answered++ });
    const window = windowOf(server);
    expect(await server.handlers.appInfo(window.session)).toEqual(info);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toBe(1);
    expect(ready).toBe(false);

    readNow();
    window.peer.start();
    await Promise.all(window.acks);
    expect(ready).toBe(true);
    expect(listPeople(window.doc).map((person) => person.name)).toEqual(['Ada Lovelace']);
  });
});
