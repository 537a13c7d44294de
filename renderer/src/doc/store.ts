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
 *
 * Loading is in slices, one per task, so that opening a big network never
 * holds the window for the whole document (at 30,000 people ~70 MB):
 *
 *   IndexedDB ──stored-slices.worker──► slices ──► Y.Doc    (y-indexeddb's own first
 *                                                            read is given nothing)
 *   host ──update(slice)… step2(last)──────────────► Y.Doc    (doc-sync.ts)
 *
 * y-indexeddb still writes every later change, through local-copy.ts: its
 * own compaction (the whole document encoded on the UI thread) never runs; a
 * worker compacts the stored updates instead, never while the stored copy, the
 * host's slices or a sliced write are coming in; and a sliced write's slices
 * are stored together at its end.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { DocSyncPeer, WINDOW_SLICE_BYTES } from '../../../shared/sync/doc-sync';
import type { AppInfo } from '../../../shared/host/contract';
import type { Person } from '../../../shared/doc/people';
import { SCHEMA_VERSION, root, schemaVersion, type RootName } from '../../../shared/doc/schema';
import { LOCAL_UI } from '../../../shared/doc/origins';
import type { HostConnection, LinkState } from '../host/connection';
import { ReadersClient } from './readers-client';
import { beginBulkLoad } from './bulk-load';
import { loadStoredSlices } from './stored-slices';
import { LocalCopy, compactInWorker } from './local-copy';
import { writeSlices, type SliceWriteOptions, type SlicedWriter, type WriteResult } from './sliced-write';
import { bigStep, takeStepInSlices, type Direction } from './sliced-undo';
import { peopleStore } from './usePeople';
import { readPeopleCache, writePeopleCache } from './people-cache';

export type SaveState = 'saved' | 'saving' | 'offline' | 'offline-saving' | 'error';

export interface StoreStatus {
  /** IndexedDB has loaded what this profile had. */
  localLoaded: boolean;
  /** The host has sent its state at least once since the window opened. */
  hostSynced: boolean;
  /** Megabytes applied so far while the stored copy or the host's state comes in slices; null when not loading. */
  loadingMb: number | null;
  /** How many megabytes that load holds, when known (the stored copy's size). */
  loadingOfMb: number | null;
  /**
   * A change from the host is coming in slices and only part of it is
   * applied: a record may be here without the list a later slice holds, and
   * an edit to it now would put a second list beside that one (whose items
   * Yjs would then hide). The window takes no edits until it is all in.
   */
  receiving: boolean;
  /**
   * This window is writing a big change of its own (an import, a restore),
   * or undoing or redoing one, one slice per task (sliced-write.ts,
   * sliced-undo.ts): no edits until it is all in, for the same reason as
   * `receiving`. What it does, as the banner says it ("Writing the import
   * into your network", "Undoing the import"); null when it writes nothing.
   */
  writing: string | null;
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
/** How long the People list must stay unchanged before it is kept for the next start. */
const KEEP_PEOPLE_AFTER_MS = 3000;
const RESYNC_MAX_MS = 30_000;

/** What undo covers: the user's own records, not devices or document metadata. */
const UNDOABLE: RootName[] = ['contacts', 'links', 'notes', 'commitments', 'requests', 'asks', 'layout', 'me', 'aliases'];

export class DocStore implements SlicedWriter {
  readonly doc = new Y.Doc();
  /** Undo and redo of this window's own edits (never of edits that arrived from elsewhere). */
  readonly undoManager: Y.UndoManager;
  private readonly persistence: IndexeddbPersistence;
  private readonly localCopy: LocalCopy;
  private peer: DocSyncPeer | null = null;
  private pending = 0;
  /** One sync restart waits at a time after failed sends, longer after each failure. */
  private resyncTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncDelay = RESYNC_FIRST_MS;
  private status: StoreStatus = {
    localLoaded: false,
    hostSynced: false,
    loadingMb: null,
    loadingOfMb: null,
    receiving: false,
    writing: null,
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
    this.localCopy = new LocalCopy(this.persistence, { compact: () => compactInWorker(info.docName) });
    // Its first read (keys from _dbref on) applies everything in one transaction: give it nothing to read; loadLocal applies the copy.
    this.persistence._dbref = Number.MAX_SAFE_INTEGER;
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
    this.loaded = this.persistence.whenSynced.then(() => this.loadLocal());
    const people = peopleStore(this.doc);
    // The list as last kept is shown while the stored copy loads (people-cache.ts); it comes long before the copy at 30,000 people.
    void readPeopleCache(info.docName).then((kept) => {
      if (kept && !this.status.localLoaded && people.showKept(kept)) {
        performance.mark('kith:kept-people-shown');
        this.update({});
      }
    });
    void this.loaded.then(() => {
      performance.mark('kith:local-loaded');
      this.update({ localLoaded: true, loadingMb: null, loadingOfMb: null });
      people.settle();
      connection.onState((link) => this.onLink(link));
      this.keepPeopleList();
    });
  }

