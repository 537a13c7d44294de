import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { METHOD_NAMES, ipcChannel, type AppInfo } from '../../shared/host/contract';
import { cannedHandlers } from '../../shared/host/canned-handlers';
import { DocSyncPeer, encodeStep1, inspectSyncMessage } from '../../shared/sync/doc-sync';
import { createPerson, listPeople } from '../../shared/doc/people';
import { LOCAL_UI } from '../../shared/doc/origins';
import { beginHost, startHost, type Emit, type Host, type HostOptions, type Session } from '../host/host';
import { firstAnswer, startingHost } from '../host/starting-host';

// ipc.ts uses Electron only for types, but imports security.ts, which imports
// the real package, and that cannot load here (no Electron binary).
vi.mock('electron', () => ({}));

const { registerIpc, trustedSenderCheck } = await import('./ipc');

const APP_PAGE = 'kith://app/index.html';

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Like ipcMain: one handler per channel, and an invoke on any other channel fails. */
class FakeIpcMain {
  readonly listeners = new Map<string, Listener>();
  handle(channel: string, listener: Listener) {
    if (this.listeners.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.listeners.delete(channel);
  }
  async invoke(event: IpcMainInvokeEvent, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.listeners.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    return listener(event, ...args);
  }
  asIpcMain() {
    return this as unknown as IpcMain;
  }
}

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

class FakeContents extends EventEmitter {
  readonly send = vi.fn();
  destroyed = false;
  readonly mainFrame: FakeFrame = { url: APP_PAGE, parent: null };
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

function fakeWindow(contents: FakeContents) {
  return { webContents: contents, isDestroyed: () => false } as unknown as BrowserWindow;
}

function callFrom(contents: FakeContents, frame: FakeFrame | null = contents.mainFrame): IpcMainInvokeEvent {
  return { sender: contents as unknown as WebContents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

const info: AppInfo = {
  name: 'Kith',
  version: 'test',
  mode: 'electron',
  docName: 'kith-0123456789abcdef',
  dataDir: '/data',
  platform: 'linux',
};

function fakeHost() {
  return {
    handlers: cannedHandlers(info),
    openSession: vi.fn((_emit: Emit): Session => ({ id: 1 }) as Session),
    closeSession: vi.fn(),
  };
}

function setUp() {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeContents();
  const host = fakeHost();
  const unregister = registerIpc(ipcMain.asIpcMain(), {
    host,
    isTrustedSender: trustedSenderCheck(() => fakeWindow(contents)),
  });
  return { ipcMain, contents, host, unregister };
}

function expectHostUntouched(host: ReturnType<typeof fakeHost>) {
  expect(host.handlers.appInfo).not.toHaveBeenCalled();
  expect(host.handlers.docSend).not.toHaveBeenCalled();
  expect(host.handlers.getSettings).not.toHaveBeenCalled();
  expect(host.handlers.setSettings).not.toHaveBeenCalled();
  expect(host.openSession).not.toHaveBeenCalled();
}

let setup: ReturnType<typeof setUp>;
beforeEach(() => {
  setup = setUp();
});

describe('registerIpc', () => {
  it('handles exactly the contract methods, each on its channel', () => {
    expect([...setup.ipcMain.listeners.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort());
  });

  it('passes a call from the app page in the main window to the host, with its session', async () => {
    const { ipcMain, contents, host } = setup;
    await expect(ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'))).resolves.toEqual(info);
    const message = encodeStep1(new Y.Doc());
    await expect(ipcMain.invoke(callFrom(contents), ipcChannel('docSend'), message)).resolves.toEqual({ durable: true });
    expect(host.openSession).toHaveBeenCalledOnce();
    const session = host.openSession.mock.results[0]?.value;
    expect(host.handlers.appInfo).toHaveBeenCalledWith(session);
    expect(host.handlers.docSend).toHaveBeenCalledWith(session, message);
  });

  describe('refuses, without reaching the host, a call', () => {
    const cases: Array<[string, () => IpcMainInvokeEvent]> = [
      ['from a page of another origin', () => callFrom(setup.contents, { url: 'https://evil.example/', parent: null })],
      ['from a local file', () => callFrom(setup.contents, { url: 'file:///tmp/evil.html', parent: null })],
      ['from a look-alike host', () => callFrom(setup.contents, { url: 'kith://app@evil/index.html', parent: null })],
      ['from a subframe, even of the app', () =>
        callFrom(setup.contents, { url: APP_PAGE, parent: setup.contents.mainFrame })],
      ['from another web contents', () => callFrom(new FakeContents())],
      ['whose frame is gone', () => callFrom(setup.contents, null)],
    ];
    for (const [name, event] of cases) {
      it(name, async () => {
        for (const method of METHOD_NAMES) {
          const args =
            method === 'docSend' ? [encodeStep1(new Y.Doc())] : method === 'setSettings' ? [{ reminders: { hellos: false } }] : [];
          await expect(setup.ipcMain.invoke(event(), ipcChannel(method), ...args)).rejects.toThrow(
            `Refused ${method}: only the Kith page in the main window may call the host`,
          );
        }
        expectHostUntouched(setup.host);
      });
    }

    it('when there is no main window', async () => {
      const ipcMain = new FakeIpcMain();
      const host = fakeHost();
      registerIpc(ipcMain.asIpcMain(), { host, isTrustedSender: trustedSenderCheck(() => null) });
      await expect(ipcMain.invoke(callFrom(new FakeContents()), ipcChannel('appInfo'))).rejects.toThrow(/Refused/);
      expectHostUntouched(host);
    });
  });

  describe('refuses, without reaching the host, a trusted call with arguments the contract forbids', () => {
    const cases: Array<[string, unknown[], RegExp]> = [
      ['docSend with a string', ['hello'], /docSend: A doc message is binary/],
      ['docSend with no arguments', [], /docSend/],
      ['docSend with an empty message', [new Uint8Array(0)], /docSend: A doc message cannot be empty/],
      ['docSend with an extra argument', [new Uint8Array([0]), 'extra'], /docSend/],
      ['docSend with a plain array of bytes', [[0, 0, 1, 0]], /docSend: A doc message is binary/],
    ];
    for (const [name, args, error] of cases) {
      it(name, async () => {
        const { ipcMain, contents, host } = setup;
        await expect(ipcMain.invoke(callFrom(contents), ipcChannel('docSend'), ...args)).rejects.toThrow(error);
        expectHostUntouched(host);
      });
    }

    for (const [name, args, error] of [
      ['setSettings with no patch', [], /setSettings/],
      ['setSettings with an unknown setting', [{ reminders: { sms: true } }], /setSettings: Unknown setting: reminders\.sms/],
      ['setSettings with a switch that is not a boolean', [{ reminders: { hellos: 'off' } }], /setSettings: The hello-queue reminder is on or off/],
      ['setSettings with an extra argument', [{}, {}], /setSettings/],
      ['getSettings with arguments', ['x'], /getSettings/],
    ] as Array<[string, unknown[], RegExp]>) {
      it(name, async () => {
        const method = name.split(' ')[0] as 'setSettings' | 'getSettings';
        await expect(setup.ipcMain.invoke(callFrom(setup.contents), ipcChannel(method), ...args)).rejects.toThrow(error);
        expectHostUntouched(setup.host);
      });
    }

    it('appInfo with arguments', async () => {
      await expect(setup.ipcMain.invoke(callFrom(setup.contents), ipcChannel('appInfo'), 'x')).rejects.toThrow(
        /appInfo/,
      );
      expectHostUntouched(setup.host);
    });

    it('an unknown method', async () => {
      for (const channel of ['kith:readFile', 'kith:__proto__', 'kith:constructor', 'appInfo']) {
        await expect(setup.ipcMain.invoke(callFrom(setup.contents), channel)).rejects.toThrow(/No handler registered/);
      }
      expectHostUntouched(setup.host);
    });
  });

  it('sends the session’s events to its web contents until it is destroyed, then closes the session', async () => {
    const { ipcMain, contents, host } = setup;
    await ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'));
    await ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'));
    expect(host.openSession).toHaveBeenCalledOnce();
    const emit = host.openSession.mock.calls[0]?.[0] as Emit;
    const payload = new Uint8Array([0, 1, 0]);
    emit('docMessage', payload);
    expect(contents.send).toHaveBeenCalledWith(ipcChannel('docMessage'), payload);

    contents.destroy();
    expect(host.closeSession).toHaveBeenCalledWith(host.openSession.mock.results[0]?.value);
    emit('docMessage', payload);
    expect(contents.send).toHaveBeenCalledOnce();
  });

  it('unregisters its handlers and closes its sessions', async () => {
    const { ipcMain, contents, host, unregister } = setup;
    await ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'));
    unregister();
    expect(ipcMain.listeners.size).toBe(0);
    expect(host.closeSession).toHaveBeenCalledOnce();
    expect(contents.listenerCount('destroyed')).toBe(0);
    await expect(ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'))).rejects.toThrow(/No handler registered/);
  });
});

describe('registerIpc with a real host', () => {
  it('carries a sync step 1 to the host and its answers back to the window', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kith-ipc-'));
    let host: Host | null = null;
    try {
      host = await startHost({ dataDir, mode: 'electron', version: 'test' });
      const ipcMain = new FakeIpcMain();
      const contents = new FakeContents();
      const unregister = registerIpc(ipcMain.asIpcMain(), {
        host,
        isTrustedSender: trustedSenderCheck(() => fakeWindow(contents)),
      });

      const result = await ipcMain.invoke(callFrom(contents), ipcChannel('docSend'), encodeStep1(new Y.Doc()));
      expect(result).toEqual({ durable: true });
      const replies = contents.send.mock.calls.map(([channel, message]) => {
        expect(channel).toBe(ipcChannel('docMessage'));
        return inspectSyncMessage(message as Uint8Array);
      });
      expect(replies).toEqual(['step2', 'step1']);
      unregister();
    } finally {
      await host?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('registerIpc while the host reads its log (main opens the window first)', () => {
  const dirs: string[] = [];
  const hosts: Array<Promise<Host>> = [];
  const releases: Array<() => void> = [];
  afterEach(async () => {
    for (const release of releases.splice(0)) release();
    await Promise.all(hosts.splice(0).map((host) => host.then((started) => started.close(), () => undefined)));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /** A data folder whose log holds Ada, written by a host that has closed. */
  async function folderWithAda(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kith-ipc-starting-'));
    dirs.push(dir);
    const host = await startHost({ dataDir: dir, mode: 'electron', version: 'test' });
    createPerson(host.doc, { name: 'Ada Lovelace' }, LOCAL_UI);
    await host.flushed();
    await host.close();
    return dir;
  }

  /** Main's start: beginHost, and IPC over startingHost, with the log read only when the test says. */
  async function mainStarting(dataDir: string, more: Partial<HostOptions> = {}) {
    let readLog!: () => void;
    const readLogAfter = new Promise<void>((resolve) => (readLog = resolve));
    releases.push(readLog);
    const starting = await beginHost({ dataDir, mode: 'electron', version: 'test', readLogAfter, ...more });
    // Spied on before any window's session can be opened on it.
    const ready = starting.host.then((host) => {
      vi.spyOn(host, 'openSession');
      return host;
    });
    hosts.push(ready);
    const ipcMain = new FakeIpcMain();
    const contents = new FakeContents();
    registerIpc(ipcMain.asIpcMain(), {
      host: startingHost(starting.info, ready),
      isTrustedSender: trustedSenderCheck(() => fakeWindow(contents)),
    });
    const call = (method: string, ...args: unknown[]) => ipcMain.invoke(callFrom(contents), ipcChannel(method as 'appInfo'), ...args);
    return { starting, ready, readLog, contents, call };
  }

  /** Whether `promise` has settled once everything already queued has run. */
  async function settled(promise: Promise<unknown>): Promise<boolean> {
    let done = false;
    promise.then(
      () => (done = true),
      () => (done = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    return done;
  }

  it('answers appInfo at once, before the log is read', async () => {
    const dir = await folderWithAda();
    const { starting, call, ready } = await mainStarting(dir);
    await expect(call('appInfo')).resolves.toEqual(starting.info);
    expect(starting.info).toMatchObject({ mode: 'electron', dataDir: dir });
    expect(await settled(ready)).toBe(false);
  });

  it('holds a sync step 1 sent before the host is ready, then answers it with the log’s document', async () => {
    const dir = await folderWithAda();
    const { call, contents, readLog } = await mainStarting(dir);
    const doc = new Y.Doc();
    const acks: Promise<unknown>[] = [];
    const peer = new DocSyncPeer(doc, (message) => acks.push(call('docSend', message)));
    contents.send.mockImplementation((channel: string, payload: unknown) => {
      if (channel === ipcChannel('docMessage')) peer.receive(payload as Uint8Array);
    });
    peer.start();
    const settings = call('getSettings');
    expect(await settled(acks[0]!)).toBe(false);
    // No event before the host holds its document: nothing an empty replica could say.
    expect(contents.send).not.toHaveBeenCalled();

    readLog();
    // Each answer can set off the next message (step2 after the host's step1): wait until none is left.
    for (let seen = -1; seen !== acks.length; ) {
      seen = acks.length;
      await Promise.all(acks);
    }
    expect(listPeople(doc).map((person) => person.name)).toEqual(['Ada Lovelace']);
    expect(await settings).toHaveProperty('reminders');
  });

  it('runs the calls that waited in the order they came, in one session', async () => {
    const dir = await folderWithAda();
    const { call, readLog, ready } = await mainStarting(dir);
    const order: string[] = [];
    const spied = ready.then((host) => {
      for (const method of ['getSettings', 'storageHealth', 'devices'] as const) {
        const original = host.handlers[method] as (...args: unknown[]) => unknown;
        (host.handlers as Record<string, unknown>)[method] = (...args: unknown[]) => {
          order.push(method);
          return original(...args);
        };
      }
    });
    const calls = [call('storageHealth'), call('getSettings'), call('storageHealth'), call('appInfo')];
    readLog();
    await spied;
    await Promise.all(calls);
    expect(order).toEqual(['storageHealth', 'getSettings', 'storageHealth']);
    expect((await ready).openSession).toHaveBeenCalledOnce();
  });

  it('never opens a host session for a window destroyed before the host was ready', async () => {
    const dir = await folderWithAda();
    const { call, contents, readLog, ready } = await mainStarting(dir);
    const waiting = call('docSend', encodeStep1(new Y.Doc()));
    contents.destroy();
    readLog();
    await expect(waiting).rejects.toThrow('This window is no longer connected to Kith');
    expect((await ready).openSession).not.toHaveBeenCalled();
    expect(contents.send).not.toHaveBeenCalled();
  });

  it('refuses the waiting calls with the error a log that cannot be read gives at start, as before', async () => {
    const dir = await folderWithAda();
    const denied: HostOptions['openLogFile'] = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    // What main's start failed with when the host started before the window (it shows it in a dialog and exits 1).
    const before = await startHost({ dataDir: dir, mode: 'electron', version: 'test', openLogFile: denied }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(before).toMatch(/^Kith cannot write to .* \(permission denied\)\. Make that folder writable/);

    const { starting, call, readLog } = await mainStarting(dir, { openLogFile: denied });
    await expect(call('appInfo')).resolves.toEqual(starting.info);
    const waiting = call('storageHealth');
    readLog();
    await expect(starting.host).rejects.toThrow(before!);
    await expect(waiting).rejects.toThrow(before!);
  });

  it('reads the log once the window has been answered appInfo (firstAnswer), as main does', async () => {
    const dir = await folderWithAda();
    const gate = firstAnswer(60_000);
    const starting = await beginHost({ dataDir: dir, mode: 'electron', version: 'test', readLogAfter: gate.answered });
    hosts.push(starting.host);
    const ipcMain = new FakeIpcMain();
    const contents = new FakeContents();
    registerIpc(ipcMain.asIpcMain(), {
      host: startingHost(starting.info, starting.host, { onAppInfo: gate.onAppInfo }),
      isTrustedSender: trustedSenderCheck(() => fakeWindow(contents)),
    });
    expect(await settled(starting.host)).toBe(false);
    await ipcMain.invoke(callFrom(contents), ipcChannel('appInfo'));
    const host = await starting.host;
    expect(listPeople(host.doc).map((person) => person.name)).toEqual(['Ada Lovelace']);
  });
});
