/**
 * The host contract over a WebSocket (browser mode). Calls made while the
 * socket is down fail at once with a HostUnavailableError; the caller (the
 * doc store) re-syncs when the link comes back, so nothing is queued here.
 */
import type { Transport } from '../../../shared/host/client';
import { decodeServerFrame, encodeFrame } from '../../../shared/host/wire';
import type { LinkState } from './connection';

export class HostUnavailableError extends Error {
  override readonly name = 'HostUnavailableError';
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const MAX_BACKOFF_MS = 5000;

export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private state: LinkState = 'connecting';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: LinkState) => void>();
  private backoffMs = 250;

  constructor(private readonly url: string) {
    this.open();
  }

  invoke(method: string, args: unknown[]): Promise<unknown> {
    const socket = this.socket;
    if (!socket || this.state !== 'connected') {
      return Promise.reject(new HostUnavailableError('Kith’s host is not reachable right now'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.send(encodeFrame({ t: 'call', id, method, args }));
    });
  }

  subscribe(event: string, listener: (payload: unknown) => void): () => void {
    let listeners = this.eventListeners.get(event);
    if (!listeners) this.eventListeners.set(event, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  private setState(state: LinkState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private open(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.backoffMs = 250;
      this.setState('connected');
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = () => {
      this.socket = null;
      for (const call of this.pending.values()) call.reject(new HostUnavailableError('The link to Kith’s host closed'));
      this.pending.clear();
      this.setState('disconnected');
      setTimeout(() => this.open(), this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    };
  }

  private receive(data: unknown): void {
    let frame;
    try {
      frame = decodeServerFrame(data);
    } catch (error) {
      console.error('Kith: ignored a malformed frame from the host', error);
      return;
    }
    if (frame.t === 'event') {
      for (const listener of this.eventListeners.get(frame.name) ?? []) listener(frame.payload);
      return;
    }
    const call = this.pending.get(frame.id);
    if (!call) return;
    this.pending.delete(frame.id);
    if (frame.ok) call.resolve(frame.value);
    else call.reject(Object.assign(new Error(frame.error.message), { name: frame.error.name }));
  }
}
