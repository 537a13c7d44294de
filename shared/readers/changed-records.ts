import type * as Y from 'yjs';

type AnyType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

/**
 * The ids of the records of `records` (a root map of id → Y.Map) that a
 * transaction changed: the keys it set or removed on the root, and the
 * records (or the lists and texts inside them) it edited. Read from the
 * transaction, not from deep events: Yjs would build an event and its path
 * for every nested change.
 */
export function changedRecordIds(transaction: Y.Transaction, records: Y.Map<unknown>): Set<string> {
  const rootType = records as unknown as AnyType;
  const ids = new Set<string>();
  for (const key of transaction.changed.get(rootType) ?? []) if (key !== null) ids.add(key);
  for (const type of transaction.changed.keys()) {
    let inner: AnyType = type;
    while (inner._item && inner._item.parent !== rootType) inner = inner._item.parent as AnyType;
    if (inner._item && typeof inner._item.parentSub === 'string') ids.add(inner._item.parentSub);
  }
  return ids;
}

/** Whether a transaction touched `records` or anything inside it. */
export function touches(transaction: Y.Transaction, records: Y.Map<unknown>): boolean {
  const rootType = records as unknown as AnyType;
  return transaction.changedParentTypes.has(rootType) || transaction.changed.has(rootType);
}