  /**
   * Keeps the People list for the next start (people-cache.ts) once edits
   * have paused; never while a kept list or a half-read one is shown.
   */
  private keepPeopleList(): void {
    const people = peopleStore(this.doc);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let keptList: Person[] | null = null;
    let writing = false;
    const keep = () => {
      const list = people.getSnapshot();
      if (list === keptList || people.isKept() || people.getReading() || this.status.writing || this.status.receiving) return;
      if (writing) return later();
      writing = true;
      writePeopleCache(this.info.docName, list).then(
        () => (keptList = list),
        (error: Error) => console.warn('Kith: the People list could not be kept for the next start', error),
      ).finally(() => (writing = false));
    };
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(keep, KEEP_PEOPLE_AFTER_MS);
    };
    people.subscribe(later);
    this.subscribe(later);
    later();
  }

  /** Resolves once this profile's stored copy is in the document (or could not be read: the window says so). */
  private readonly loaded: Promise<void>;

  /** Applies the stored copy in slices; compaction waits until it is all in. */
  private async loadLocal(): Promise<void> {
    const persistence = this.persistence;
    const resumeCompaction = this.localCopy.pause();
    const endBulk = beginBulkLoad(this.doc, persistence);
    try {
      await loadStoredSlices(this.doc, this.info.docName, {
        sliceBytes: WINDOW_SLICE_BYTES,
        origin: persistence,
        onProgress: (applied, total) =>
          this.update({ loadingMb: Math.floor(applied / 1e6), loadingOfMb: total === null ? null : Math.ceil(total / 1e6) }),
      });
      resumeCompaction();
    } catch (error) {
      // Compaction stays off this session: a copy that could not be read would fail to merge too, again at every try.
      this.update({ error: `This profile's saved copy could not be read (${(error as Error).message}); what the host has is shown. Restart Kith to try again.` });
    } finally {
      endBulk();
    }
  }
  private readersClient: ReadersClient | null = null;

  /**
   * The heavy readers (search, duplicates, who should meet, communities, the
   * hello queue, the palette's people, Pass it on, the notes) on a worker's
   * replica, started on first use.
   */
  get readers(): ReadersClient {
    return (this.readersClient ??= new ReadersClient(this.doc, this.info.docName, this.loaded));
  }

  getStatus = (): StoreStatus => this.status;

  /**
   * The window has asked the host for its state on this link and no answer
   * has come: the host may still be reading its log (browser mode and Electron
   * serve the window meanwhile), so an empty copy here says nothing of the network yet.
   */
  isAwaitingHost = (): boolean => this.awaitingHost;
  private awaitingHost = false;

