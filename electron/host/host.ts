/**
 * The host: Kith's Node-side services behind the host contract.
 *
 *   renderer session ─┐                     ┌─ UpdateLog (data folder)
 *   renderer session ─┼─► Host ── Y.Doc ────┼─ reminders ──► every session + notifier
 *                     │    replica          └─ device sync (p2p/) ◄──► paired devices
 *                     │     └── settings (settings.json, this device's own)
 *
 * It keeps a replica of the document, persisted in an append-only log, and
 * syncs it with every connected renderer over the contract's doc channel,
 * and with every connected paired device (p2p/service.ts): since both sync
 * with the one replica, it relays edits between windows and devices.
 * It keeps this device's settings, and delivers reminders as they come due.
 * When the log was damaged it says so (`storageHealth`), and counts what the
 * windows and devices bring back (recovery.ts); when the disk refuses a
 * write, no edit is acknowledged until everything is written.
 * It never imports `electron`: the same code runs inside Electron's main
 * process, in browser mode, and in plain Node for tests.
 */
import * as Y from 'yjs';
import { join } from 'node:path';
import { DocSyncPeer, WINDOW_SLICE_BYTES } from '../../shared/sync/doc-sync';
import { checkUpdate } from '../../shared/sync/check-update';
import type { AppInfo, BackupFile, DeepLink, EventName, ImportFile, EventPayload, HostHandlers, LogDamage, StorageHealth } from '../../shared/host/contract';
import { describeDamage } from '../../shared/host/storage-notice';
import { HOST_STORE } from '../../shared/doc/origins';
import { MIGRATIONS, migrate, type Migration } from '../../shared/doc/schema';
import { UpdateLog, type LogRepair, type OpenLogFile } from './update-log';
import { HeldStore } from './held-updates';
import { prepareDataDir, readIdentity, storageError } from './data-dir';
import { deviceSource, watchRecovery } from './recovery';
import { SettingsStore } from './settings';
import { readLinkPreview } from './link-preview';
import { startReminders, type ReminderNotifier, type ReminderService, type Timers } from './reminders';
import type { P2POptions, P2PService, P2PServiceOptions } from './p2p/service';

export interface HostOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  version: string;
  /** Compact the log once this many records have been appended since the last compaction. */
  compactAfterRecords?: number;
  /**
   * Shows reminders on the desktop (Electron main). With one, reminders are
   * delivered whether or not a window is open; without one (browser mode),
   * they wait until a window connects.
   */
  notifier?: ReminderNotifier;
  /** For tests: the reminders' clock, timers and time zone. */
  clock?: () => Date;
  timers?: Timers;
  timeZone?: () => string;
  /**
   * Device sync (pairing, LAN and internet transports), on when given
   * (`{}` for the defaults). Browser mode and Electron main pass it; tests of
   * other parts leave it out, so they never listen or reach the public DHT.
   */
  p2p?: P2POptions;
  /**
   * Opens a web page or mail link with the system (Electron's shell). The
   * contract has already refused every other scheme. Without one (browser
   * mode) the page is told to open the link itself.
   */
  openExternal?: (url: string) => Promise<void>;
  /** For tests: how the document log opens its files (to make writes fail). */
  openLogFile?: OpenLogFile;
  /** The deep link Kith was opened with that no window has taken yet (Electron main's). */
  pendingDeepLink?: () => DeepLink | null;
  /** The contacts file Kith was opened with that no window has taken yet (Electron main's). */
  pendingImportFile?: () => ImportFile | null;
  /** The Kith backup Kith was opened with that no window has taken yet (Electron main's, or browser mode's command line). */
  pendingRestoreFile?: () => BackupFile | null;
  /** For tests: the schema this Kith reads and writes (an older or newer Kith than this one). */
  migrations?: readonly Migration[];
  /**
   * Reads the log only once this settles (browser mode and Electron: once
   * the window it opened has been answered its first call; the peer: once
   * its control socket listens). Applying the log holds the
   * event loop for seconds, and the page's own requests should not wait
   * behind it: the window loads its own copy meanwhile.
   */
  readLogAfter?: Promise<unknown>;
}

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** One connected renderer (a window, or a browser tab in browser mode). */
export interface Session {
  readonly id: number;
  readonly peer: DocSyncPeer;
  /** The note this window has open, for presence. */
  openNote: string | null;
}

