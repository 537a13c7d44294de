/**
 * How the renderer reaches the host. In Electron the preload has put the
 * contract on `window.kith`; in browser mode the same API is built here over
 * the host's WebSocket, which reconnects with backoff when the host restarts.
 */
import { createKithApi } from '../../../shared/host/client';
import type { KithApi } from '../../../shared/host/contract';
import { WebSocketTransport } from './ws-transport';

export type LinkState = 'connecting' | 'connected' | 'disconnected';

export interface HostConnection {
  readonly api: KithApi;
  /** Called with every change of the link; a fresh 'connected' means a fresh host session. */
  onState(listener: (state: LinkState) => void): () => void;
}

declare global {
  interface Window {
    kith?: KithApi;
  }
}

export function connectToHost(): HostConnection {
  const preloaded = window.kith;
  if (preloaded) {
    return {
      api: preloaded,
      onState(listener) {
        listener('connected');
        return () => undefined;
      },
    };
  }
  const url = new URL('kith', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const transport = new WebSocketTransport(url.href);
  return { api: createKithApi(transport), onState: (listener) => transport.onState(listener) };
}
