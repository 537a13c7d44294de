/**
 * Splits one Yjs update (v1 encoding) into several smaller ones whose
 * application, in order, has the same effect as applying the whole.
 *
 * Why: at 30,000 people a first sync is one ~70 MB update, and applying it is
 * one task of many seconds; a message that size also needs huge caps on the
 * links. Sliced, each message stays small and a window can apply one slice
 * per task, giving the event loop back in between.
 *
 *   update ──decode──► structs, per client in clock order ──► slices
 *                      (Item, GC, Skip)                        each: the v1 struct
 *                      delete set ───────────────────────────► section of a few
 *                                                              clients' runs; the
 *                                                              last one also carries
 *                                                              the delete set
 *
 * Each slice is written in the format of Yjs's own `writeClientsStructs` and
 * `writeDeleteSet` (yjs src/utils/encoding.js): number of clients, then per
 * client the number of structs, the client, the first clock and the structs
 * (`Item.write(encoder, 0)`: slices cut between structs, never inside one),
 * then the delete set. A client appears at most once per slice (Yjs reads a
 * second run of one client over the first), so a slice holds, per client, one
 * contiguous run of its structs.
 *
 * Order: an item names the items it was inserted between (origin,
 * rightOrigin) and, at the start of a type, its parent item. A slice whose
 * items name items that have not arrived yet is not integrated: Yjs keeps it
 * as pending structs, merges every later update into that pending update and
 * retries — the whole document would then be integrated by the last apply. So
 * the slices take each client's structs in clock order, and a struct goes
 * only once what it names from other clients has gone (what the update does
 * not hold is taken to be in the document already). Structs Yjs merged from
 * a run of typing can still form a cycle between two clients; then the
 * client with the oldest blocked struct goes on anyway, and Yjs's pending path
 * sorts out those few.
 *
 * Every slice is at most `maxBytes`, except one that holds a single struct
 * bigger than that (a big binary or JSON value), or the last, whose delete set
 * is never split (a delete set does not integrate in parts: Yjs would keep
 * the part that names structs not yet applied pending until the end anyway).
 */
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { checkUpdate } from './check-update';

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.decodeUpdate>['ds'];

interface ClientRun {
  client: number;
  structs: Struct[];
  /** The first clock this update holds of the client, and the one after its last struct. */
  startClock: number;
  endClock: number;
  /** Index of the next struct not yet put in a slice. */
  next: number;
  /** Clock up to which this client's structs have been put in slices. */
  sent: number;
}

/** What a slice holds so far: per client, structs [from, to) of its run; and its size in bytes. */
interface SliceBuilder {
  runs: Map<number, { run: ClientRun; from: number; to: number; encoder: Y.UpdateEncoderV1 }>;
  bytes: number;
}

/** The room a client's run header takes in a slice: struct count, client, first clock (three varuints). */
const RUN_HEADER_BYTES = 3 * 5;

/**
 * Splits `update` into updates of at most `maxBytes` each (see the header for
 * the exceptions). Throws, having produced nothing, when `update` is malformed.
 * An update of no more than `maxBytes` comes back as it is.
 */
export function sliceUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (!(maxBytes > 0)) throw new RangeError('maxBytes must be positive');
  checkUpdate(update);
  if (update.byteLength <= maxBytes) return [update];
  const { structs, ds } = Y.decodeUpdate(update);
  const runs = clientRuns(structs);
  const byClient = new Map(runs.map((run) => [run.client, run]));
  const slices: Uint8Array[] = [];
  let slice = emptySlice();
  let remaining = runs.reduce((sum, run) => sum + run.structs.length, 0);
  while (remaining > 0) {
    let progressed = false;
    for (const run of runs) {
      while (run.next < run.structs.length && isReady(run.structs[run.next]!, run, byClient)) {
        slice = addStruct(slice, run, slices, maxBytes);
        remaining--;
        progressed = true;
      }
    }
    if (!progressed) {
      const stuck = oldestBlocked(runs);
      slice = addStruct(slice, stuck, slices, maxBytes);
      remaining--;
    }
  }
  slices.push(encodeSlice(slice, ds));
  return slices;
}

function clientRuns(structs: Struct[]): ClientRun[] {
  const runs: ClientRun[] = [];
  let run: ClientRun | null = null;
  for (const struct of structs) {
    if (struct instanceof Y.Skip) {
      // A gap in this client's clocks: nothing to apply, and it says nothing about what is present.
      continue;
    }
    const { client, clock } = struct.id;
    if (!run || run.client !== client || run.endClock !== clock) {
      const known = runs.find((candidate) => candidate.client === client);
      if (known) {
        if (clock < known.endClock) throw new Error('Malformed update: a client\'s structs overlap');
        // Only a Skip separates the two parts; join them and keep the gap as a Skip when writing.
        known.structs.push(new Y.Skip(Y.createID(client, known.endClock), clock - known.endClock));
        known.endClock = clock;
        run = known;
      } else {
        run = { client, structs: [], startClock: clock, endClock: clock, next: 0, sent: clock };
        runs.push(run);
      }
    }
    run.structs.push(struct);
    run.endClock = clock + struct.length;
  }
  return runs;
}

