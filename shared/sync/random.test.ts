/**
 * The seeded randomized sync test (Yjs's applyRandomTests idea, STYLE.md 9).
 *
 * Three to five replicas, each a Y.Doc with a "disk": the update log the host
 * keeps, where a local edit is fsynced before it counts as made (it is then
 * acknowledged) and an update from a peer is written at once but made durable
 * only by the next sync of the log. Random steps, all drawn from one seeded
 * PRNG: edits through the real operations of shared/doc (people and their
 * fields, items added to and removed from their lists and my profile's,
 * links, notes, typing in a note body as the editor does, and asks — kept,
 * edited, marked helped, reopened, removed and restored); links between
 * replicas coming up and going down (partitions); frames delivered in
 * random pieces and interleavings; a frame lost (on a reliable stream that
 * means the connection broke); sync updates delivered twice or swapped;
 * replicas restarting from the durable part of their disk. Then every
 * replica is linked to every other, the links run until quiet, and:
 *
 * - all replicas hold the same content and the same state vector, with no
 *   update left waiting for a missing one;
 * - every record ever created exists everywhere (no acknowledged edit lost);
 * - every person, ask and my profile read the same, field by field, everywhere;
 * - every list holds exactly the items added to it minus those removed,
 *   once each (items are unique `~tN` tokens), so no concurrent addition
 *   or removal was lost;
 * - every field written holds one of the values written to it;
 * - the note text is exactly the words typed minus the words deleted.
 *
 * My profile starts with one interest on every replica, as after the first
 * one is added: a list field that has never been written has no Y.Array
 * yet, and two devices that each write it first make two arrays of which
 * only one survives (shared/doc/README.md, "Lists").
 *
 * A failure names its seed. Replay one with
 *   KITH_SYNC_SEED=1234 npx vitest run shared/sync/random.test.ts
 * and run more with KITH_SYNC_SEEDS=1000 (default 100).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { createPerson, deletePerson, getPerson, restorePerson, updatePerson, type PersonField } from '../doc/people';
import { getMe, updateMe, type MeField } from '../doc/me';
import { createLink, deleteLink } from '../doc/links';
import { createNote } from '../doc/notes';
import { createAsk, deleteAsk, editAsk, markAskHelped, readAsk, reopenAsk, restoreAsk } from '../doc/asks';
import { ASKS } from '../doc/kinds';
import { ValidationError } from '../doc/errors';
import { LOCAL_UI } from '../doc/origins';
import { decodeSyncMessage } from './doc-sync';
import { docContent, linkPair, type MemoryLink, type Side } from './memory-link';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const SEEDS = env.KITH_SYNC_SEED
  ? [Number(env.KITH_SYNC_SEED)]
  : Array.from({ length: Number(env.KITH_SYNC_SEEDS ?? 100) }, (_, index) => index + 1);
const STEPS = Number(env.KITH_SYNC_STEPS ?? 300);

const FROM_DISK = Symbol('from-disk');
const WORD = /\[w\d+\]/g;
const TOKEN = /^~t\d+$/;
const ME_ID = 'me';

interface Replica {
  name: string;
  doc: Y.Doc;
  /** The update log: every update this replica applied, in order. */
  disk: Uint8Array[];
  /** How much of `disk` is fsynced: a restart keeps only this much. */
  durable: number;
  restarts: number;
}

/** What the replicas must agree on at the end, kept as the edits are made. */
interface Expected {
  people: string[];
  links: string[];
  notes: string[];
  asks: string[];
  /** Ids made on each replica: a replica that restarts must still have them. */
  madeBy: Map<string, string[]>;
  typed: Set<string>;
  deleted: Set<string>;
  /** Per list (`owner|field`, the owner a person id or `me`): the tokens ever added to it, and those removed. */
  lists: Map<string, { added: Set<string>; removed: Set<string> }>;
  /** Per field written (`owner|field`): every value written to it, as JSON. */
  written: Map<string, Set<string>>;
}

