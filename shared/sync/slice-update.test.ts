/**
 * sliceUpdate, property-tested on seeded random documents: several Y.Docs
 * edit maps, arrays, text and XML concurrently, with deletes, and sync only
 * partly with each other in between, so updates carry many clients whose
 * items name each other's. A failure names its seed; replay one with
 *   KITH_SLICE_SEED=1234 npx vitest run shared/sync/slice-update.test.ts
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as prng from 'lib0/prng';
import { sliceUpdate } from './slice-update';
import { checkUpdate } from './check-update';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const SEEDS = env.KITH_SLICE_SEED
  ? [Number(env.KITH_SLICE_SEED)]
  : Array.from({ length: Number(env.KITH_SLICE_SEEDS ?? 40) }, (_, index) => index + 1);

/** One random edit on `doc`: a map entry set or deleted, array items inserted or deleted, text typed, formatted or deleted, XML changed. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const map = doc.getMap('map');
  const array = doc.getArray<unknown>('array');
  const text = doc.getText('text');
  const xml = doc.getXmlFragment('xml');
  const word = () => prng.word(gen, 1, 12);
  switch (prng.int32(gen, 0, 9)) {
    case 0:
      map.set(`k${prng.int32(gen, 0, 20)}`, prng.bool(gen) ? word() : { n: prng.int32(gen, 0, 1000), s: word() });
      break;
    case 1: {
      const key = `k${prng.int32(gen, 0, 20)}`;
      if (prng.bool(gen)) map.delete(key);
      else {
        const nested = new Y.Map<unknown>();
        map.set(key, nested);
        nested.set('x', word());
      }
      break;
    }
    case 2:
      array.insert(prng.int32(gen, 0, array.length), [word(), prng.int32(gen, 0, 99)]);
      break;
    case 3:
      if (array.length > 0) {
        const at = prng.int32(gen, 0, array.length - 1);
        array.delete(at, Math.min(prng.int32(gen, 1, 3), array.length - at));
      }
      break;
    case 4: {
      const nested = new Y.Array<string>();
      array.insert(prng.int32(gen, 0, array.length), [nested]);
      nested.insert(0, [word(), word()]);
      break;
    }
    case 5:
    case 6:
      text.insert(prng.int32(gen, 0, text.length), word(), prng.bool(gen) ? { bold: true } : undefined);
      break;
    case 7:
      if (text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        if (prng.bool(gen)) text.delete(at, Math.min(prng.int32(gen, 1, 8), text.length - at));
        else text.format(at, Math.min(4, text.length - at), { italic: true });
      }
      break;
    case 8: {
      const element = new Y.XmlElement('p');
      const inner = new Y.XmlText();
      element.insert(0, [inner]);
      xml.insert(prng.int32(gen, 0, xml.length), [element]);
      inner.insert(0, word());
      element.setAttribute('class', word());
      break;
    }
    default: {
      if (xml.length > 0) {
        const child = xml.get(prng.int32(gen, 0, xml.length - 1));
        if (prng.bool(gen)) xml.delete(xml.toArray().indexOf(child), 1);
        else if (child instanceof Y.XmlElement) {
          const inner = child.get(0);
          if (inner instanceof Y.XmlText) inner.insert(prng.int32(gen, 0, inner.length), word());
        }
      }
    }
  }
}

/** Several docs editing concurrently, syncing partly (one to another, one way) now and then; returns them. */
function randomDocs(seed: number): Y.Doc[] {
  const gen = prng.create(seed);
  const docs = Array.from({ length: prng.int32(gen, 2, 5) }, () => new Y.Doc());
  const steps = prng.int32(gen, 50, 400);
  for (let step = 0; step < steps; step++) {
    const doc = prng.oneOf(gen, docs);
    if (prng.int32(gen, 0, 5) === 0) {
      const other = prng.oneOf(gen, docs);
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    } else {
      // Several edits in one transaction make runs of structs that Yjs merges.
      doc.transact(() => {
        for (let edits = prng.int32(gen, 1, 4); edits > 0; edits--) randomEdit(gen, doc);
      });
    }
  }
  return docs;
}

/** Everything a doc holds, to compare two: content, state vector, the encoded state, and no update left waiting. */
function stateOf(doc: Y.Doc) {
  return {
    json: {
      map: doc.getMap('map').toJSON(),
      array: doc.getArray('array').toJSON(),
      text: doc.getText('text').toDelta(),
      xml: doc.getXmlFragment('xml').toString(),
    },
    stateVector: [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]),
    encoded: Y.encodeStateAsUpdate(doc),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
  };
}

