/**
 * Applies an update so that the document's 'update' listeners are handed
 * the update as it came, instead of one Yjs encodes again from the
 * transaction. Yjs encodes a transaction's update whenever anyone listens
 * to 'update' (y-indexeddb, the sync links, the readers' and the health
 * workers' links all do); for a slice of a big load that encoding is about
 * a third of the slice's task (at 30,000 people 2.7 s of a 9.3 s stretch of
 * slices, and as much garbage again), and what it produces is, byte for
 * effect, the slice itself.
 *
 * Handing over the bytes as they came is the same for every listener: an
 * update is a set of structs and deletions, applying one twice is a no-op,
 * and what the slice held that the document already had changes nothing
 * where it is applied or stored. The listeners are called where Yjs would
 * call them (after the transaction's observers, before 'afterAllTransactions'),
 * with the same origin and transaction, once; a transaction an observer starts
 * meanwhile (another origin) is encoded and announced as usual.
 *
 * How: Yjs encodes only when the document has 'update' listeners at the
 * moment after 'afterTransactionCleanup'. For the one transaction of this
 * apply, the listeners are called from there with the bytes, and set aside
 * until the next transaction starts its cleanup or all are done.
 */
import * as Y from 'yjs';

/** Y.applyUpdate(doc, update, origin), with the 'update' listeners given `update` itself (see above). */
export function applyUpdateAsIs(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const observers = doc._observers as Map<string, Set<unknown>>;
  // Inside another transaction this apply is part of that one, which Yjs announces whole.
  if (!observers.has('update') || doc._transaction !== null) return Y.applyUpdate(doc, update, origin);
  let ours: Y.Transaction | null = null;
  let setAside: Set<unknown> | null = null;
  const putBack = () => {
    if (!setAside) return;
    // A listener added meanwhile (none is expected) joins those set aside, after them.
    const added = observers.get('update');
    added?.forEach((listener) => setAside!.add(listener));
    observers.set('update', setAside);
    setAside = null;
  };
  const onCleanup = (transaction: Y.Transaction) => {
    putBack();
    if (ours || transaction.local || transaction.origin !== origin) return;
    ours = transaction;
    if (changedAnything(doc, transaction)) doc.emit('update', [update, origin, doc, transaction]);
    setAside = observers.get('update') ?? null;
    observers.delete('update');
  };
  doc.on('afterTransactionCleanup', onCleanup);
  doc.on('beforeObserverCalls', putBack);
  doc.on('afterAllTransactions', putBack);
  try {
    Y.applyUpdate(doc, update, origin);
  } finally {
    putBack();
    doc.off('afterTransactionCleanup', onCleanup);
    doc.off('beforeObserverCalls', putBack);
    doc.off('afterAllTransactions', putBack);
  }
}

/**
 * Whether Yjs would have announced the transaction (it integrated structs or
 * deleted something), or kept part of the update waiting for what it builds
 * on: that part is integrated by a later update, which does not hold it, so
 * the listeners must be given it now.
 */
function changedAnything(doc: Y.Doc, transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return true;
  for (const [client, clock] of transaction.afterState) if (transaction.beforeState.get(client) !== clock) return true;
  return false;
}
