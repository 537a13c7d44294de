/**
 * Planning an import of 10,000 cards into 5,000 people, in plain Node: the
 * e2e's synthetic cards ("Member 17 Quillfeather", names one digit apart:
 * the name rules' worst case), all new.
 *
 * Subject: planImport (shared/interop/plan.ts), which compares names only
 * across the file and Kith (findDuplicatesBetween). Baseline, alternating:
 * findDuplicates on the 5,000 alone (the Duplicates view's scan of the
 * network itself). Goal ≤ 3×. Detail line: what planning cost before
 * findDuplicatesBetween — findDuplicates over all 15,000 names and
 * organisations in one scratch document, pairing the cards with each other
 * too — timed once per run on the same input.
 */
import * as Y from 'yjs';
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { median, medianOfRuns } from '../lib/stats.mjs';

export const description = 'planImport of 10,000 cards into 5,000 people, vs findDuplicates on the 5,000';

const CARDS = 10000;

function cards() {
  const text = [];
  for (let i = 0; i < CARDS; i++) {
    text.push(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Member ${i} Quillfeather\r\nORG:Guild ${i % 40}\r\nEMAIL:member${i}@guild.example\r\nUID:bulk-${i}\r\nEND:VCARD\r\n`);
  }
  return new TextEncoder().encode(text.join(''));
}

/** The previous way: every name of both sets in one scratch document, all pairs found, the cross ones kept. */
function scratchFindDuplicates(findDuplicates, doc, contacts) {
  const scratch = new Y.Doc();
  const map = scratch.getMap('contacts');
  const add = (id, name, org, createdAt) => {
    const record = new Y.Map();
    record.set('name', name);
    record.set('org', org);
    record.set('createdAt', createdAt);
    map.set(id, record);
  };
  scratch.transact(() => {
    doc.getMap('contacts').forEach((record, id) => add(id, record.get('name'), record.get('org') ?? '', record.get('createdAt')));
    contacts.forEach((contact, i) => add(`person:~import${i}`, contact.fn, contact.orgs[0]?.name ?? '', '~'));
  });
  const pairs = findDuplicates(scratch).filter(({ a, b }) => a.id.startsWith('person:~import') !== b.id.startsWith('person:~import'));
  scratch.destroy();
  return pairs;
}

const time = (fn) => {
  const started = performance.now();
  const value = fn();
  return [performance.now() - started, value];
};

export async function run({ runs, log }) {
  const { generateNetwork } = await loadNetworkGenerator();
  const { readVCard } = await loadTypeScript('shared/interop/vcard-read.ts');
  const { planImport } = await loadTypeScript('shared/interop/plan.ts');
  const { findDuplicates } = await loadTypeScript('shared/doc/duplicates.ts');
  const doc = generateNetwork({ seed: 5000, people: 5000 });
  const { contacts } = readVCard(cards());
  const before = [];
  const result = await medianOfRuns(
    runs,
    async () => {
      const [baselineMs] = time(() => findDuplicates(doc));
      const [ms, plan] = time(() => planImport(doc, contacts));
      if (plan.counts.new !== CARDS) throw new Error(`expected ${CARDS} new, got ${JSON.stringify(plan.counts)}`);
      const [previousMs, pairs] = time(() => scratchFindDuplicates(findDuplicates, doc, contacts));
      before.push(previousMs);
      log(`planImport ${Math.round(ms)} ms; before findDuplicatesBetween, its name matching alone took ${Math.round(previousMs)} ms (${pairs.length} cross pairs)`);
      return { ms, baselineMs };
    },
    log,
  );
  const details = [`before findDuplicatesBetween, the name matching alone (findDuplicates on all 15,000 names) took ${(median(before) / 1000).toFixed(2)} s (median)`];
  return { ...result, goal: 3, details };
}