class Simulation {
  readonly gen: prng.PRNG;
  readonly replicas: Replica[] = [];
  readonly links = new Map<string, MemoryLink>();
  readonly expected: Expected = {
    people: [],
    links: [],
    notes: [],
    asks: [],
    madeBy: new Map(),
    typed: new Set(),
    deleted: new Set(),
    lists: new Map(),
    written: new Map(),
  };
  readonly log: string[] = [];
  private words = 0;
  private tokens = 0;
  private tick = 0;
  private readonly clock = () => new Date(Date.UTC(2026, 0, 1) + this.tick * 60_000);

  constructor(readonly seed: number) {
    this.gen = prng.create(seed);
    const count = prng.uint32(this.gen, 3, 5);
    const start = new Y.Doc();
    start.clientID = prng.uint32(this.gen, 1, 0x7fffffff);
    const firstInterest = this.token();
    updateMe(start, 'interests', [firstInterest], LOCAL_UI, this.clock);
    this.track(ME_ID, 'interests', [], [firstInterest]);
    for (let index = 0; index < count; index++) {
      const replica: Replica = { name: `r${index}`, doc: new Y.Doc(), disk: [], durable: 0, restarts: 0 };
      this.attach(replica, replica.doc);
      Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(start), LOCAL_UI);
      this.replicas.push(replica);
      this.expected.madeBy.set(replica.name, []);
    }
  }

  run(steps: number): void {
    for (this.tick = 0; this.tick < steps; this.tick++) {
      const roll = prng.uint32(this.gen, 0, 99);
      if (roll < 35) this.edit(this.pickReplica());
      else if (roll < 70) this.deliverSome();
      else if (roll < 78) this.connect();
      else if (roll < 83) this.partition();
      else if (roll < 86) this.loseFrame();
      else if (roll < 91) this.duplicateOrSwap();
      else if (roll < 94) this.restart(this.pickReplica());
      else this.fsync(this.pickReplica());
    }
    this.heal();
  }

  // ----- the disk --------------------------------------------------------

  /** Every update is appended to the log; a local edit is fsynced at once, with everything before it. */
  private attach(replica: Replica, doc: Y.Doc): void {
    doc.clientID = prng.uint32(this.gen, 1, 0x7fffffff);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_DISK) return;
      replica.disk.push(update);
      if (origin === LOCAL_UI) replica.durable = replica.disk.length;
    });
  }

  private fsync(replica: Replica): void {
    replica.durable = replica.disk.length;
  }

  private restart(replica: Replica): void {
    for (const [key, link] of this.links) {
      if (key.split('-').includes(replica.name)) this.drop(key, link, 'restart');
    }
    this.log.push(`restart ${replica.name} (keeps ${replica.durable} of ${replica.disk.length} updates)`);
    replica.doc.destroy();
    replica.disk = replica.disk.slice(0, replica.durable);
    const doc = new Y.Doc();
    doc.transact(() => {
      for (const update of replica.disk) Y.applyUpdate(doc, update, FROM_DISK);
    }, FROM_DISK);
    this.attach(replica, doc);
    replica.doc = doc;
    replica.restarts++;
    // Acknowledged edits survive a restart.
    const people = doc.getMap('contacts');
    const links = doc.getMap('links');
    const notes = doc.getMap('notes');
    const asks = doc.getMap('asks');
    for (const id of this.expected.madeBy.get(replica.name)!) {
      if (!people.has(id) && !links.has(id) && !notes.has(id) && !asks.has(id)) {
        throw new Error(`${replica.name} lost its own acknowledged edit ${id} in a restart`);
      }
    }
  }

  // ----- edits -----------------------------------------------------------

  private pickReplica(): Replica {
    return prng.oneOf(this.gen, this.replicas);
  }

  /** Ids of a kind that this replica has, in the order they were made (not by id, which is not seeded). */
  private known(replica: Replica, kind: 'people' | 'links' | 'notes' | 'asks', live = false): string[] {
    const root = replica.doc.getMap(kind === 'people' ? 'contacts' : kind);
    return this.expected[kind].filter((id) => {
      const record = root.get(id);
      return record instanceof Y.Map && (!live || !record.get('deletedAt'));
    });
  }

  private word(): string {
    const word = `[w${++this.words}]`;
    this.expected.typed.add(word);
    return word;
  }

  private token(): string {
    return `~t${++this.tokens}`;
  }

  /** Notes what a write did to a field: the tokens a list gained and lost, or the value a field was given. */
  private track(owner: string, field: string, before: unknown, after: unknown): void {
    const key = `${owner}|${field}`;
    if (Array.isArray(after)) {
      const list = this.expected.lists.get(key) ?? { added: new Set<string>(), removed: new Set<string>() };
      this.expected.lists.set(key, list);
      const had = new Set(before as string[]);
      const has = new Set(after as string[]);
      for (const item of has) if (TOKEN.test(item) && !had.has(item)) list.added.add(item);
      for (const item of had) if (TOKEN.test(item) && !has.has(item)) list.removed.add(item);
      return;
    }
    const values = this.expected.written.get(key) ?? new Set<string>();
    values.add(JSON.stringify(after));
    this.expected.written.set(key, values);
  }

  /** Sets a person's field as a form does, from what this replica shows, and notes what changed. */
  private writePerson(replica: Replica, id: string, field: PersonField, value: unknown): void {
    const before = getPerson(replica.doc, id)![field];
    updatePerson(replica.doc, id, field, value, LOCAL_UI, this.clock);
    this.track(id, field, before, getPerson(replica.doc, id)![field]);
  }

  private writeMe(replica: Replica, field: MeField, value: unknown): void {
    const before = getMe(replica.doc)[field];
    updateMe(replica.doc, field, value, LOCAL_UI, this.clock);
    this.track(ME_ID, field, before, getMe(replica.doc)[field]);
  }

  /** A list with one item added at a random place, or one removed (any item: tokens and words alike). */
  private editedList(current: readonly string[]): string[] {
    const list = [...current];
    if (list.length > 0 && prng.bool(this.gen)) list.splice(prng.uint32(this.gen, 0, list.length - 1), 1);
    else list.splice(prng.uint32(this.gen, 0, list.length), 0, this.token());
    return list;
  }

  /** Edits an ask as its card does, from what this replica shows, and notes what its text became. */
  private editAnAsk(replica: Replica, action: AskEdit): void {
    const { doc } = replica;
    const gen = this.gen;
    if (action === 'keep an ask') {
      const what = `looking for ${this.token()}`;
      const id = createAsk(doc, { contactId: prng.oneOf(gen, this.known(replica, 'people', true)), what }, LOCAL_UI, this.clock);
      this.made(replica, 'asks', id);
      this.track(id, 'what', undefined, what);
      return;
    }
    const asks = this.known(replica, 'asks');
    if (asks.length === 0) return;
    const id = prng.oneOf(gen, asks);
    switch (action) {
      case 'edit an ask': {
        const what = `looking for ${this.token()}`;
        editAsk(doc, id, what, LOCAL_UI, this.clock);
        this.track(id, 'what', undefined, what);
        break;
      }
      case 'mark an ask helped':
        markAskHelped(doc, id, { by: prng.oneOf(gen, ['hand', 'introduction'] as const) }, LOCAL_UI, this.clock);
        break;
      case 'reopen an ask':
        reopenAsk(doc, id, LOCAL_UI, this.clock);
        break;
      case 'remove an ask':
        deleteAsk(doc, id, LOCAL_UI, this.clock);
        break;
      case 'restore an ask':
        restoreAsk(doc, id, LOCAL_UI, this.clock);
        break;
    }
  }

  private made(replica: Replica, kind: 'people' | 'links' | 'notes' | 'asks', id: string): void {
    this.expected[kind].push(id);
    this.expected.madeBy.get(replica.name)!.push(id);
  }

  private edit(replica: Replica): void {
    const { doc } = replica;
    const gen = this.gen;
    const people = this.known(replica, 'people', true);
    const kind = people.length < 2 ? 'create person' : prng.oneOf(gen, [...EDITS]);
    const before = Y.encodeStateVector(doc);
    this.log.push(`${replica.name}: ${kind}`);
    try {
      switch (kind) {
        case 'create person': {
          const name = `${prng.oneOf(gen, FIRST_NAMES)} ${prng.word(gen, 3, 8)}`;
          const org = prng.oneOf(gen, ORGS);
          const id = createPerson(doc, { name, org }, LOCAL_UI, this.clock);
          this.made(replica, 'people', id);
          this.track(id, 'org', undefined, org);
          break;
        }
        case 'update person': {
          const [field, value] = prng.oneOf(gen, FIELD_VALUES)(gen);
          this.writePerson(replica, prng.oneOf(gen, this.known(replica, 'people')), field, value);
          break;
        }
        case 'edit a list': {
          const id = prng.oneOf(gen, this.known(replica, 'people'));
          const field = prng.oneOf(gen, [...LIST_FIELDS]);
          this.writePerson(replica, id, field, this.editedList(getPerson(doc, id)![field]));
          break;
        }
        case 'edit my interests':
          this.writeMe(replica, 'interests', this.editedList(getMe(doc).interests));
          break;
        case 'set my hometown':
          this.writeMe(replica, 'hometown', prng.word(gen, 3, 10));
          break;
        case 'delete person':
          deletePerson(doc, prng.oneOf(gen, people), LOCAL_UI, this.clock);
          break;
        case 'restore person':
          restorePerson(doc, prng.oneOf(gen, this.known(replica, 'people')), LOCAL_UI, this.clock);
          break;
        case 'create link': {
          const from = prng.oneOf(gen, people);
          const to = prng.oneOf(gen, people);
          this.made(replica, 'links', createLink(doc, { from, to, kind: prng.oneOf(gen, [...LINK_KINDS]) }, LOCAL_UI, this.clock));
          break;
        }
        case 'delete link': {
          const links = this.known(replica, 'links', true);
          if (links.length > 0) deleteLink(doc, prng.oneOf(gen, links), LOCAL_UI, this.clock);
          break;
        }
        case 'create note': {
          const contactIds = [prng.oneOf(gen, people), prng.oneOf(gen, people)];
          const lines = Array.from({ length: prng.uint32(gen, 1, 3) }, () =>
            Array.from({ length: prng.uint32(gen, 1, 3) }, () => this.word()).join(''),
          );
          const input = { contactIds, kind: 'call', text: lines.join('\n') };
          this.made(replica, 'notes', createNote(doc, input, LOCAL_UI, this.clock));
          break;
        }
        case 'type in a note':
          this.typeInNote(replica);
          break;
        default:
          this.editAnAsk(replica, kind);
      }
    } catch (error) {
      // The operations refuse some edits (people already linked, a person in the Trash): they write nothing then.
      if (!(error instanceof ValidationError)) throw error;
      this.log.push(`  refused: ${error.message}`);
      expect([...Y.encodeStateVector(doc)], `seed ${this.seed}: a refused edit wrote`).toEqual([...before]);
    }
  }

  /**
   * Stands in for the editor: inserts a word between two words of a
   * paragraph, deletes one or two whole words, or adds a paragraph. Words
   * are `[wN]`, each typed once, and every edit lands between words, so the
   * final text can be checked word by word.
   */
  private typeInNote(replica: Replica): void {
    const gen = this.gen;
    const notes = this.known(replica, 'notes');
    if (notes.length === 0) return;
    const record = replica.doc.getMap('notes').get(prng.oneOf(gen, notes)) as Y.Map<unknown>;
    const body = record.get('body') as Y.XmlFragment;
    const paragraphs = body.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
    const action = prng.uint32(gen, 0, 9);
    replica.doc.transact(() => {
      if (action === 0 || paragraphs.length === 0) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(this.word())]);
        body.insert(prng.uint32(gen, 0, body.length), [paragraph]);
        return;
      }
      const text = prng.oneOf(gen, paragraphs).get(0);
      if (!(text instanceof Y.XmlText)) return;
      const words = [...text.toString().matchAll(WORD)];
      if (action <= 6 || words.length === 0) {
        const boundaries = [0, ...words.map((match) => match.index + match[0].length)];
        text.insert(prng.oneOf(gen, boundaries), this.word());
        return;
      }
      const first = prng.uint32(gen, 0, words.length - 1);
      const last = Math.min(words.length - 1, first + prng.uint32(gen, 0, 1));
      const start = words[first]!.index;
      const end = words[last]!.index + words[last]![0].length;
      for (const match of words.slice(first, last + 1)) this.expected.deleted.add(match[0]);
      text.delete(start, end - start);
    }, LOCAL_UI);
  }

  // ----- the network -----------------------------------------------------

  private pair(): [Replica, Replica] {
    const first = prng.uint32(this.gen, 0, this.replicas.length - 1);
    let second = prng.uint32(this.gen, 0, this.replicas.length - 2);
    if (second >= first) second++;
    return first < second ? [this.replicas[first]!, this.replicas[second]!] : [this.replicas[second]!, this.replicas[first]!];
  }

  private connect(pair = this.pair()): void {
    const key = `${pair[0].name}-${pair[1].name}`;
    if (this.links.has(key)) return;
    this.log.push(`connect ${key}`);
    const gen = this.gen;
    // Small slices, so that step2s and forwarded changes go in several messages (doc-sync.ts).
    const sliceBytes = prng.uint32(gen, 64, 2048);
    this.links.set(
      key,
      linkPair(pair[0].doc, pair[1].doc, {
        a: { sliceBytes },
        b: { sliceBytes },
        chunk: (bytes) => {
          // Streams cut bytes anywhere: mostly whole, sometimes in random pieces.
          if (prng.uint32(gen, 0, 3) > 0) return [bytes];
          const pieces: Uint8Array[] = [];
          for (let offset = 0; offset < bytes.byteLength; ) {
            const size = prng.uint32(gen, 1, 64);
            pieces.push(bytes.subarray(offset, offset + size));
            offset += size;
          }
          return pieces;
        },
      }),
    );
  }

  private drop(key: string, link: MemoryLink, why: string): void {
    link.break(why);
    this.links.delete(key);
    this.log.push(`drop ${key}: ${why}`);
  }

  private partition(): void {
    const open = [...this.links.entries()];
    if (open.length === 0) return;
    const [key, link] = prng.oneOf(this.gen, open);
    this.drop(key, link, 'partition');
  }

  /** Links with frames in flight, and a side with some. */
  private busy(): Array<[string, MemoryLink, Side]> {
    const found: Array<[string, MemoryLink, Side]> = [];
    for (const [key, link] of this.links) {
      for (const side of ['a', 'b'] as const) if (link.queue(side).length > 0) found.push([key, link, side]);
    }
    return found;
  }

  private deliverSome(): void {
    const busy = this.busy();
    if (busy.length === 0) return;
    const [key, link, side] = prng.oneOf(this.gen, busy);
    const count = prng.uint32(this.gen, 1, 4);
    for (let index = 0; index < count && link.queue(side).length > 0; index++) link.deliver(side);
    this.checkLink(key, link);
  }

  /** A frame lost from a reliable stream means the stream broke. */
  private loseFrame(): void {
    const busy = this.busy();
    if (busy.length === 0) return;
    const [key, link] = prng.oneOf(this.gen, busy);
    this.drop(key, link, 'a frame was lost');
  }

  /** No stream does this; Yjs takes updates twice and out of order, and the protocol must not mind. */
  private duplicateOrSwap(): void {
    const busy = this.busy();
    if (busy.length === 0) return;
    const [key, link, side] = prng.oneOf(this.gen, busy);
    const updates = link
      .queue(side)
      // Whole messages only: a slice belongs before the message that closes it (doc-sync.ts).
      .flatMap((frame, index) => (frame.type === 'sync' && ['update', 'step2'].includes(decodeSyncMessage(frame.payload).kind) ? [index] : []));
    if (updates.length === 0) return;
    if (updates.length >= 2 && prng.uint32(this.gen, 0, 3) > 0) {
      const first = prng.oneOf(this.gen, updates);
      const second = prng.oneOf(this.gen, updates);
      link.swap(side, first, second);
      this.log.push(`swap ${key} → ${side}: ${first} ⇄ ${second}`);
    } else {
      const index = prng.oneOf(this.gen, updates);
      link.duplicate(side, index);
      this.log.push(`duplicate ${key} → ${side}: ${index}`);
    }
  }

  /**
   * A link must stay open (only the test breaks links), and a link that is
   * synced with nothing in flight joins two equal replicas: each sent the
   * other everything it had — in its step2, or as an update since.
   */
  private checkLink(key: string, link: MemoryLink): void {
    if (!link.open) throw new Error(`link ${key} was closed by ${link.closedBy}: ${link.closeReason}`);
    if (!link.idle || !link.a.synced || !link.b.synced) return;
    const [a, b] = [link.a.doc, link.b.doc];
    if (!sameBytes(Y.encodeStateVector(a), Y.encodeStateVector(b)) || docContent(a) !== docContent(b)) {
      throw new Error(`link ${key} is synced and idle, but its replicas differ`);
    }
  }

  /** Links every pair and runs every link until nothing is in flight. */
  private heal(): void {
    this.log.push('heal');
    for (let first = 0; first < this.replicas.length; first++) {
      for (let second = first + 1; second < this.replicas.length; second++) {
        this.connect([this.replicas[first]!, this.replicas[second]!]);
      }
    }
    for (let round = 0; ; round++) {
      const busy = this.busy();
      if (busy.length === 0) break;
      if (round > 100_000) throw new Error('the links never went quiet');
      const [key, link, side] = prng.oneOf(this.gen, busy);
      link.deliver(side);
      this.checkLink(key, link);
    }
    for (const [key, link] of this.links) {
      if (!link.a.synced || !link.b.synced) throw new Error(`link ${key} never synced`);
    }
  }

  // ----- the verdict -----------------------------------------------------

  verify(): void {
    const [first, ...others] = this.replicas;
    const content = docContent(first!.doc);
    const stateVector = [...Y.encodeStateVector(first!.doc)];
    for (const replica of this.replicas) {
      const { store } = replica.doc;
      expect(store.pendingStructs === null && store.pendingDs === null, `${replica.name} has updates waiting`).toBe(true);
    }
    for (const replica of others) {
      expect([...Y.encodeStateVector(replica.doc)], `state vector of ${replica.name}`).toEqual(stateVector);
      expect(docContent(replica.doc), `content of ${replica.name}`).toBe(content);
    }
    for (const replica of this.replicas) {
      const { doc } = replica;
      for (const [kind, root] of [['people', 'contacts'], ['links', 'links'], ['notes', 'notes'], ['asks', 'asks']] as const) {
        const missing = this.expected[kind].filter((id) => !doc.getMap(root).has(id));
        expect(missing, `${kind} missing on ${replica.name}`).toEqual([]);
      }
    }
    const words: string[] = [];
    for (const id of this.expected.notes) {
      const body = (first!.doc.getMap('notes').get(id) as Y.Map<unknown>).get('body') as Y.XmlFragment;
      for (const paragraph of body.toArray()) {
        const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
        const plain = text instanceof Y.XmlText ? text.toString() : '';
        expect(plain.replace(WORD, ''), `a word was split in note ${id}`).toBe('');
        words.push(...(plain.match(WORD) ?? []));
      }
    }
    const expectedWords = [...this.expected.typed].filter((word) => !this.expected.deleted.has(word));
    expect(words.slice().sort(), 'the words in the notes').toEqual(expectedWords.sort());
    this.verifyFields();
  }

  /** Every replica reads every person, ask and my profile alike; lists and fields hold what was written. */
  private verifyFields(): void {
    const read = (doc: Y.Doc, owner: string): Record<string, unknown> => {
      if (owner === ME_ID) return getMe(doc);
      if (owner.startsWith('ask:')) return readAsk(owner, ASKS.get(doc, owner)) as unknown as Record<string, unknown>;
      return getPerson(doc, owner) as unknown as Record<string, unknown>;
    };
    const owners = [ME_ID, ...this.expected.people, ...this.expected.asks];
    for (const replica of this.replicas.slice(1)) {
      for (const owner of owners) {
        expect(read(replica.doc, owner), `${owner} on ${replica.name}`).toEqual(read(this.replicas[0]!.doc, owner));
      }
    }
    for (const replica of this.replicas) {
      for (const id of this.expected.asks) {
        // As stored: helped goes with how, and reopening clears both, whatever order the devices did it in.
        const record = ASKS.get(replica.doc, id);
        expect(record.has('helpedBy'), `${id} on ${replica.name}: helpedAt and helpedBy disagree`).toBe(record.has('helpedAt'));
      }
      for (const [key, { added, removed }] of this.expected.lists) {
        const [owner, field] = key.split('|') as [string, string];
        const tokens = (read(replica.doc, owner)[field] as string[]).filter((item) => TOKEN.test(item));
        const present = [...added].filter((token) => !removed.has(token));
        expect(tokens.toSorted(), `the list ${key} on ${replica.name}`).toEqual(present.toSorted());
      }
      for (const [key, values] of this.expected.written) {
        const [owner, field] = key.split('|') as [string, string];
        const value = JSON.stringify(read(replica.doc, owner)[field]);
        expect(values.has(value), `${key} on ${replica.name} is ${value}, which no one wrote`).toBe(true);
      }
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, index) => byte === b[index]);
}

