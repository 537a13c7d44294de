/**
 * The renderer's document: one Y.Doc, persisted in IndexedDB (y-indexeddb)
 * and synced with the host's replica over the contract's doc channel.
 *
 *   UI ──ops──► Y.Doc ──► y-indexeddb (this browser profile)
 *                  ├────► DocSyncPeer ──docSend──► host replica ──► update log
 *                  └────► ReadersClient ──port──► readers worker (search, duplicates, …)
 *
 * The save state the UI shows is honest: "Saved" means every change has been
 * acknowledged by the host as written to disk *and* IndexedDB has committed
 * it. Losing either store alone loses nothing; they converge when they sync.
 * When the host cannot write (a full or read-only disk) its acknowledgements
 * fail, and keep failing until every edit is written — a later one that
 * succeeds means all are: the state says "Not saved" until then.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { DocSyncPeer } from '../../../shared/sync/doc-sync';
import type { AppInfo } from '../../../shared/host/contract';
import { SCHEMA_VERSION, root, schemaVersion, type RootName } from '../../../shared/doc/schema';
import { LOCAL_UI } from '../../../shared/doc/origins';
import type { HostConnection, LinkState } from '../host/connection';
import { ReadersClient } from './readers-client';

export type SaveState = 'saved' | 'saving' | 'offline' | 'offline-saving' | 'error';

export interface StoreStatus {
  /** IndexedDB has loaded what this profile had. */
  localLoaded: boolean;
  /** The host has sent its state at least once since the window opened. */
  hostSynced: boolean;
  link: LinkState;
  save: SaveState;
  error: string | null;
}

/** Resolves once every earlier IndexedDB write of y-indexeddb has committed. */
function indexedDbFlushed(persistence: IndexeddbPersistence): Promise<void> {
  const db = persistence.db;
  if (!db) return persistence.whenSynced.then(() => indexedDbFlushed(persistence));
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(['updates'], 'readwrite');
    transaction.oncomplete = () => resolve();
    transaction.onabort = transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
  });
}

const RESYNC_FIRST_MS = 1000;
const RESYNC_MAX_MS = 30_000;

/** What undo covers: the user's own records, not devices or document metadata. */
const UNDOABLE: RootName[] = ['contacts', 'links', 'notes', 'commitments', 'requests', 'asks', 'layout', 'me', 'aliases'];

export class DocStore {
  readonly doc = new Y.Doc();
  /** Undo and redo of this window's own edits (never of edits that arrived from elsewhere). */
  readonly undoManager: Y.UndoManager;
  private readonly persistence: IndexeddbPersistence;
  private peer: DocSyncPeer | null = null;
  private pending = 0;
  /** One sync restart waits at a time after failed sends, longer after each failure. */
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncDelay = RESYNC_FIRST_MS;
  private status: StoreStatus = {
    localLoaded: false,
    hostSynced: false,
    link: 'connecting',
    save: 'saved',
    error: null,
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly info: AppInfo,
    private readonly connection: HostConnection,
  ) {
    // captureTimeout 0: every operation is a whole edit (fields save on Enter or leaving them), so each is one undo step.
    this.undoManager = new Y.UndoManager(
      UNDOABLE.map((name) => root(this.doc, name)),
      { trackedOrigins: new Set([LOCAL_UI]), captureTimeout: 0 },
    );
    this.persistence = new IndexeddbPersistence(info.docName, this.doc);
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.persistence) this.track(indexedDbFlushed(this.persistence));
    });
    connection.api.onDocMessage((message) => this.receive(message));
    // The host's disk takes writes again: ask for the acknowledgement now rather than at the next retry.
    connection.api.onStorageHealthChanged((health) => {
      if (health.writeProblem === null && this.status.error) this.resyncNow();
    });
    // Sync with the host only once this profile's copy is loaded: the state
    // vector then names what we have, and the host sends only what we lack.
    void this.persistence.whenSynced.then(() => {
      performance.mark('kith:local-loaded');
      this.update({ localLoaded: true });
      connection.onState((link) => this.onLink(link));
    });
  }

  private readersClient: ReadersClient | null = null;

  /**
   * The heavy readers (search, duplicates, who should meet, communities, the
   * hello queue, the palette's people, Pass it on, the notes) on a worker's
   * replica, started on first use.
   */
  get readers(): ReadersClient {
    return (this.readersClient ??= new ReadersClient(this.doc, this.info.docName, this.persistence.whenSynced));
  }

  getStatus = (): StoreStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The schema this document was written with is newer than this Kith reads. */
  get isFromNewerVersion(): boolean {
    return schemaVersion(this.doc) > SCHEMA_VERSION;
  }

  private onLink(link: LinkState): void {
    this.peer?.destroy();
    this.peer = null;
    if (link === 'connected') {
      // A fresh host session: start the sync conversation over.
      this.peer = new DocSyncPeer(this.doc, (message) => this.track(this.connection.api.docSend(message)));
      this.peer.start();
    }
    this.update({ link });
  }

  private receive(message: Uint8Array): void {
    if (!this.peer) return;
    try {
      if (this.peer.receive(message) === 'step2' && !this.status.hostSynced) this.update({ hostSynced: true });
    } catch (error) {
      this.update({ error: `A message from the host was refused: ${(error as Error).message}` });
    }
  }

  private track(work: Promise<unknown>): void {
    this.pending++;
    this.update({});
    work.then(
      () => {
        this.pending--;
        this.resyncDelay = RESYNC_FIRST_MS;
        this.update({ error: null });
      },
      (error: Error) => {
        this.pending--;
        // A dropped link is not an error of the edit: the next sync carries it.
        if (error.name === 'HostUnavailableError') return this.update({});
        this.update({ error: error.message });
        // Start the conversation over, so the host is sent whatever it missed.
        this.scheduleResync();
      },
    );
  }

  private scheduleResync(): void {
    if (this.resyncTimer) return;
    this.resyncTimer = setTimeout(() => this.resyncNow(), this.resyncDelay);
    this.resyncDelay = Math.min(this.resyncDelay * 2, RESYNC_MAX_MS);
  }

  private resyncNow(): void {
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = null;
    this.peer?.start();
  }

  private update(patch: Partial<StoreStatus>): void {
    const next = { ...this.status, ...patch };
    next.save =
      next.link !== 'connected'
        ? this.pending > 0
          ? 'offline-saving'
          : 'offline'
        : this.pending > 0
          ? 'saving'
          : next.error
            ? 'error'
            : 'saved';
    const changed = (Object.keys(next) as (keyof StoreStatus)[]).some((key) => next[key] !== this.status[key]);
    if (!changed) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  }
}