/** True when what `struct` names from other clients, and holds in this update, has been put in a slice. */
function isReady(struct: Struct, own: ClientRun, byClient: Map<number, ClientRun>): boolean {
  if (!(struct instanceof Y.Item)) return true;
  const parent = struct.parent instanceof Y.ID ? struct.parent : null;
  return hasGone(struct.origin, own, byClient) && hasGone(struct.rightOrigin, own, byClient) && hasGone(parent, own, byClient);
}

function hasGone(id: Y.ID | null, own: ClientRun, byClient: Map<number, ClientRun>): boolean {
  if (!id || id.client === own.client) return true;
  const run = byClient.get(id.client);
  return !run || id.clock < run.startClock || id.clock >= run.endClock || id.clock < run.sent;
}

/** The client whose next struct is the longest waiting — the lowest clock relative to its run — to break a cycle. */
function oldestBlocked(runs: ClientRun[]): ClientRun {
  let best: ClientRun | null = null;
  for (const run of runs) {
    if (run.next >= run.structs.length) continue;
    if (!best || run.sent - run.startClock < best.sent - best.startClock) best = run;
  }
  return best!;
}

function emptySlice(): SliceBuilder {
  return { runs: new Map(), bytes: 1 };
}

/** Puts the next struct of `run` in the slice; starts a new slice first when it would not fit. Returns the slice being built. */
function addStruct(slice: SliceBuilder, run: ClientRun, done: Uint8Array[], maxBytes: number): SliceBuilder {
  const struct = run.structs[run.next]!;
  let entry = slice.runs.get(run.client);
  const bytes = encodedStruct(struct);
  const added = bytes.byteLength + (entry ? 0 : RUN_HEADER_BYTES);
  if (slice.bytes + added > maxBytes && slice.runs.size > 0) {
    done.push(encodeSlice(slice, null));
    slice = emptySlice();
    entry = undefined;
  }
  run.next++;
  run.sent = struct.id.clock + struct.length;
  // A gap at the start of this slice's run: the run simply starts after it.
  if (struct instanceof Y.Skip && !entry) return slice;
  if (!entry) {
    entry = { run, from: run.next - 1, to: run.next, encoder: new Y.UpdateEncoderV1() };
    slice.runs.set(run.client, entry);
    slice.bytes += RUN_HEADER_BYTES;
  }
  encoding.writeUint8Array(entry.encoder.restEncoder, bytes);
  entry.to = run.next;
  slice.bytes += bytes.byteLength;
  return slice;
}

/** One encoder reused for every struct: allocating one per struct made slicing slower than applying. */
const scratch = new Y.UpdateEncoderV1();

/** The bytes of `struct` as Yjs writes it whole; valid until the next call. */
function encodedStruct(struct: Struct): Uint8Array {
  const rest = scratch.restEncoder;
  rest.cpos = 0;
  rest.bufs = [];
  struct.write(scratch, 0);
  return rest.bufs.length === 0 ? rest.cbuf.subarray(0, rest.cpos) : encoding.toUint8Array(rest);
}

/** Writes a slice as Yjs writes an update: the clients' struct runs (higher client ids first, as Yjs does), then a delete set. */
function encodeSlice(slice: SliceBuilder, ds: DeleteSet | null): Uint8Array {
  const encoder = encoding.createEncoder();
  const entries = [...slice.runs.values()].sort((a, b) => b.run.client - a.run.client);
  encoding.writeVarUint(encoder, entries.length);
  for (const { run, from, to, encoder: structs } of entries) {
    encoding.writeVarUint(encoder, to - from);
    encoding.writeVarUint(encoder, run.client);
    encoding.writeVarUint(encoder, run.structs[from]!.id.clock);
    encoding.writeUint8Array(encoder, encoding.toUint8Array(structs.restEncoder));
  }
  writeDeleteSet(encoder, ds);
  return encoding.toUint8Array(encoder);
}

/** Yjs's `writeDeleteSet` with a v1 encoder: clients (higher ids first), each with its deleted ranges as clock and length. */
function writeDeleteSet(encoder: encoding.Encoder, ds: DeleteSet | null): void {
  const clients = ds ? [...ds.clients.entries()].filter(([, items]) => items.length > 0).sort((a, b) => b[0] - a[0]) : [];
  encoding.writeVarUint(encoder, clients.length);
  for (const [client, items] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, items.length);
    for (const item of items) {
      encoding.writeVarUint(encoder, item.clock);
      encoding.writeVarUint(encoder, item.len);
    }
  }
}