const EDITS = [
  'create person',
  'update person',
  'update person',
  'edit a list',
  'edit a list',
  'edit a list',
  'edit my interests',
  'edit my interests',
  'set my hometown',
  'delete person',
  'restore person',
  'create link',
  'create link',
  'delete link',
  'create note',
  'type in a note',
  'type in a note',
  'type in a note',
  'type in a note',
  'keep an ask',
  'keep an ask',
  'edit an ask',
  'mark an ask helped',
  'reopen an ask',
  'remove an ask',
  'restore an ask',
] as const;
type AskEdit = Extract<(typeof EDITS)[number], `${string}ask${string}`>;
const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Barbara', 'Alan', 'Margaret', 'Ken', 'Frances'];
const ORGS = ['Acme', 'Initech', 'Globex', 'Umbrella', ''];
const LINK_KINDS = ['knows', 'works-with', 'introduced', 'mentor', 'family'] as const;
const LIST_FIELDS = ['tags', 'interests', 'expertise'] as const;
const FIELD_VALUES: Array<(gen: prng.PRNG) => [PersonField, unknown]> = [
  (gen) => ['org', prng.oneOf(gen, ORGS)],
  (gen) => ['role', prng.word(gen, 2, 12)],
  (gen) => ['tier', prng.oneOf(gen, ['inner', 'close', 'regular', 'acquaintance'])],
  (gen) => ['tags', Array.from({ length: prng.uint32(gen, 0, 3) }, () => prng.word(gen, 2, 8))],
  (gen) => ['cadenceDays', prng.oneOf(gen, [null, 7, 30, 90])],
  (gen) => ['howMet', `met at ${prng.word(gen, 3, 10)}`],
];

