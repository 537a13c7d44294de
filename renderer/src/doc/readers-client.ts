/**
 * The window's side of the readers worker (shared/readers/): a DocSyncPeer
 * from the window's Y.Doc to the worker's replica, and queries by id.
 *
 * The peer starts once this profile's copy has loaded into the window, so
 * the handshake compares two loaded replicas and the window encodes only
 * the little the worker's own read of IndexedDB lacks. Queries wait in the
 * window until it has sent its step2; from then on the port's order puts
 * every earlier edit ahead of each query (shared/readers/messages.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { DocSyncPeer } from '../../../shared/sync/doc-sync';
import { root, type RootName } from '../../../shared/doc/schema';
import type { FromReaders, Query, QueryKind, Results, ToReaders } from '../../../shared/readers/messages';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class ReadersClient {
  private readonly worker = new Worker(new URL('./readers.worker.ts', import.meta.url), { type: 'module' });
  private peer: DocSyncPeer | null = null;
  /** Sync messages from the worker that came before the window's copy had loaded. */
  private early: Uint8Array[] = [];
  /** Queries posted before the window's step2 went. */
  private held: ToReaders[] | null = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  /** The window's copy has loaded: from then on queries wait for its step2 (before, they go early: messages.ts). */
  private windowLoaded = false;

  constructor(
    readonly doc: Y.Doc,
    docName: string,
    whenLoaded: Promise<unknown>,
  ) {
    this.worker.onmessage = (event: MessageEvent<FromReaders>) => this.receive(event.data);
    this.worker.onerror = (event) => this.fail(new Error(event.message || 'The readers worker stopped'));
    this.post({ type: 'load', docName });
    void whenLoaded.then(() => {
      this.windowLoaded = true;
      // Each message is encoded afresh: hand its buffer over rather than copy it.
      this.peer = new DocSyncPeer(doc, (message) => this.post({ type: 'sync', message }, [message.buffer as ArrayBuffer]));
      this.peer.start();
      for (const message of this.early.splice(0)) this.fromWorker(message);
    });
  }

  /**
   * The answer to `query` on the window's document as it is now. Not from
   * inside a transaction or its afterTransaction: its update is posted only
   * after those, so the answer would not include it.
   */
  query<K extends QueryKind>(query: Query<K>): Promise<Results[K]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const message: ToReaders = { type: 'query', id, query: query as Query };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Before the window's copy is in, it holds nothing the readers' stored copy lacks: they may answer from that.
      if (this.held && !this.windowLoaded) this.post({ ...message, early: true });
      else if (this.held) this.held.push(message);
      else this.post(message);
    });
  }

  destroy(): void {
    this.peer?.destroy();
    this.worker.terminate();
    this.fail(new Error('The readers were closed'));
  }

  private receive(message: FromReaders): void {
    if (message.type === 'sync') {
      if (this.peer) this.fromWorker(message.message);
      else this.early.push(message.message);
      return;
    }
    const waiting = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'answer') waiting?.resolve(message.result);
    else waiting?.reject(new Error(message.error));
  }

  private fromWorker(message: Uint8Array): void {
    try {
      if (this.peer!.receive(message) === 'step1' && this.held) {
        const held = this.held;
        this.held = null;
        for (const query of held) this.post(query);
      }
    } catch (error) {
      this.fail(new Error(`The readers sent a message the window refused: ${(error as Error).message}`));
    }
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  private post(message: ToReaders, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

export interface ReaderState<T> {
  /** The latest answer: to this query, or (while `current` is false) to the one before it. */
  value: T | undefined;
  /** `value` answers this very query (though it may be recomputing after an edit). */
  current: boolean;
  /** An answer is on its way: for a newer query, or after an edit. */
  computing: boolean;
  error: string | null;
}

type Watched = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

/**
 * A reader's answer for React: asked when the query changes and again after
 * each transaction touching `roots`. One query of a hook is in flight at a
 * time: what is asked meanwhile (keystrokes, edits) waits, and only the
 * latest is asked when the answer lands, so fast typing at 30,000 people
 * does not queue a search per key. Null asks nothing. Pass `roots` as a
 * module-level constant.
 */
export function useReader<K extends QueryKind>(
  readers: ReadersClient,
  query: Query<K> | null,
  roots: readonly RootName[],
): ReaderState<Results[K]> {
  const key = query ? JSON.stringify(query) : null;
  const [state, setState] = useState<{ key: string | null; value: Results[K] | undefined; computing: boolean; error: string | null }>({
    key: null,
    value: undefined,
    computing: false,
    error: null,
  });

  const lane = useRef<{ busy: boolean; next: (() => void) | null }>({ busy: false, next: null });

  useEffect(() => {
    if (key === null) return;
    const asked = JSON.parse(key) as Query<K>;
    const queue = lane.current;
    let alive = true;
    const ask = () => {
      // Unchanged while already computing: a burst of edits or views renders once, not once per ask.
      setState((before) => (before.computing ? before : { ...before, computing: true }));
      if (queue.busy) {
        queue.next = ask;
        return;
      }
      queue.busy = true;
      readers.query(asked).then(
        (value) => {
          if (alive) setState({ key, value, computing: queue.next !== null, error: null });
        },
        (error: Error) => {
          if (alive) setState((before) => ({ ...before, computing: false, error: error.message }));
        },
      ).finally(() => {
        queue.busy = false;
        const next = queue.next;
        queue.next = null;
        next?.();
      });
    };
    const watched = roots.map((name) => root(readers.doc, name) as unknown as Watched);
    const touches = (transaction: Y.Transaction) =>
      watched.some((type) => transaction.changedParentTypes.has(type) || transaction.changed.has(type));
    // Not afterTransaction: Yjs emits the transaction's 'update' (which the peer posts) after it, and a
    // query posted before its edit would be answered without it.
    const onTransactions = (_doc: Y.Doc, transactions: Y.Transaction[]) => {
      if (transactions.some(touches)) ask();
    };
    readers.doc.on('afterAllTransactions', onTransactions);
    ask();
    return () => {
      alive = false;
      if (queue.next === ask) queue.next = null;
      readers.doc.off('afterAllTransactions', onTransactions);
    };
  }, [readers, key, roots]);

  if (key === null) return { value: undefined, current: false, computing: false, error: null };
  return { value: state.value, current: state.key === key, computing: state.computing || state.key !== key, error: state.error };
}
