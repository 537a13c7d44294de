/**
 * Minimal types for the peer-to-peer packages, which ship none. Only what
 * electron/host/p2p uses is declared; each line was checked against the
 * package's index.js and README.
 */

declare module 'hypercore-crypto' {
  export interface KeyPair {
    publicKey: Uint8Array;
    secretKey: Uint8Array;
  }
  /** An ed25519 key pair (the Noise static key of secret-stream and Hyperswarm). */
  export function keyPair(seed?: Uint8Array): KeyPair;
  export function validateKeyPair(keyPair: KeyPair): boolean;
  /** BLAKE2b-256 of the concatenated buffers. */
  export function hash(data: Uint8Array | Uint8Array[], out?: Uint8Array): Uint8Array;
  export function randomBytes(n: number): Uint8Array;
  export function discoveryKey(key: Uint8Array): Uint8Array;
  const crypto: {
    keyPair: typeof keyPair;
    validateKeyPair: typeof validateKeyPair;
    hash: typeof hash;
    randomBytes: typeof randomBytes;
    discoveryKey: typeof discoveryKey;
  };
  export default crypto;
}

declare module '@hyperswarm/secret-stream' {
  import type { Duplex } from 'node:stream';
  import type { KeyPair } from 'hypercore-crypto';

  /** A Noise-encrypted duplex stream (a streamx Duplex: write, end, destroy, 'data', 'close'). */
  class NoiseSecretStream {
    constructor(isInitiator: boolean, rawStream?: Duplex | null, options?: { keyPair?: KeyPair; pattern?: string });
    readonly isInitiator: boolean;
    readonly publicKey: Uint8Array | null;
    /** The other side's authenticated static key: set once 'handshake' has been emitted. */
    readonly remotePublicKey: Uint8Array | null;
    readonly rawStream: Duplex | null;
    readonly destroying: boolean;
    readonly destroyed: boolean;
    readonly opened: Promise<boolean>;
    write(data: Uint8Array): boolean;
    end(): void;
    destroy(error?: Error): void;
    pause(): this;
    resume(): this;
    setKeepAlive(ms: number): void;
    setTimeout(ms: number): void;
    on(event: 'data', listener: (data: Uint8Array) => void): this;
    on(event: 'handshake' | 'connect' | 'open' | 'close' | 'end', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    once(event: 'handshake' | 'connect' | 'open' | 'close' | 'end', listener: () => void): this;
    off(event: string, listener: (...args: never[]) => void): this;
    removeListener(event: string, listener: (...args: never[]) => void): this;
    static keyPair(seed?: Uint8Array): KeyPair;
  }
  export default NoiseSecretStream;
}

declare module 'hyperdht' {
  import type { KeyPair } from 'hypercore-crypto';
  export interface DHTOptions {
    bootstrap?: Array<string | { host: string; port: number }>;
    /** Assume this node is behind a firewall/NAT until proven otherwise (the default). */
    firewalled?: boolean;
    ephemeral?: boolean;
    host?: string;
    port?: number;
  }
  class DHT {
    constructor(options?: DHTOptions);
    /** A Noise stream to the server listening on this key ('open' once connected, 'close' on failure). */
    connect(remotePublicKey: Uint8Array, options?: { keyPair?: KeyPair }): import('@hyperswarm/secret-stream').default;
    destroy(options?: { force?: boolean }): Promise<void>;
    fullyBootstrapped(): Promise<void>;
    static keyPair(seed?: Uint8Array): KeyPair;
  }
  export default DHT;
}

declare module 'hyperdht/testnet' {
  import type DHT from 'hyperdht';
  export interface Testnet {
    nodes: DHT[];
    bootstrap: Array<{ host: string; port: number }>;
    destroy(): Promise<void>;
  }
  export default function createTestnet(size?: number, options?: { host?: string; port?: number }): Promise<Testnet>;
}

declare module 'hyperswarm' {
  import type { EventEmitter } from 'node:events';
  import type NoiseSecretStream from '@hyperswarm/secret-stream';
  import type DHT from 'hyperdht';
  import type { KeyPair } from 'hypercore-crypto';

  export interface PeerInfo {
    readonly publicKey: Uint8Array;
    readonly banned: boolean;
    ban(banned?: boolean): void;
  }
  export interface PeerDiscovery {
    flushed(): Promise<void>;
    destroy(): Promise<void>;
  }
  export interface HyperswarmOptions {
    keyPair?: KeyPair;
    /** Return true to refuse the peer (checked before any application byte). */
    firewall?: (remotePublicKey: Uint8Array) => boolean;
    dht?: DHT;
    bootstrap?: Array<string | { host: string; port: number }>;
    maxPeers?: number;
  }
  class Hyperswarm extends EventEmitter {
    constructor(options?: HyperswarmOptions);
    readonly keyPair: KeyPair;
    readonly dht: DHT;
    readonly connections: Set<NoiseSecretStream>;
    readonly peers: Map<string, PeerInfo>;
    readonly destroyed: boolean;
    join(topic: Uint8Array, options?: { server?: boolean; client?: boolean }): PeerDiscovery;
    leave(topic: Uint8Array): Promise<void>;
    joinPeer(publicKey: Uint8Array): void;
    leavePeer(publicKey: Uint8Array): void;
    flush(): Promise<boolean>;
    listen(): Promise<void>;
    destroy(options?: { force?: boolean }): Promise<void>;
    on(event: 'connection', listener: (connection: NoiseSecretStream, info: PeerInfo) => void): this;
    on(event: 'update', listener: () => void): this;
    on(event: 'ban', listener: (info: PeerInfo, error: Error) => void): this;
  }
  export default Hyperswarm;
}
