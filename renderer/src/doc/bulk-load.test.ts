import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { afterBulkLoad, beginBulkLoad, isBulkLoad } from './bulk-load';

/** The origins of the doc's transactions, each with whether it counted as a load's slice. */
function watch(doc: Y.Doc): Array<[unknown, boolean]> {
  const seen: Array<[unknown, boolean]> = [];
  doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push([transaction.origin, isBulkLoad(transaction)]));
  return seen;
}

describe('bulk loads', () => {
  it("marks only the load's own transactions, and runs what waited once, when the last load ends", () => {
    const doc = new Y.Doc();
    const seen = watch(doc);
    const stored = {};
    const host = {};
    const endStored = beginBulkLoad(doc, stored);
    const endHost = beginBulkLoad(doc, host);
    let runs = 0;
    const refresh = () => runs++;
    doc.transact(() => doc.getMap('m').set('a', 1), stored);
    doc.transact(() => doc.getMap('m').set('b', 1), 'ui');
    doc.transact(() => doc.getMap('m').set('c', 1), host);
    afterBulkLoad(doc, refresh);
    afterBulkLoad(doc, refresh);
    expect(seen).toEqual([
      [stored, true],
      ['ui', false],
      [host, true],
    ]);
    endStored();
    endStored();
    expect(runs).toBe(0);
    doc.transact(() => doc.getMap('m').set('d', 1), stored);
    expect(seen.at(-1)).toEqual([stored, false]);
    endHost();
    expect(runs).toBe(1);
    afterBulkLoad(doc, refresh);
    expect(runs).toBe(2);
  });
});
