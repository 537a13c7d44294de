import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, eventListenerName, ipcChannel, type KithApi } from '../../shared/host/contract';

// The real package cannot load here (no Electron binary); only what the preload uses.
const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ durable: true })), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

await import('./index');

const exposed = electron.contextBridge.exposeInMainWorld.mock.calls as unknown as Array<[string, KithApi]>;
const api = exposed[0]?.[1] as KithApi;

describe('preload', () => {
  it('exposes one object, window.kith, with one function per contract method and event', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[0]).toBe('kith');
    const expected = [...METHOD_NAMES, ...EVENT_NAMES.map(eventListenerName)];
    expect(Object.keys(api).sort()).toEqual(expected.sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('does not expose ipcRenderer or any of its functions', () => {
    const leaked = new Set<unknown>([electron.ipcRenderer, ...Object.values(electron.ipcRenderer)]);
    for (const value of Object.values(api)) expect(leaked.has(value)).toBe(false);
  });

  it('invokes each method on its channel with its arguments', async () => {
    const message = new Uint8Array([0, 0, 1, 0]);
    await expect(api.docSend(message)).resolves.toEqual({ durable: true });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannel('docSend'), message);
    await api.appInfo();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(ipcChannel('appInfo'));
  });

  it('hands event listeners the payload only, and removes them on unsubscribe', () => {
    const listener = vi.fn();
    const unsubscribe = api.onDocMessage(listener);
    expect(electron.ipcRenderer.on).toHaveBeenCalledWith(ipcChannel('docMessage'), expect.any(Function));
    const forward = electron.ipcRenderer.on.mock.calls[0]?.[1] as unknown as (...args: unknown[]) => void;

    const payload = new Uint8Array([0, 2, 0]);
    forward({ sender: electron.ipcRenderer }, payload);
    expect(listener).toHaveBeenCalledOnce();
    expect(listener.mock.calls[0]).toEqual([payload]);

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(ipcChannel('docMessage'), forward);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onDocMessage('nope' as unknown as () => void)).toThrow(TypeError);
  });
});
