/**
 * The headless always-on peer: the same host as the desktop's (host.ts),
 * with device sync on and no window.
 *
 *   kith-peer ─► lock the data folder (host.lock)
 *            ─► startHost(mode 'peer', p2p) ── document.ylog, device sync
 *            ─► control socket (control.ts) ◄── kith-peer status / join
 *            ─► a line per device online / offline / paired / removed
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
import { startHost, startupLines, type Host } from '../host';
import type { P2POptions } from '../p2p/service';
import { startControlServer, type ControlAnswer, type ControlServer } from './control';
import { changeLines, statusLines } from './status';

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
  let host: Host;
  try {
    host = await startHost({
      dataDir,
      mode: 'peer',
      version: options.version,
      migrations: options.migrations,
      p2p: { deviceName: options.name ?? defaultPeerName(), report: (line) => print(line), ...options.p2p },
    });
  } catch (error) {
    await unlock();
    throw error;
  }
  for (const line of startupLines(host)) print(line);

  const state = async () => ({
    dataDir,
    devices: host.p2p?.devices() ?? null,
    documentBytes: await documentBytes(dataDir),
    people: listPeople(host.doc).length,
    notes: host.doc.getMap('notes').size,
  });
  const status = async () => statusLines(await state());
  const join = async (code: string): Promise<JoinResult> => {
    if (!host.p2p) return { ok: false, reason: 'unreachable', message: 'Device sync could not start on this peer (see the lines it printed at start).' };
    return host.p2p.joinWithInvitation(code.trim());
  };

  let control: ControlServer;
  try {
    control = await startControlServer(dataDir, async (request): Promise<ControlAnswer> => {
      if (request.command === 'status') return { ok: true, lines: await status() };
      const result = await join(request.code);
      return { ok: result.ok, lines: joinLines(result) };
    });
  } catch (error) {
    await host.close();
    await unlock();
    throw new Error(`The peer could not open its control socket in ${dataDir}: ${(error as Error).message}`);
  }

  let last: DevicesView | null = host.p2p?.devices() ?? null;
  host.p2p?.onChange((view) => {
    for (const line of changeLines(last, view)) print(line);
    last = view;
  });
  for (const line of await status()) print(line);

  let stopping: Promise<void> | null = null;
  return {
    host,
    control,
    status,
    join,
    stop() {
      stopping ??= (async () => {
        await control.close();
        await host.close();
        await unlock();
      })();
      return stopping;
    },
  };
}
