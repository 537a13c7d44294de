/**
 * The LAN transport: TCP, every socket wrapped in a Noise stream
 * (@hyperswarm/secret-stream, XX pattern, this device's key pair).
 *
 *   listen(port) ── socket ─► NoiseSecretStream(false) ─┐
 *   dial(host, port) ─ socket ─► NoiseSecretStream(true) ┴─► 'connect' ─► onConnection(link)
 *
 * This module only makes authenticated streams: it hands each one on once
 * the handshake is done and `remotePublicKey` is the other device's proven
 * key, before anything has read a byte of it. Who may stay is decided by
 * the admission gate (admission.ts).
 */
import net from 'node:net';
import NoiseSecretStream from '@hyperswarm/secret-stream';
import type { KeyPair } from 'hypercore-crypto';

/** A Noise stream whose handshake is done, from any transport. */
export interface Link {
  readonly stream: NoiseSecretStream;
  readonly remotePublicKey: Uint8Array;
  /** Whether this device opened the connection. */
  readonly initiator: boolean;
  readonly transport: 'lan' | 'internet';
  /** Where the other device listens (host:port), when known: dialled LAN links. */
  readonly address: string | null;
}

export interface LanOptions {
  keyPair: KeyPair;
  /** The TCP port to listen on; 0 picks a free one. */
  port: number;
  /** The interface to listen on (all of them unless told). */
  host?: string;
  onConnection(link: Link): void;
  /** How long a handshake may take. */
  handshakeTimeoutMs?: number;
}

const HANDSHAKE_TIMEOUT_MS = 10_000;

export class LanTransport {
  private readonly streams = new Set<NoiseSecretStream>();
  private closed = false;

  private constructor(
    private readonly server: net.Server,
    private readonly options: LanOptions,
  ) {}

  static async listen(options: LanOptions): Promise<LanTransport> {
    const server = net.createServer();
    const transport = new LanTransport(server, options);
    server.on('connection', (socket) => transport.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A failure after listening (rare) must not crash the host.
    server.on('error', (error) => console.error(`Kith: the LAN listener failed: ${error.message}`));
    return transport;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /**
   * Connects to host:port; resolves with the link once the Noise handshake is
   * done. Aborting `signal` before then destroys the socket and rejects.
   */
  dial(host: string, port: number, signal?: AbortSignal): Promise<Link> {
    if (this.closed) return Promise.reject(new Error('The LAN transport is off'));
    if (signal?.aborted) return Promise.reject(new Error(`Gave up connecting to ${host}:${port}`));
    const socket = net.connect({ host, port });
    const stream = this.wrap(true, socket);
    return new Promise<Link>((resolve, reject) => {
      const abort = () => stream.destroy();
      const fail = () => {
        signal?.removeEventListener('abort', abort);
        reject(new Error(signal?.aborted ? `Gave up connecting to ${host}:${port}` : `Could not connect to ${host}:${port}`));
      };
      signal?.addEventListener('abort', abort, { once: true });
      stream.once('close', fail);
      stream.once('connect', () => {
        stream.off('close', fail);
        signal?.removeEventListener('abort', abort);
        resolve(this.link(stream, true, `${host}:${port}`));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const stream of this.streams) stream.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (this.closed) return void socket.destroy();
    const stream = this.wrap(false, socket);
    stream.once('connect', () => this.options.onConnection(this.link(stream, false, null)));
  }

  private wrap(initiator: boolean, socket: net.Socket): NoiseSecretStream {
    socket.setNoDelay(true);
    const stream = new NoiseSecretStream(initiator, socket, { keyPair: this.options.keyPair });
    // Errors end in 'close', which the owner of the link watches.
    stream.on('error', () => undefined);
    stream.setTimeout(this.options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS);
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    return stream;
  }

  private link(stream: NoiseSecretStream, initiator: boolean, address: string | null): Link {
    return { stream, remotePublicKey: stream.remotePublicKey!, initiator, transport: 'lan', address };
  }
}

/** Splits "host:port" (as `Link.address` and typed addresses have it) at its last colon. */
export function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}