function runSeed(seed: number): Simulation {
  const simulation = new Simulation(seed);
  try {
    simulation.run(STEPS);
    simulation.verify();
  } catch (error) {
    const replay = `KITH_SYNC_SEED=${seed} npx vitest run shared/sync/random.test.ts`;
    const tail = simulation.log.slice(-25).join('\n  ');
    throw new Error(`seed ${seed} failed (replay: ${replay}): ${(error as Error).message}\nlast steps:\n  ${tail}`, {
      cause: error,
    });
  }
  return simulation;
}

/** Seeds in groups, so each test reports progress and stays well inside the test timeout. */
const GROUPS = Array.from({ length: Math.ceil(SEEDS.length / 10) }, (_, index) => SEEDS.slice(index * 10, index * 10 + 10));

describe(`randomized sync: ${SEEDS.length} seeds of ${STEPS} steps, 3–5 replicas`, () => {
  const totals = { restarts: 0, lost: 0, words: 0, added: 0, removed: 0, asks: 0, askEdits: 0 };

  for (const seeds of GROUPS) {
    it(`seeds ${seeds[0]}–${seeds[seeds.length - 1]} converge with no acknowledged edit lost`, () => {
      for (const seed of seeds) {
        const simulation = runSeed(seed);
        totals.restarts += simulation.replicas.reduce((sum, replica) => sum + replica.restarts, 0);
        totals.lost += simulation.log.filter((line) => line.endsWith('a frame was lost')).length;
        totals.words += simulation.expected.typed.size;
        totals.asks += simulation.expected.asks.length;
        totals.askEdits += simulation.log.filter((line) => /: (edit|mark|reopen|remove|restore) an ask$/.test(line)).length;
        for (const { added, removed } of simulation.expected.lists.values()) {
          totals.added += added.size;
          totals.removed += removed.size;
        }
      }
    });
  }

  it('really restarted replicas, lost frames, typed in notes, edited lists and asks', () => {
    if (SEEDS.length < 20) return;
    expect(totals.restarts).toBeGreaterThan(SEEDS.length);
    expect(totals.lost).toBeGreaterThan(SEEDS.length);
    expect(totals.words).toBeGreaterThan(SEEDS.length * 10);
    expect(totals.added).toBeGreaterThan(SEEDS.length * 10);
    expect(totals.removed).toBeGreaterThan(SEEDS.length * 3);
    expect(totals.asks).toBeGreaterThan(SEEDS.length * 3);
    expect(totals.askEdits).toBeGreaterThan(SEEDS.length * 5);
  });

  it('replays a seed step for step', () => {
    const seed = SEEDS[0]!;
    const [first, second] = [runSeed(seed), runSeed(seed)];
    expect(second.log).toEqual(first.log);
    expect([...Y.encodeStateVector(second.replicas[0]!.doc)]).toEqual([...Y.encodeStateVector(first.replicas[0]!.doc)]);
  });
});

