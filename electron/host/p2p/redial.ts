/**
 * Reconnecting to known LAN addresses, with exponential backoff and jitter.
 *
 *   want(address) ─► dial ─ ok ─► onLink(link) ── link closes ─┐
 *                      │                                        ├─► wait ─► dial again
 *                      └─ fails ────────────────────────────────┘   (1 s, 2 s, 4 s … 60 s, ±50 %)
 *
 * An address whose device is already connected (by any link) is not
 * dialled; `kick(key)` asks again when that device goes offline. Addresses
 * found by mDNS or typed once are dropped after a few failures in a row;
 * the last address of each paired device is kept trying (it may come back).
 */
import type { Link } from './lan';
import { toHex } from './identity';
import type { Timers } from '../reminders';

export const FIRST_RETRY_MS = 1_000;
export const MAX_RETRY_MS = 60_000;
/** Failures in a row after which an address that is not a paired device's is forgotten. */
export const GIVE_UP_AFTER = 5;

export interface RedialOptions {
  dial(host: string, port: number): Promise<Link>;
  /** A new link; the admission gate decides whether it stays. */
  onLink(link: Link): void;
  isOnline(keyHex: string): boolean;
  timers: Timers;
  random?: () => number;
}

interface Target {
  host: string;
  port: number;
  keep: boolean;
  keyHex: string | null;
  failures: number;
  timer: unknown;
  busy: boolean;
}

export class Redialer {
  private readonly targets = new Map<string, Target>();
  private readonly random: () => number;
  private closed = false;

  constructor(private readonly options: RedialOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Dials this address now (unless it is busy), and keeps at it as described above. */
  want(host: string, port: number, { keep = false }: { keep?: boolean } = {}): void {
    if (this.closed) return;
    const address = `${host}:${port}`;
    const target = this.targets.get(address);
    if (target) {
      target.keep ||= keep;
      if (!target.busy) this.schedule(target, 0);
      return;
    }
    const fresh: Target = { host, port, keep, keyHex: null, failures: 0, timer: null, busy: false };
    this.targets.set(address, fresh);
    this.schedule(fresh, 0);
  }

  /** Remembers where a connected device listens, to dial it there once it goes offline. */
  remember(host: string, port: number, keyHex: string): void {
    if (this.closed) return;
    const address = `${host}:${port}`;
    const target = this.targets.get(address);
    if (target) {
      target.keyHex = keyHex;
      target.keep = true;
      return;
    }
    this.targets.set(address, { host, port, keep: true, keyHex, failures: 0, timer: null, busy: false });
  }

  /** A device went offline: try its addresses again. */
  kick(keyHex: string): void {
    for (const target of this.targets.values()) {
      if (target.keyHex === keyHex && !target.busy && target.timer === null) this.schedule(target, this.delay(target.failures));
    }
  }

  /** Stops dialling a device's addresses (it was revoked). */
  forgetDevice(keyHex: string): void {
    for (const [address, target] of this.targets) {
      if (target.keyHex !== keyHex) continue;
      this.options.timers.clearTimeout(target.timer);
      this.targets.delete(address);
    }
  }

  close(): void {
    this.closed = true;
    for (const target of this.targets.values()) this.options.timers.clearTimeout(target.timer);
    this.targets.clear();
  }

  private delay(failures: number): number {
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.5 + this.random() * 0.5));
  }

  private schedule(target: Target, ms: number): void {
    this.options.timers.clearTimeout(target.timer);
    target.timer = this.options.timers.setTimeout(() => {
      target.timer = null;
      void this.attempt(target);
    }, ms);
  }

  private async attempt(target: Target): Promise<void> {
    if (this.closed || target.busy) return;
    if (target.keyHex && this.options.isOnline(target.keyHex)) return;
    target.busy = true;
    let link: Link;
    try {
      link = await this.options.dial(target.host, target.port);
    } catch {
      target.busy = false;
      this.failed(target);
      return;
    }
    const keyHex = toHex(link.remotePublicKey);
    target.keyHex = keyHex;
    let accepted = false;
    link.stream.once('close', () => {
      target.busy = false;
      // Refused (an unpaired key) counts as a failure; replaced by another link to the device does not.
      if (!accepted && !this.options.isOnline(keyHex)) target.failures++;
      const address = `${target.host}:${target.port}`;
      if (this.closed || this.targets.get(address) !== target) return;
      if (!target.keep && target.failures >= GIVE_UP_AFTER) return void this.targets.delete(address);
      this.schedule(target, this.delay(Math.max(1, target.failures)));
    });
    this.options.onLink(link);
    accepted = this.options.isOnline(keyHex);
    if (accepted) target.failures = 0;
  }

  private failed(target: Target): void {
    target.failures++;
    if (this.closed) return;
    if (!target.keep && target.failures >= GIVE_UP_AFTER) {
      this.targets.delete(`${target.host}:${target.port}`);
      return;
    }
    this.schedule(target, this.delay(target.failures));
  }
}
