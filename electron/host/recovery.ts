/**
 * After the host found its log damaged or missing at start, what it takes
 * back in from the other copies of the document, and from where.
 *
 * Nothing here pulls: a window (its IndexedDB copy) and every paired device
 * already sync with the host replica over y-protocols, and their step2
 * brings whatever the host lacks. This watches the people, notes and links
 * the host gains after the damage and counts them by source — a window's
 * session or a device link, told apart by the origin of the transaction that
 * added them. A record counts only if it was created before the damage was
 * found: one made since is new, not recovered.
 */
import type * as Y from 'yjs';
import { getDevice } from '../../shared/doc/devices';
import { root, type RootName } from '../../shared/doc/schema';
import type { Recovered, RecoverySource } from '../../shared/host/contract';

const COUNTED: ReadonlyArray<[RootName, 'people' | 'notes' | 'links']> = [
  ['contacts', 'people'],
  ['notes', 'notes'],
  ['links', 'links'],
];

export interface RecoveryWatch {
  /** One entry per source that brought anything, in the order they first did. */
  recovered(): Recovered[];
  onChange(listener: () => void): () => void;
  stop(): void;
}

/**
 * The device a transaction came from: device links tag what they apply with
 * an origin carrying the device's key (p2p/peers.ts `PeerOrigin`).
 */
export function deviceSource(doc: Y.Doc, origin: unknown): RecoverySource | null {
  const keyHex = (origin as { keyHex?: unknown } | null)?.keyHex;
  if (typeof keyHex !== 'string') return null;
  return { kind: 'device', name: getDevice(doc, keyHex)?.name ?? `device ${keyHex.slice(0, 8)}` };
}

export function watchRecovery(options: {
  doc: Y.Doc;
  /** When the damage was found; records created since are not counted. */
  since: Date;
  /** Which copy a transaction's origin stands for, or null for the host's own writes. */
  sourceOf(origin: unknown): RecoverySource | null;
}): RecoveryWatch {
  const since = options.since.toISOString();
  const tallies = new Map<string, Recovered>();
  const listeners = new Set<() => void>();

  const observers = COUNTED.map(([name, field]) => {
    const map = root(options.doc, name);
    const observer = (event: Y.YMapEvent<unknown>) => {
      const source = options.sourceOf(event.transaction.origin);
      if (!source) return;
      let gained = 0;
      for (const [key, change] of event.changes.keys) {
        if (change.action !== 'add') continue;
        const createdAt = (map.get(key) as Y.Map<unknown> | undefined)?.get?.('createdAt');
        if (typeof createdAt === 'string' && createdAt >= since) continue;
        gained++;
      }
      if (gained === 0) return;
      const id = JSON.stringify(source);
      const tally = tallies.get(id) ?? { source, people: 0, notes: 0, links: 0 };
      tally[field] += gained;
      tallies.set(id, tally);
      for (const listener of listeners) listener();
    };
    map.observe(observer);
    return () => map.unobserve(observer);
  });

  return {
    recovered: () => [...tallies.values()].map((tally) => ({ ...tally })),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const stop of observers) stop();
      listeners.clear();
    },
  };
}