describe('concurrent list edits over a device link', () => {
  /** Two devices with one starting state, each edited while apart; then they meet over a link. */
  function apart(start: (doc: Y.Doc) => void): { a: Y.Doc; b: Y.Doc; meet: () => void } {
    const a = new Y.Doc();
    start(a);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const meet = () => {
      const link = linkPair(a, b);
      link.flush();
      expect(link.a.synced && link.b.synced && link.idle).toBe(true);
      expect(docContent(a)).toBe(docContent(b));
    };
    return { a, b, meet };
  }

  it('two devices adding a tag at once keep both', () => {
    let id = '';
    const { a, b, meet } = apart((doc) => (id = createPerson(doc, { name: 'Ada', tags: ['maths'] }, LOCAL_UI)));
    updatePerson(a, id, 'tags', [...getPerson(a, id)!.tags, 'climbing'], LOCAL_UI);
    updatePerson(b, id, 'tags', [...getPerson(b, id)!.tags, 'chess'], LOCAL_UI);
    meet();
    for (const doc of [a, b]) expect(getPerson(doc, id)!.tags.toSorted()).toEqual(['chess', 'climbing', 'maths']);
  });

  it('two devices adding an interest to my profile at once keep both', () => {
    const { a, b, meet } = apart((doc) => updateMe(doc, 'interests', ['sailing'], LOCAL_UI));
    updateMe(a, 'interests', [...getMe(a).interests, 'climbing'], LOCAL_UI);
    updateMe(b, 'interests', [...getMe(b).interests, 'chess'], LOCAL_UI);
    meet();
    for (const doc of [a, b]) expect(getMe(doc).interests.toSorted()).toEqual(['chess', 'climbing', 'sailing']);
  });

  it('a tag removed on one device and another added on the other both take effect', () => {
    let id = '';
    const { a, b, meet } = apart((doc) => (id = createPerson(doc, { name: 'Ada', tags: ['maths', 'poetry'] }, LOCAL_UI)));
    updatePerson(a, id, 'tags', ['poetry'], LOCAL_UI);
    updatePerson(b, id, 'tags', ['maths', 'poetry', 'chess'], LOCAL_UI);
    meet();
    for (const doc of [a, b]) expect(getPerson(doc, id)!.tags).toEqual(['poetry', 'chess']);
  });
});
