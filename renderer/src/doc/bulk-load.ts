/**
 * A document being filled in slices (this profile's stored copy, or the
 * host's first sync): each slice is its own transaction, so readers that
 * rebuild a whole view per transaction (usePeople reads everyone) would
 * rebuild it once per slice — at 30,000 people a few hundred times. For the
 * transactions of a load (by their origin) they wait for its end instead,
 * and rebuild once; an edit made meanwhile (another origin) shows at once.
 */
import type * as Y from 'yjs';

interface Load {
  origins: Map<unknown, number>;
  waiting: Set<() => void>;
}

const loads = new WeakMap<Y.Doc, Load>();

/** Marks the transactions of `origin` on `doc` as a load's; call the returned function once, when it is over. */
export function beginBulkLoad(doc: Y.Doc, origin: unknown): () => void {
  let load = loads.get(doc);
  if (!load) loads.set(doc, (load = { origins: new Map(), waiting: new Set() }));
  load.origins.set(origin, (load.origins.get(origin) ?? 0) + 1);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    const left = load.origins.get(origin)! - 1;
    if (left > 0) return void load.origins.set(origin, left);
    load.origins.delete(origin);
    if (load.origins.size > 0) return;
    loads.delete(doc);
    for (const run of load.waiting) run();
  };
}

/** True when `transaction` is a slice of a load that is still going on. */
export function isBulkLoad(transaction: Y.Transaction): boolean {
  return loads.get(transaction.doc)?.origins.has(transaction.origin) ?? false;
}

/** Runs `run` once `doc` has no load going on (now, if it has none); the same function waits once. */
export function afterBulkLoad(doc: Y.Doc, run: () => void): void {
  const load = loads.get(doc);
  if (load) load.waiting.add(run);
  else run();
}