export interface Host {
  readonly doc: Y.Doc;
  readonly info: AppInfo;
  readonly handlers: HostHandlers<Session>;
  /** Bytes cut from a torn log tail when the host started (0 normally). */
  readonly tornBytes: number;
  /** Damage found in the log at start (and what came back since), and whether writes fail now. */
  storageHealth(): StorageHealth;
  readonly settings: SettingsStore;
  readonly reminders: ReminderService;
  /** Device sync, or null when it is off. */
  readonly p2p: P2PService | null;
  openSession(emit: Emit): Session;
  closeSession(session: Session): void;
  /** Resolves once every update the host has seen is on disk. */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

const LOADED = Symbol('kith.origin.host-load');
const HELD_APPLIED = Symbol('kith.origin.held-applied');
const WRITE_RETRY_MS = 5000;

/** What start-up found in the log worth a line on the console: a torn tail cut, damage repaired. */
export function startupLines(host: Host): string[] {
  const lines: string[] = [];
  if (host.tornBytes > 0) lines.push(`Kith: cut ${host.tornBytes} torn bytes from the end of the document log (an interrupted write).`);
  const { damage } = host.storageHealth();
  if (damage) {
    const notice = describeDamage(damage);
    // The title names Kith already; what came back is told later, in the window.
    lines.push(`${notice.title} ${notice.details.slice(0, -1).join(' ')}`);
  }
  return lines;
}

/** Runs a step of opening the data folder, its errors said as what to do about the folder. */
async function opening<T>(options: HostOptions, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw storageError(error, options.dataDir, 'start') ?? error;
  }
}

/**
 * This Kith now reads the schema of edits a newer device sent while this one
 * could not (held-updates.ts): they join the document, and its log, before
 * it is migrated; the held log goes once they are on disk. One that is not a
 * whole update is left out, said, and stays on the newer device.
 */
async function applyHeld(doc: Y.Doc, held: HeldStore, log: UpdateLog): Promise<void> {
  if (held.readable.length === 0) return;
  let applied = 0;
  doc.transact(() => {
    for (const update of held.readable) {
      try {
        checkUpdate(update);
        Y.applyUpdate(doc, update);
        applied++;
      } catch (error) {
        console.error(`Kith: left out a kept edit of a newer Kith that is not a whole update: ${(error as Error).message}`);
      }
    }
  }, HELD_APPLIED);
  await log.flushed();
  await held.discardReadable();
  console.log(`Kith: applied ${applied} kept update${applied === 1 ? '' : 's'} from devices that ran a newer Kith; this one reads them now.`);
}

/**
 * Applies what the log held. Records read past damage are checked first:
 * one that is not a whole Yjs update is left out rather than half applied.
 */
function applyLoaded(doc: Y.Doc, updates: Uint8Array[], repair: LogRepair | null): void {
  doc.transact(() => {
    for (const update of updates) {
      if (!repair) {
        Y.applyUpdate(doc, update);
        continue;
      }
      try {
        checkUpdate(update);
        Y.applyUpdate(doc, update);
      } catch (error) {
        console.error(`Kith: left out a record of the damaged log that is not a whole update: ${(error as Error).message}`);
      }
    }
  }, LOADED);
}

/** A host whose facts are known and whose document is still being read from its log. */
export interface StartingHost {
  /** What `appInfo` answers; known before the log is read. */
  readonly info: AppInfo;
  /** The host, once its log is read and applied (rejects as `startHost` does). */
  readonly host: Promise<Host>;
}

/**
 * Starts a host in two steps: the data folder and its identity (quick), then
 * the document from its log (at 30,000 people seconds). Browser mode and
 * Electron main serve the window meanwhile (starting-host.ts), so the
 * window's start and its own load overlap with reading the log; the
 * headless peer opens its control socket.
 */
