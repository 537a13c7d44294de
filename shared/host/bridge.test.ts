import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ContractError, dispatch } from './bridge';
import { createKithApi, type Transport } from './client';
import { EVENT_NAMES, METHOD_NAMES, contract, eventListenerName, type HostHandlers } from './contract';
import { decodeCallFrame, decodeServerFrame, encodeFrame, FrameError } from './wire';
import { encodeStep1 } from '../sync/doc-sync';
import { cannedHandlers } from './canned-handlers';

type Context = { caller: string };

function fakeHandlers() {
  return cannedHandlers({
    name: 'Kith',
    version: '0.0.0',
    mode: 'browser',
    docName: 'kith-test',
    dataDir: '/tmp/x',
    platform: 'linux',
  }) satisfies HostHandlers<Context>;
}

/** A transport that goes through the wire codec and `dispatch`, as browser mode does. */
function loopback(handlers: HostHandlers<Context>): Transport & { emit(event: string, payload: unknown): void } {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    async invoke(method, args) {
      const call = decodeCallFrame(encodeFrame({ t: 'call', id: 1, method, args }));
      const value = await dispatch(handlers, { caller: 'test' }, call.method, call.args);
      const reply = decodeServerFrame(encodeFrame({ t: 'result', id: call.id, ok: true, value }));
      return reply.t === 'result' && reply.ok ? reply.value : undefined;
    },
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)!.delete(listener);
    },
    emit(event, payload) {
      const frame = decodeServerFrame(encodeFrame({ t: 'event', name: event, payload }));
      if (frame.t === 'event') for (const listener of listeners.get(event) ?? []) listener(frame.payload);
    },
  };
}

describe('the contract bridge', () => {
  it('names exactly the methods and events the contract defines', () => {
    expect(Object.keys(contract.methods)).toEqual([...METHOD_NAMES]);
    expect(Object.keys(contract.events)).toEqual([...EVENT_NAMES]);
  });

  it('exposes exactly one function per method and per event', () => {
    const api = createKithApi(loopback(fakeHandlers()));
    const expected = [...METHOD_NAMES, ...EVENT_NAMES.map(eventListenerName)].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
  });

  it('carries calls, binary arguments and events end to end', async () => {
    const handlers = fakeHandlers();
    const transport = loopback(handlers);
    const api = createKithApi(transport);
    expect((await api.appInfo()).docName).toBe('kith-test');

    const message = encodeStep1(new Y.Doc());
    await expect(api.docSend(message)).resolves.toEqual({ durable: true });
    const received = handlers.docSend.mock.calls[0] as unknown[];
    expect(received[0]).toEqual({ caller: 'test' });
    expect(received[1]).toBeInstanceOf(Uint8Array);
    expect(Array.from(received[1] as Uint8Array)).toEqual(Array.from(message));

    const events: Uint8Array[] = [];
    const stop = api.onDocMessage((payload) => events.push(payload));
    transport.emit('docMessage', new Uint8Array([0, 1, 2]));
    stop();
    transport.emit('docMessage', new Uint8Array([9]));
    expect(events.map((bytes) => Array.from(bytes))).toEqual([[0, 1, 2]]);
  });

  it('refuses unknown methods and malformed arguments before any handler runs', async () => {
    const handlers = fakeHandlers();
    const bad: [unknown, unknown][] = [
      ['eval', []],
      ['__proto__', []],
      ['toString', []],
      ['docSend', 'not a list'],
      ['docSend', []],
      ['docSend', ['text, not bytes']],
      ['docSend', [new Uint8Array(0)]],
      ['docSend', [new Uint8Array([1]), 'extra']],
      ['appInfo', ['unexpected']],
      ['getSettings', [{}]],
      ['setSettings', []],
      ['setSettings', [{ reminders: { hellos: 'no' } }]],
      ['setSettings', [{ reminders: { sms: true } }]],
      ['renameDevice', ['not-a-key', 'Laptop']],
      ['revokeDevice', []],
      ['connectAddress', ['no port']],
      ['setPresence', []],
      ['setPresence', [{ noteId: '../etc' }]],
      ['setPresence', [{ noteId: 42 }]],
      ['setPresence', ['note:abc']],
      ['joinWithInvitation', [null]],
      [42, []],
    ];
    for (const [method, args] of bad) {
      await expect(dispatch(handlers, { caller: 'x' }, method, args)).rejects.toBeInstanceOf(ContractError);
    }
    expect(handlers.docSend).not.toHaveBeenCalled();
    expect(handlers.appInfo).not.toHaveBeenCalled();
    expect(handlers.getSettings).not.toHaveBeenCalled();
    expect(handlers.setSettings).not.toHaveBeenCalled();
    expect(handlers.renameDevice).not.toHaveBeenCalled();
    expect(handlers.revokeDevice).not.toHaveBeenCalled();
    expect(handlers.connectAddress).not.toHaveBeenCalled();
    expect(handlers.setPresence).not.toHaveBeenCalled();
    expect(handlers.joinWithInvitation).not.toHaveBeenCalled();
  });

  it('hands a handler the settings patch as validated', async () => {
    const handlers = fakeHandlers();
    await dispatch(handlers, { caller: 'x' }, 'setSettings', [{ reminders: { hellos: false } }]);
    expect(handlers.setSettings).toHaveBeenCalledWith({ caller: 'x' }, { reminders: { hellos: false } });
    await expect(dispatch(handlers, { caller: 'x' }, 'setSettings', [{ reminders: { sms: true } }])).rejects.toThrow(
      'setSettings: Unknown setting: reminders.sms',
    );
  });
});

describe('the browser-mode wire format', () => {
  it('refuses frames that are not the protocol', () => {
    for (const text of ['', 'not json', '[]', '{"t":"call"}', '{"t":"call","id":-1,"method":"x","args":[]}', '{"t":"call","id":1,"method":"x","args":[],"more":1}']) {
      expect(() => decodeCallFrame(text)).toThrow(FrameError);
    }
    expect(() => decodeCallFrame(new Uint8Array([1, 2]))).toThrow(FrameError);
    expect(() => decodeServerFrame('{"t":"result","id":1,"ok":false}')).toThrow(FrameError);
  });
});
