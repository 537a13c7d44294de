/**
 * The headless always-on peer: the same host as the desktop's (host.ts),
 * with device sync on and no window.
 *
 *   kith-peer ─► lock the data folder (host.lock)
 *            ─► beginHost(mode 'peer', p2p) ── identity; then document.ylog, then device sync
 *            ─► control socket (control.ts) ◄── kith-peer status / join
 *            ─► a line per device online / offline / paired / removed
 *
 * Device sync (listening, mDNS, Hyperswarm) starts inside the host only once
 * the whole log is applied (host.ts `loadHost`), so no device ever syncs with
 * an empty replica taken for the network. The control socket does not wait
 * for it: while the log is read (at 30,000 people seconds) `status` says so
 * and `join` waits for the host, rather than "no peer is running" and a
 * second peer that fails on the lock.
 *
 * A laptop and a desktop that are never on together both sync with it, so
 * an edit made on one reaches the other through the peer. It keeps the
 * document exactly as a desktop host does (the update log, fsynced), so a
 * restart keeps everything, and it is listed in Devices like any device
 * (renamed and removed from there; a removed peer is refused by every device).
 */
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { listPeople } from '../../../shared/doc/people';
import type { DevicesView, JoinResult } from '../../../shared/host/contract';
import type { Migration } from '../../../shared/doc/schema';
import { lockDataDir, storageError } from '../data-dir';
import { beginHost, startupLines, type Host } from '../host';
import type { P2POptions } from '../p2p/service';
import { startControlServer, type ControlAnswer, type ControlServer } from './control';
import { changeLines, startingLines, statusLines } from './status';

export interface PeerOptions {
  dataDir: string;
  version: string;
  /** The peer's name in a network it starts; "Kith peer on <host name>" unless told. */
  name?: string;
  /** Over device sync's defaults (tests bind 127.0.0.1 and leave mDNS off). */
  p2p?: P2POptions;
  /** For tests: the schema this peer reads (a newer or older Kith). */
  migrations?: readonly Migration[];
  /** Where the plain lines go; stdout unless told. */
  print?: (line: string) => void;
  /** For tests: the log is read only once this settles (host.ts `readLogAfter`). */
  readLogAfter?: Promise<unknown>;
}

export interface Peer {
  readonly host: Host;
  readonly control: ControlServer;
  status(): Promise<string[]>;
  join(code: string): Promise<JoinResult>;
  /** Closes the links, writes everything to disk and frees the data folder. */
  stop(): Promise<void>;
}

export function defaultPeerName(): string {
  return `Kith peer on ${hostname() || 'this machine'}`.slice(0, 100);
}

async function documentBytes(dataDir: string): Promise<number> {
  try {
    return (await stat(join(dataDir, 'document.ylog'))).size;
  } catch {
    return 0;
  }
}

/** What a join says, in lines. */
export function joinLines(result: JoinResult): string[] {
  if (!result.ok) return [`Could not join: ${result.message}`];
  return [`Joined network ${result.networkId}, invited by ${result.inviter.name}. This peer now syncs with its devices.`];
}

export async function startPeer(options: PeerOptions): Promise<Peer> {
  const { dataDir } = options;
  const print = options.print ?? ((line: string) => console.log(line));
  const unlock = await lockDataDir(dataDir).catch((error: unknown) => {
    throw storageError(error, dataDir, 'start') ?? error;
  });
  // The log is read once the control socket listens: applying it holds the event loop, and a `status` or `join` asked
  // meanwhile then waits on the socket for the answer rather than finding no peer.
  let listening!: () => void;
  const controlListens = new Promise<void>((resolve) => (listening = resolve));
  let starting: Awaited<ReturnType<typeof beginHost>>;
  try {
    starting = await beginHost({
      dataDir,
      mode: 'peer',
      version: options.version,
      migrations: options.migrations,
      p2p: { deviceName: options.name ?? defaultPeerName(), report: (line) => print(line), ...options.p2p },
      readLogAfter: Promise.all([controlListens, options.readLogAfter]),
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  // Its failure is met below, once the control socket is open.
  starting.host.catch(() => undefined);
  let host: Host | null = null;

  const state = async (started: Host) => ({
    dataDir,
    devices: started.p2p?.devices() ?? null,
    documentBytes: await documentBytes(dataDir),
    people: listPeople(started.doc).length,
    notes: started.doc.getMap('notes').size,
  });
  const status = async () => (host ? statusLines(await state(host)) : startingLines(dataDir, await documentBytes(dataDir)));
  const join = async (code: string): Promise<JoinResult> => {
    // A join must run on the network this peer holds: it waits for the host (a start that failed ends the process).
    const started = await starting.host;
    if (!started.p2p) return { ok: false, reason: 'unreachable', message: 'Device sync could not start on this peer (see the lines it printed at start).' };
    return started.p2p.joinWithInvitation(code.trim());
  };

  let control: ControlServer;
  try {
    control = await startControlServer(dataDir, async (request): Promise<ControlAnswer> => {
      if (request.command === 'status') return { ok: true, lines: await status() };
      const result = await join(request.code).catch((error: Error): JoinResult => ({ ok: false, reason: 'unreachable', message: error.message }));
      return { ok: result.ok, lines: joinLines(result) };
    });
  } catch (error) {
    listening();
    await starting.host.then((started) => started.close(), () => undefined);
    await unlock();
    throw new Error(`The peer could not open its control socket in ${dataDir}: ${(error as Error).message}`);
  }

  listening();
  try {
    host = await starting.host;
  } catch (error) {
    await control.close();
    await unlock();
    throw error;
  }
  for (const line of startupLines(host)) print(line);

  const started = host;
  let last: DevicesView | null = started.p2p?.devices() ?? null;
  started.p2p?.onChange((view) => {
    for (const line of changeLines(last, view)) print(line);
    last = view;
  });
  for (const line of await status()) print(line);

  let stopping: Promise<void> | null = null;
  return {
    host: started,
    control,
    status,
    join,
    stop() {
      stopping ??= (async () => {
        await control.close();
        await started.close();
        await unlock();
      })();
      return stopping;
    },
  };
}