  private setAwaitingHost(awaiting: boolean): void {
    if (awaiting === this.awaitingHost) return;
    this.awaitingHost = awaiting;
    for (const listener of this.listeners) listener();
  }

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
    this.refused = null;
    this.endHostBulk();
    if (link === 'connected') {
      // A fresh host session: start the sync conversation over.
      // The host's slices are applied as they come, one per message and so one per task; bulk-load.ts keeps views from reading half of it.
      let asking = true;
      const peer = new DocSyncPeer(
        this.doc,
        (message) => {
          const sent = this.connection.api.docSend(message);
          this.track(sent);
          // The first message is the step1: a failed one will not be answered (the resync asks again).
          if (asking) sent.catch(() => this.peer === peer && this.setAwaitingHost(false));
          asking = false;
        },
        { applySlices: 'as-they-come' },
      );
      this.peer = peer;
      // Until its step2 closes them, the host's slices are a load: views wait for the end (bulk-load.ts).
      const endBulk = beginBulkLoad(this.doc, peer);
      const resumeCompaction = this.localCopy.pause();
      this.endHostBulkLoad = () => {
        endBulk();
        resumeCompaction();
      };
      this.hostBytes = 0;
      // A write under way goes on to this session as slices too; the last session dropped what it kept, and this one's step2 waits for the write's end to carry all of it.
      if (this.status.writing) this.releaseForwarded = peer.holdForwarded();
      this.setAwaitingHost(true);
      peer.start();
    } else {
      this.setAwaitingHost(false);
    }
    this.update({ link });
  }

  private endHostBulkLoad: (() => void) | null = null;
  /** Bytes of the host's state applied in this session before its step2. */
  private hostBytes = 0;

  /** Closes the slices a write sent the host (DocSyncPeer.holdForwarded). */
  private releaseForwarded: (() => void) | null = null;
  /** The writes, one after another. */
  private writes: Promise<unknown> = Promise.resolve();

  /** Writes and sliced undo steps queued or under way: Undo and Redo wait for none of them, they do nothing meanwhile. */
  private slicedWork = 0;

  /**
   * Applies a big change of this window's own (an import, a restore), cut
   * into slices by its worker, one slice per task, as one undo step; no
   * edits meanwhile, and the host takes the slices together (sliced-write.ts).
   */
  writeSlices(slices: readonly Uint8Array[], options: SliceWriteOptions): Promise<WriteResult> {
    const held = this.holdWhile();
    return this.queue(() =>
      writeSlices(this.doc, slices, {
        ...options,
        undoManager: this.undoManager,
        onBegin: (origin) => held.begin(`Writing ${options.what} into your network`, origin),
        onEnd: held.end,
      }),
    );
  }

  /** Undoes this window's last edit (never one from elsewhere): a big one, an import, one slice per task (sliced-undo.ts); nothing while one is written. */
  undo(): void {
    this.takeStep('undo');
  }

  redo(): void {
    this.takeStep('redo');
  }

  private takeStep(direction: Direction): void {
    if (this.slicedWork > 0) return;
    if (!bigStep(this.undoManager, direction)) {
      if (direction === 'undo') this.undoManager.undo();
      else this.undoManager.redo();
      return;
    }
    const held = this.holdWhile();
    const verb = direction === 'undo' ? 'Undoing' : 'Redoing';
    // Started now, not after a queue: the step leaves its stack in this task, so a second Undo cannot take the one before it meanwhile.
    void this.queue(() =>
      takeStepInSlices(this.undoManager, direction, {
        // Its slices are transactions of the UndoManager's own origin, and no other step runs meanwhile.
        onBegin: (what) => held.begin(`${verb} ${what ?? 'the last change'}`, this.undoManager),
        onEnd: held.end,
      }),
    ).catch((error: Error) => {
      // Every slice went in (sliced-undo.ts); what failed is a reader of the change.
      console.error(`${verb} finished, but something that reads the change failed: ${error.message}`);
    });
  }

  /** Runs `work` after the writes and steps before it. */
  private queue<T>(work: () => Promise<T>): Promise<T> {
    this.slicedWork++;
    const run = (this.slicedWork === 1 ? work() : this.writes.then(work)).finally(() => this.slicedWork--);
    this.writes = run.catch(() => undefined);
    return run;
  }

  /**
   * While a sliced change goes in: no edits (the banner says `doing`), the
   * host is sent its slices as one change at the end (holdForwarded), and
   * this profile's copy stores the transactions of `origin` together at the
   * end too (LocalCopy.hold): both copies get all of it or none.
   */
  private holdWhile(): { begin(doing: string, origin: unknown): void; end(): void } {
    let storeHeld: (() => Promise<void>) | null = null;
    return {
      begin: (doing, origin) => {
        this.releaseForwarded = this.peer?.holdForwarded() ?? null;
        storeHeld = this.localCopy.hold(origin);
        this.update({ writing: doing });
      },
      end: () => {
        this.releaseForwarded?.();
        this.releaseForwarded = null;
        // However it ended (an observer's error included), what went in is in the doc and goes to the host: stored here too, so the two copies agree.
        if (storeHeld) this.track(storeHeld());
        storeHeld = null;
        this.update({ writing: null });
      },
    };
  }

  private endHostBulk(): void {
    this.endHostBulkLoad?.();
    this.endHostBulkLoad = null;
  }

  /** One message from the host; each arrives as a task of its own, so a sliced state applies one slice per task. */
  private receive(message: Uint8Array): void {
    if (!this.peer) return;
    try {
      const kind = this.peer.receive(message);
      // A slice is closed by the step2 or update that follows it; a dropped link leaves it open until the next session's step2 brings the rest.
      if (kind === 'slice' && !this.status.receiving) this.update({ receiving: true });
      else if (kind !== 'slice' && kind !== 'step1' && this.status.receiving) this.update({ receiving: false });
      if (kind === 'step2') {
        this.refused = null;
        this.endHostBulk();
        this.setAwaitingHost(false);
        this.update({ hostSynced: true, loadingMb: null });
      } else if (kind === 'slice' && this.endHostBulkLoad) {
        this.hostBytes += message.byteLength;
        // Only a first sync that is big enough to be noticed says so.
        if (!this.status.hostSynced && this.hostBytes > 1e6) this.update({ loadingMb: Math.floor(this.hostBytes / 1e6) });
      }
    } catch (error) {
      // Refused, the host's answer is not coming in this session: an empty copy is shown as it is rather than "Opening…" for good.
      this.setAwaitingHost(false);
      this.refused = `A message from the host was refused: ${(error as Error).message}`;
      this.update({ error: this.refused });
    }
  }

  /** Why this session's host message was refused: an acknowledgement that comes after it (its step1's) does not clear it. */
  private refused: string | null = null;

  private track(work: Promise<unknown>): void {
    this.pending++;
    this.update({});
    work.then(
      () => {
        this.pending--;
        this.resyncDelay = RESYNC_FIRST_MS;
        this.update({ error: this.refused });
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
