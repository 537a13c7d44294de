/**
 * Time stamps on a record — done, answered, deleted — set or cleared as one
 * change that also moves the record's `updatedAt`. Setting keeps a stamp
 * already there (the first time counts); clearing one that is not there
 * changes nothing.
 */
import type * as Y from 'yjs';

type Clock = () => Date;

/** Stamps `field` with the time now, unless it is stamped already. */
export function setStamp(doc: Y.Doc, record: Y.Map<unknown>, field: string, origin: unknown, clock: Clock): void {
  if (record.get(field)) return;
  doc.transact(() => {
    const now = clock().toISOString();
    record.set(field, now);
    record.set('updatedAt', now);
  }, origin);
}

/** Removes the stamp in `field` (and any `alsoRemove` fields with it), if there is one. */
export function clearStamp(
  doc: Y.Doc,
  record: Y.Map<unknown>,
  field: string,
  origin: unknown,
  clock: Clock,
  alsoRemove: readonly string[] = [],
): void {
  if (!record.get(field)) return;
  doc.transact(() => {
    record.delete(field);
    for (const other of alsoRemove) record.delete(other);
    record.set('updatedAt', clock().toISOString());
  }, origin);
}
