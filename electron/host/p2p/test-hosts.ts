/**
 * Hosts with device sync for the p2p tests, each in its own data folder:
 * the LAN listener on 127.0.0.1, no mDNS, internet sync off — unless a test
 * says otherwise. Every host is closed, and every folder removed, after each
 * test.
 */
import { afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncSettings } from '../../../shared/host/contract';
import type { Migration } from '../../../shared/doc/schema';
import { startHost, type Host } from '../host';
import type { P2POptions } from './service';
import { syncWire } from './sync-wire';

export interface SyncHostOptions {
  /** Over the defaults above. */
  p2p?: P2POptions;
  /** Applied once the host has started; null leaves the folder's saved settings. Default: internet off. */
  sync?: Partial<SyncSettings> | null;
  /** An existing folder (a restart); a fresh one otherwise. */
  dataDir?: string;
  /** Runs on the folder before the host starts there. */
  prepare?(dataDir: string): Promise<void>;
  /** The schema the host's Kith reads (an older or newer Kith than this one). */
  migrations?: readonly Migration[];
}

export function syncHosts(prefix: string) {
  const dirs: string[] = [];
  const hosts: Host[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((host) => host.close().catch(() => undefined)));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  return {
    async start({ p2p, sync = { internet: false }, dataDir, prepare, migrations }: SyncHostOptions = {}): Promise<Host> {
      let dir = dataDir;
      if (!dir) {
        dir = await mkdtemp(join(tmpdir(), `kith-${prefix}-`));
        dirs.push(dir);
      }
      await prepare?.(dir);
      const host = await startHost({
        dataDir: dir,
        mode: 'browser',
        version: 'test',
        migrations,
        p2p: { wire: syncWire, lanHost: '127.0.0.1', mdns: false, report: () => undefined, ...p2p },
      });
      hosts.push(host);
      if (sync) await host.settings.update({ sync });
      return host;
    },
    /** Closes a host before the test ends (its folder stays until then). */
    async close(host: Host): Promise<void> {
      hosts.splice(hosts.indexOf(host), 1);
      await host.close();
    },
  };
}

/** Waits until `check()` holds, polling; throws naming `what` after `ms`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
