/**
 * The host: Kith's Node-side services behind the host contract.
 *
 *   renderer session ─┐                     ┌─ UpdateLog (data folder)
 *   renderer session ─┼─► Host ── Y.Doc ────┤
 *   (later: peers)   ─┘    replica          └─ (later: peer transports)
 *
 * It keeps a replica of the document, persisted in an append-only log, and
 * syncs it with every connected renderer over the contract's doc channel.
 * It never imports `electron`: the same code runs inside Electron's main
 * process, in browser mode, and in plain Node for tests.
 */
import * as Y from 'yjs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DocSyncPeer } from '../../shared/host/doc-sync';
import type { AppInfo, EventName, EventPayload, HostHandlers } from '../../shared/host/contract';
import { HOST_STORE } from '../../shared/doc/origins';
import { migrate } from '../../shared/doc/schema';
import { UpdateLog } from './update-log';
import { readIdentity } from './data-dir';

export interface HostOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** Compact the log once this many records have been appended since the last compaction. */
  compactAfterRecords?: number;
}

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** One connected renderer (a window, or a browser tab in browser mode). */
export interface Session {
  readonly id: number;
  readonly peer: DocSyncPeer;
}

export interface Host {
  readonly doc: Y.Doc;
  readonly info: AppInfo;
  readonly handlers: HostHandlers<Session>;
  /** Bytes cut from a torn log tail when the host started (0 normally). */
  readonly repairedBytes: number;
  openSession(emit: Emit): Session;
  closeSession(session: Session): void;
  /** Resolves once every update the host has seen is on disk. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

const LOADED = Symbol('kith.origin.host-load');

export async function startHost(options: HostOptions): Promise<Host> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const identity = await readIdentity(options.dataDir);
  const { log, updates, discardedBytes } = await UpdateLog.open(join(options.dataDir, 'document.ylog'));
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => {
    for (const update of updates) Y.applyUpdate(doc, update);
  }, LOADED);

  const compactAfter = options.compactAfterRecords ?? 1000;
  let compacting: Promise<void> | null = null;
  const compact = () => {
    compacting ??= log
      .compact(() => Y.encodeStateAsUpdate(doc))
      .catch((error: unknown) => console.error('Kith: compacting the document log failed:', error))
      .finally(() => {
        compacting = null;
      });
    return compacting;
  };

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === LOADED) return;
    log.append(update).catch((error: unknown) => console.error('Kith: writing the document log failed:', error));
    if (log.pendingRecords > compactAfter) void compact();
  });
  migrate(doc, HOST_STORE);
  if (updates.length > 1) await compact();

  const sessions = new Set<Session>();
  let nextSession = 1;

  const info: AppInfo = {
    name: 'Kith',
    version: options.version,
    mode: options.mode,
    docName: identity.docName,
    dataDir: options.dataDir,
    platform: process.platform,
  };

  const handlers: HostHandlers<Session> = {
    appInfo: () => info,
    async docSend(session, message) {
      if (!sessions.has(session)) throw new Error('This window is no longer connected to Kith');
      const kind = session.peer.receive(message);
      // The renderer opened with its state vector; ask for what the host lacks in turn.
      if (kind === 'step1') session.peer.start();
      await log.flushed();
      return { durable: true };
    },
  };

  return {
    doc,
    info,
    handlers,
    repairedBytes: discardedBytes,
    openSession(emit) {
      const session: Session = {
        id: nextSession++,
        peer: new DocSyncPeer(doc, (message) => emit('docMessage', message)),
      };
      sessions.add(session);
      return session;
    },
    closeSession(session) {
      session.peer.destroy();
      sessions.delete(session);
    },
    flushed: () => log.flushed(),
    async close() {
      for (const session of sessions) session.peer.destroy();
      sessions.clear();
      await compacting;
      await log.close();
      doc.destroy();
    },
  };
}
