/**
 * The renderer's side of the host contract: builds `window.kith` over any
 * transport — Electron IPC in the preload, a WebSocket in browser mode, a
 * direct call in tests. Free of zod so the preload bundle stays small; the
 * host validates every call (bridge.ts `dispatch`).
 */
import { EVENT_NAMES, METHOD_NAMES, eventListenerName } from './names';
import type { KithApi } from './contract';

export interface Transport {
  invoke(method: string, args: unknown[]): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export function createKithApi(transport: Transport): KithApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = (...args: unknown[]) => transport.invoke(method, args);
  }
  for (const event of EVENT_NAMES) {
    api[eventListenerName(event)] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${eventListenerName(event)} needs a function`);
      return transport.subscribe(event, listener);
    };
  }
  return api as KithApi;
}