function applied(updates: Uint8Array[], base?: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, base);
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function shuffled<T>(gen: prng.PRNG, items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = prng.int32(gen, 0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('sliceUpdate', () => {
  for (const seed of SEEDS) {
    it(`slices that apply, in order or shuffled, to the state of the whole update (seed ${seed}; replay: KITH_SLICE_SEED=${seed})`, () => {
      const gen = prng.create(seed * 7919);
      const docs = randomDocs(seed);
      const source = prng.oneOf(gen, docs);
      // A whole state, or a partial one: what a replica that has some of it lacks (a step2).
      const receiver = prng.bool(gen) ? null : prng.oneOf(gen, docs.filter((doc) => doc !== source));
      const base = receiver ? Y.encodeStateAsUpdate(receiver) : undefined;
      const update = receiver ? Y.encodeStateAsUpdate(source, Y.encodeStateVector(receiver)) : Y.encodeStateAsUpdate(source);
      const maxBytes = prng.int32(gen, 40, 600);

      const slices = sliceUpdate(update, maxBytes);
      const expected = stateOf(applied([update], base));

      for (const slice of slices) {
        checkUpdate(slice);
        const { structs } = Y.decodeUpdate(slice);
        // Only a slice of one struct, or the last (its delete set is never split), may be over the size.
        if (slice.byteLength > maxBytes && slice !== slices.at(-1)) expect(structs.length).toBe(1);
      }
      const last = Y.decodeUpdate(slices.at(-1)!);
      expect(last.ds.clients.size).toBe(Y.decodeUpdate(update).ds.clients.size);

      expect(stateOf(applied(slices, base))).toEqual(expected);
      expect(stateOf(applied(shuffled(gen, slices), base))).toEqual(expected);
    });
  }

  it('puts the delete set only in the last slice', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('map');
    for (let i = 0; i < 200; i++) map.set(`key${i}`, `value ${i}`);
    for (let i = 0; i < 200; i += 3) map.delete(`key${i}`);
    const slices = sliceUpdate(Y.encodeStateAsUpdate(doc), 200);
    expect(slices.length).toBeGreaterThan(3);
    slices.forEach((slice, index) => {
      expect(Y.decodeUpdate(slice).ds.clients.size).toBe(index === slices.length - 1 ? 1 : 0);
    });
  });

  it('keeps a struct bigger than the limit whole, in a slice of its own', () => {
    const doc = new Y.Doc();
    doc.getMap('map').set('small', 'a');
    doc.getMap('map').set('big', new Uint8Array(5000).fill(7));
    doc.getMap('map').set('after', 'b');
    const update = Y.encodeStateAsUpdate(doc);
    const slices = sliceUpdate(update, 1000);
    const big = slices.filter((slice) => slice.byteLength > 1000);
    expect(big).toHaveLength(1);
    expect(Y.decodeUpdate(big[0]!).structs).toHaveLength(1);
    expect(stateOf(applied(slices))).toEqual(stateOf(applied([update])));
  });

  it('orders slices so that each one integrates as it arrives (no pending structs) when clients depend on each other', () => {
    // Two docs taking turns to type into one text: each one's items name the other's.
    const a = new Y.Doc();
    const b = new Y.Doc();
    for (let round = 0; round < 60; round++) {
      const [from, to] = round % 2 === 0 ? [a, b] : [b, a];
      from.getText('text').insert(from.getText('text').length, `turn ${round}; `);
      Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
    const update = Y.encodeStateAsUpdate(a);
    const slices = sliceUpdate(update, 120);
    expect(slices.length).toBeGreaterThan(5);
    const doc = new Y.Doc();
    let stuck = 0;
    for (const slice of slices) {
      Y.applyUpdate(doc, slice);
      if (doc.store.pendingStructs) stuck++;
    }
    expect(stuck).toBe(0);
    expect(doc.getText('text').toString()).toBe(a.getText('text').toString());
  });

  it('returns an update that fits as it is', () => {
    const doc = new Y.Doc();
    doc.getMap('map').set('a', 1);
    const update = Y.encodeStateAsUpdate(doc);
    expect(sliceUpdate(update, 1 << 20)).toEqual([update]);
  });

  it('refuses a malformed update with an error', () => {
    const doc = new Y.Doc();
    const text = doc.getText('text');
    for (let i = 0; i < 50; i++) text.insert(0, `line ${i}\n`);
    const update = Y.encodeStateAsUpdate(doc);
    expect(() => sliceUpdate(update.slice(0, update.length - 7), 100)).toThrow();
    const corrupt = update.slice();
    corrupt[5] = 0xff;
    corrupt[6] = 0xff;
    expect(() => sliceUpdate(corrupt, 100)).toThrow();
    expect(() => sliceUpdate(new Uint8Array([1, 2, 3]), 100)).toThrow();
    expect(() => sliceUpdate(update, 0)).toThrow(RangeError);
  });
});
