import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { METHOD_NAMES, ipcChannel, type AppInfo } from '../../shared/host/contract';
import { cannedHandlers } from '../../shared/host/canned-handlers';
import { encodeStep1, inspectSyncMessage } from '../../shared/sync/doc-sync';
import { startHost, type Emit, type Host, type Session } from '../host/host';

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