export async function beginHost(options: HostOptions): Promise<StartingHost> {
  const identity = await opening(options, async () => {
    const warning = await prepareDataDir(options.dataDir);
    if (warning) console.warn(warning);
    return readIdentity(options.dataDir);
  });
  const info: AppInfo = {
    name: 'Kith',
    version: options.version,
    mode: options.mode,
    docName: identity.docName,
    dataDir: options.dataDir,
    platform: process.platform,
  };
  return { info, host: loadHost(options, info) };
}

export async function startHost(options: HostOptions): Promise<Host> {
  return (await beginHost(options)).host;
}

async function loadHost(options: HostOptions, info: AppInfo): Promise<Host> {
  await options.readLogAfter?.catch(() => undefined);
  const { log, updates, tornBytes, repair } = await opening(options, () =>
    UpdateLog.open(join(options.dataDir, 'document.ylog'), { openFile: options.openLogFile }),
  );
  const doc = new Y.Doc({ gc: true });
  applyLoaded(doc, updates, repair);

  const compactAfter = options.compactAfterRecords ?? 1000;
  let compacting: Promise<void> | null = null;
  const compact = () => {
    compacting ??= log
      .compact(() => Y.encodeStateAsUpdate(doc))
      .catch((error: unknown) => console.error(`Kith: compacting the document log failed: ${(error as Error).message}`))
      .finally(() => {
        compacting = null;
      });
    return compacting;
  };

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === LOADED) return;
    // A failed write is told through `log.onProblem`, and written by the next one.
    log.append(update).catch(() => undefined);
    if (log.pendingRecords > compactAfter) void compact();
  });
  const migrations = options.migrations ?? MIGRATIONS;
  const schemaVersion = migrations.at(-1)?.to ?? 0;
  const held = await HeldStore.open(options.dataDir, schemaVersion, (line) => console.error(line));
  await applyHeld(doc, held, log);
  migrate(doc, HOST_STORE, migrations);
  if (updates.length > 1) await compact();

  // Each open session, with how to send it an event.
  const sessions = new Map<Session, Emit>();
  let nextSession = 1;
  const broadcast: Emit = (event, payload) => {
    for (const emit of sessions.values()) emit(event, payload);
  };

  // Storage health: damage found now, what the windows and devices bring back, failing writes.
  const sessionPeers = new Set<unknown>();
  const damage: Omit<LogDamage, 'recovered'> | null = repair && { detectedAt: new Date().toISOString(), ...repair };
  const recovery =
    damage &&
    watchRecovery({
      doc,
      since: new Date(damage.detectedAt),
      sourceOf: (origin) => (sessionPeers.has(origin) ? { kind: 'window' } : deviceSource(doc, origin)),
    });
  const storageHealth = (): StorageHealth => ({
    damage: damage && { ...damage, recovered: recovery?.recovered() ?? [] },
    writeProblem: log.problem,
  });
  recovery?.onChange(() => broadcast('storageHealthChanged', storageHealth()));
  // While writes fail, the host tries again every few seconds, so a disk with room again is noticed with no window open.
  let retryWrites: ReturnType<typeof setInterval> | null = null;
  log.onProblem((problem) => {
    if (problem) console.error(`Kith: ${problem}`);
    else console.log('Kith: the document log is written again; every edit is on disk.');
    if (problem && !retryWrites) {
      retryWrites = setInterval(() => void log.flushed().catch(() => undefined), WRITE_RETRY_MS);
      retryWrites.unref?.();
    } else if (!problem && retryWrites) {
      clearInterval(retryWrites);
      retryWrites = null;
    }
    broadcast('storageHealthChanged', storageHealth());
  });

  const settings = await SettingsStore.open(options.dataDir);
  const reminders = await startReminders({
    doc,
    dataDir: options.dataDir,
    settings: () => settings.get().reminders,
    canDeliver: () => options.notifier !== undefined || sessions.size > 0,
    deliver(batch) {
      for (const reminder of batch) broadcast('reminder', reminder);
      options.notifier?.(batch);
    },
    clock: options.clock,
    timers: options.timers,
    timeZone: options.timeZone,
  });
  const p2p = options.p2p
    ? await startDeviceSync({ ...options.p2p, doc, dataDir: options.dataDir, settings: settings.get().sync, schemaVersion, held })
    : null;
  p2p?.onChange((view) => broadcast('devicesChanged', view));
  p2p?.onPresence((view) => broadcast('presenceChanged', view));
  // The other devices hear which notes this device's windows have open.
  const tellOpenNotes = () => {
    const open: string[] = [];
    for (const session of sessions.keys()) if (session.openNote) open.push(session.openNote);
    p2p?.setOpenNotes(open);
  };
  const p2pOff = () => new Error('Device sync is not running in this Kith');

  settings.onChange((changed) => {
    broadcast('settingsChanged', changed);
    // A kind switched back on may have something waiting.
    reminders.soon();
    p2p?.applySettings(changed.sync).catch((error: unknown) => console.error('Kith: changing device sync failed:', error));
  });

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
    getSettings: () => settings.get(),
    setSettings: (_session, patch) => settings.update(patch),
    devices() {
      if (!p2p) throw p2pOff();
      return p2p.devices();
    },
    createInvitation() {
      if (!p2p) throw p2pOff();
      return p2p.createInvitation();
    },
    joinWithInvitation(_session, code) {
      if (!p2p) throw p2pOff();
      return p2p.joinWithInvitation(code);
    },
    renameDevice(_session, publicKey, name) {
      if (!p2p) throw p2pOff();
      return p2p.renameDevice(publicKey, name);
    },
    revokeDevice(_session, publicKey) {
      if (!p2p) throw p2pOff();
      return p2p.revokeDevice(publicKey);
    },
    connectAddress(_session, address) {
      if (!p2p) throw p2pOff();
      return p2p.connectAddress(address);
    },
    // Without device sync there is no one to tell, and no one online: not an error.
    setPresence(session, { noteId }) {
      session.openNote = noteId;
      tellOpenNotes();
      return null;
    },
    presence: () => p2p?.presence() ?? { devices: [] },
    async openExternal(_session, url) {
      if (!options.openExternal) return { opened: false };
      await options.openExternal(url);
      return { opened: true };
    },
    async linkPreview(_session, url) {
      if (!settings.get().links.previews) {
        return { ok: false, reason: 'off', message: 'Link previews are off in Settings: type the title.' };
      }
      return readLinkPreview(url);
    },
    storageHealth: () => storageHealth(),
    pendingDeepLink: () => options.pendingDeepLink?.() ?? null,
    pendingImportFile: () => options.pendingImportFile?.() ?? null,
    pendingRestoreFile: () => options.pendingRestoreFile?.() ?? null,
  };

  return {
    doc,
    info,
    handlers,
    tornBytes,
    storageHealth,
    settings,
    reminders,
    p2p,
    openSession(emit) {
      const session: Session = {
        id: nextSession++,
        // Slices small enough for the window to apply one per task (doc-sync.ts).
        peer: new DocSyncPeer(doc, (message) => emit('docMessage', message), { sliceBytes: WINDOW_SLICE_BYTES }),
        openNote: null,
      };
      sessions.set(session, emit);
      sessionPeers.add(session.peer);
      // Reminders that waited for a window go to this one.
      reminders.soon();
      return session;
    },
    closeSession(session) {
      session.peer.destroy();
      sessions.delete(session);
      sessionPeers.delete(session.peer);
      if (session.openNote) tellOpenNotes();
    },
    flushed: () => log.flushed(),
    async close() {
      await reminders.close();
      await p2p?.close();
      await held.close();
      for (const session of sessions.keys()) session.peer.destroy();
      sessions.clear();
      await settings.settled();
      await compacting;
      if (retryWrites) clearInterval(retryWrites);
      await log.close();
      if (log.problem) console.error(`Kith: closing with edits not on disk. ${log.problem}`);
      recovery?.stop();
      doc.destroy();
    },
  };
}

/**
 * Starts device sync, or says in one line why it could not and carries on
 * without it: the document, windows and reminders never depend on it. The
 * module is loaded only here, so a host without sync never loads the
 * native crypto and networking packages.
 */
async function startDeviceSync(options: P2PServiceOptions): Promise<P2PService | null> {
  try {
    const { startP2P } = await import('./p2p/service');
    return await startP2P(options);
  } catch (error) {
    console.error(`Kith: device sync is off — it could not start: ${(error as Error).message}`);
    return null;
  }
}
