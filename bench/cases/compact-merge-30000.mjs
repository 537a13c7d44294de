/**
 * How the compaction worker merges the stored copy (renderer/src/doc/
 * compact-store.ts), in Node: the generated network at 30,000 people
 * (bench/lib/long-tasks.mjs's, ~67 MB) as one stored update plus 600 small
 * edits, each its own update, as y-indexeddb stores them. ms = Y.mergeUpdates
 * of them all (what the worker does); baseline = applying them to a fresh
 * Y.Doc and encoding its state (the other way to merge). Goal: ≤ 1×.
 */
import * as Y from 'yjs';
import { loadNetworkGenerator } from '../lib/bundle.mjs';
import { medianOfRuns } from '../lib/stats.mjs';
import { PEOPLE } from '../lib/long-tasks.mjs';

export const description = 'the compaction worker\'s merge of a 30,000-person copy and 600 edits: Y.mergeUpdates vs apply to a fresh doc and encode';

const EDITS = 600;

export async function run({ runs, log }) {
  const generator = await loadNetworkGenerator();
  const doc = generator.generateNetwork({ seed: PEOPLE, people: PEOPLE, linksPerPerson: 3, notesPerPerson: 2 });
  const updates = [Y.encodeStateAsUpdate(doc)];
  doc.on('update', (update) => updates.push(update));
  const contacts = doc.getMap('contacts');
  [...contacts.keys()].slice(0, EDITS).forEach((id, i) => contacts.get(id).set('title', `Title ${i}`));
  log(`${updates.length} updates, ${(updates[0].byteLength / 1e6).toFixed(0)} MB the first`);
  let sizes = '';
  const result = await medianOfRuns(
    runs,
    async () => {
      let start = performance.now();
      const merged = Y.mergeUpdates(updates);
      const ms = performance.now() - start;
      start = performance.now();
      const fresh = new Y.Doc();
      Y.transact(fresh, () => updates.forEach((update) => Y.applyUpdate(fresh, update)));
      const encoded = Y.encodeStateAsUpdate(fresh);
      const baselineMs = performance.now() - start;
      sizes = `merged ${merged.byteLength} bytes, applied and encoded ${encoded.byteLength} bytes`;
      return { ms, baselineMs };
    },
    log,
  );
  return { ...result, goal: 1, details: [sizes] };
}
