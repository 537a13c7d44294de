/**
 * Likely duplicates, kept up to date one person at a time.
 *
 * findDuplicates (shared/doc/duplicates.ts) reads everyone and takes seconds
 * at 30,000 people. This index keeps each live person's blocking keys (email,
 * phone tail, sorted name, initials, name pieces) in buckets and the pairs
 * found; a changed person leaves their buckets and pairs, comes back with
 * their new keys, and only the people sharing a bucket with them are judged
 * again — with the same `judgePair`, so it lists what findDuplicates lists.
 */
import * as Y from 'yjs';
import {
  candidate,
  emailKeys,
  judgePair,
  maxEdits,
  olderFirst,
  phoneTails,
  piecesOf,
  sortPairs,
  type Candidate,
  type DuplicatePair,
} from '../doc/duplicates';
import { readPerson, type Person } from '../doc/people';
import { root } from '../doc/schema';
import { changedRecords } from '../doc/records';

/** The scope of the people without an organisation's pieces, looked up by people who have none either. */
const ANY_ORG = '\u0000';
const SEP = '\u0001';

type Buckets = Map<string, Set<string>>;

interface Entry {
  candidate: Candidate;
  /** Every bucket key this person is in, to leave them again. */
  keys: string[];
  person: Person | null;
}

interface FoundPair {
  a: string;
  b: string;
  reasons: string[];
}

export class DuplicateIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly buckets: Buckets = new Map();
  private readonly pairs = new Map<string, FoundPair>();
  private readonly pairsOf = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private readonly contacts: Y.Map<unknown>;
  private listed: DuplicatePair[] | null = null;

  constructor(private readonly doc: Y.Doc) {
    this.contacts = root(doc, 'contacts');
    for (const id of this.contacts.keys()) this.dirty.add(id);
    doc.on('afterTransaction', this.onTransaction);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** Pairs of live people who are likely one person, in findDuplicates' order. */
  list(): DuplicatePair[] {
    this.refresh();
    this.listed ??= sortPairs(
      [...this.pairs.values()].map(({ a, b, reasons }) => ({ a: this.personOf(a), b: this.personOf(b), reasons: [...reasons] })),
    );
    return this.listed;
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    transaction.changed.forEach((keys, type) => {
      for (const { root: changedRoot, key } of changedRecords(type, keys)) if (changedRoot === this.contacts) this.dirty.add(key);
    });
  };

  private refresh(): void {
    if (!this.dirty.size) return;
    const changed = [...this.dirty];
    this.dirty.clear();
    this.listed = null;
    for (const id of changed) this.leave(id);
    for (const id of changed) {
      const record = this.contacts.get(id);
      if (record instanceof Y.Map && !record.get('deletedAt')) this.enter(candidate(id, record));
    }
    const judged = new Set<string>();
    for (const id of changed) {
      const entry = this.entries.get(id);
      if (!entry) continue;
      for (const otherId of this.proposals(entry.candidate)) {
        const other = this.entries.get(otherId)!;
        const [a, b] = olderFirst(entry.candidate, other.candidate);
        const key = `${a.id} ${b.id}`;
        if (judged.has(key)) continue;
        judged.add(key);
        const reasons = judgePair(a, b);
        if (reasons.length) this.addPair(key, { a: a.id, b: b.id, reasons });
      }
    }
  }

  private personOf(id: string): Person {
    const entry = this.entries.get(id)!;
    return (entry.person ??= readPerson(id, entry.candidate.record!));
  }

  private enter(person: Candidate): void {
    const keys = blockingKeys(person);
    for (const key of keys) {
      let bucket = this.buckets.get(key);
      if (!bucket) this.buckets.set(key, (bucket = new Set()));
      bucket.add(person.id);
    }
    this.entries.set(person.id, { candidate: person, keys, person: null });
  }

  private leave(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (const key of entry.keys) {
      const bucket = this.buckets.get(key);
      bucket?.delete(id);
      if (bucket?.size === 0) this.buckets.delete(key);
    }
    this.entries.delete(id);
    for (const key of this.pairsOf.get(id) ?? []) {
      const pair = this.pairs.get(key);
      if (!pair) continue;
      this.pairs.delete(key);
      this.pairsOf.get(pair.a === id ? pair.b : pair.a)?.delete(key);
    }
    this.pairsOf.delete(id);
  }

  private addPair(key: string, pair: FoundPair): void {
    this.pairs.set(key, pair);
    for (const id of [pair.a, pair.b]) {
      let keys = this.pairsOf.get(id);
      if (!keys) this.pairsOf.set(id, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Everyone sharing a bucket with this person: the only ones any rule can pair them with. */
  private proposals(person: Candidate): Set<string> {
    const found = new Set<string>();
    const take = (key: string) => {
      for (const id of this.buckets.get(key) ?? []) if (id !== person.id) found.add(id);
    };
    for (const email of emailKeys(person)) take(`e${SEP}${email}`);
    for (const tail of phoneTails(person)) take(`p${SEP}${tail}`);
    const { name, sorted, initials, hasInitial, org } = person.named;
    if (!name) return found;
    take(`s${SEP}${sorted}`);
    // An initial pairs either way: look up those who wrote one by my initials, and, if I wrote one, everyone's.
    take(`w${SEP}${initials}`);
    if (hasInitial) take(`i${SEP}${initials}`);
    const scopes = org ? [org, ''] : [ANY_ORG];
    for (let length = name.length - 2; length <= name.length + 2; length++) {
      const limit = maxEdits(length);
      const delta = name.length - length;
      if (Math.abs(delta) > limit) continue;
      for (const piece of piecesOf(length)) {
        // Where piece i of a name of this length can sit in mine (PassJoin's position-aware substrings).
        const from = Math.max(0, piece.start - piece.index, piece.start + delta - (limit - piece.index));
        const to = Math.min(piece.start + piece.index, piece.start + delta + (limit - piece.index));
        for (let start = from; start <= to && start + piece.length <= name.length; start++) {
          const text = name.slice(start, start + piece.length);
          for (const scope of scopes) take(pieceKey(scope, length, piece.index, text));
        }
      }
    }
    return found;
  }
}

function pieceKey(scope: string, length: number, index: number, text: string): string {
  return `n${SEP}${scope}${SEP}${length}${SEP}${index}${SEP}${text}`;
}

/** The buckets a person is in: what others look them up by in `proposals`. */
function blockingKeys(person: Candidate): string[] {
  const keys = new Set<string>();
  for (const email of emailKeys(person)) keys.add(`e${SEP}${email}`);
  for (const tail of phoneTails(person)) keys.add(`p${SEP}${tail}`);
  const { name, sorted, initials, hasInitial, org } = person.named;
  if (!name) return [...keys];
  keys.add(`s${SEP}${sorted}`);
  keys.add(`i${SEP}${initials}`);
  if (hasInitial) keys.add(`w${SEP}${initials}`);
  for (const piece of piecesOf(name.length)) {
    const text = name.slice(piece.start, piece.start + piece.length);
    keys.add(pieceKey(ANY_ORG, name.length, piece.index, text));
    keys.add(pieceKey(org, name.length, piece.index, text));
  }
  return [...keys];
}
