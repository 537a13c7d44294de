import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import * as Y from 'yjs';
import { checkUpdate, utf16Length } from './check-update';

/**
 * The check as first written: Yjs's own decoder builds every struct, then the
 * two rules are tested on the result. The streaming check must agree with it
 * on every input, valid or not.
 */
function referenceCheck(update: Uint8Array): void {
  const { structs, ds } = Y.decodeUpdate(update);
  const forward = (ref: Y.ID | null, { client, clock }: Y.ID) => ref !== null && ref.client === client && ref.clock >= clock;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const parent = struct.parent instanceof Y.ID ? struct.parent : null;
    if (forward(struct.origin, struct.id) || forward(struct.rightOrigin, struct.id) || forward(parent, struct.id)) {
      throw new Error('an item refers forward to its own client');
    }
  }
  for (const ranges of ds.clients.values()) {
    if (ranges.some((range) => !(range.len > 0))) throw new Error('an empty deleted range');
  }
}

function verdict(check: (update: Uint8Array) => void, update: Uint8Array): boolean {
  try {
    check(update);
    return true;
  } catch {
    return false;
  }
}

/** A seeded PRNG (mulberry32), so a failure names the input that caused it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Updates using every kind of content Yjs writes: map values, text with formats and embeds, XML, arrays of JSON, binary and sub-documents, deletes and GC. */
function sampleUpdates(): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const doc = new Y.Doc({ gc: true });
  doc.clientID = 7;
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const people = doc.getMap<Y.Map<unknown>>('people');
  const person = new Y.Map<unknown>();
  people.set('p1', person);
  person.set('name', 'Ada Lovelace — ✓ 😀');
  person.set('closeness', 3);
  person.set('tags', ['math', { nested: true, deeper: [false, undefined] }, null, 1.5, -7, true]);
  person.set('numbers', { half: 0.5, pi: Math.PI, big: 2n ** 40n, negative: -123456789 });
  person.set('photo', new Uint8Array([1, 2, 3]));
  person.set('name', 'Ada');
  const text = doc.getText('text');
  text.insert(0, 'hello world');
  text.format(0, 5, { bold: true });
  text.insertEmbed(5, { image: 'x.png' });
  text.delete(2, 3);
  const xml = doc.getXmlFragment('body');
  const paragraph = new Y.XmlElement('paragraph');
  xml.insert(0, [paragraph, new Y.XmlText('loose text')]);
  paragraph.insert(0, [new Y.XmlText('inside')]);
  paragraph.setAttribute('level', '2');
  const array = doc.getArray<unknown>('array');
  array.insert(0, [1, 'two', { three: 3 }, new Y.Doc()]);
  array.delete(1, 1);
  people.delete('p1');

  const other = new Y.Doc();
  other.clientID = 9;
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  other.getText('text').insert(1, 'é');
  other.getArray('legacy').insert(0, ['a']);
  updates.push(Y.encodeStateAsUpdate(other));
  updates.push(Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  updates.push(Y.mergeUpdates(updates.slice(0, 5)));
  updates.push(legacyJsonUpdate());
  return updates;
}

/** Yjs no longer writes JSON content (it writes "any"), but reads it: an array under "root" holding ["undefined", {"a":[1,"b"]}, 2]. */
function legacyJsonUpdate(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // clients
  encoding.writeVarUint(encoder, 1); // structs
  encoding.writeVarUint(encoder, 3); // client
  encoding.writeVarUint(encoder, 0); // clock
  encoding.writeUint8(encoder, 2); // info: JSON content, parent follows
  encoding.writeVarUint(encoder, 1); // parent is a root type
  encoding.writeVarString(encoder, 'root');
  encoding.writeVarUint(encoder, 3);
  for (const json of ['undefined', '{"a":[1,"b"]}', '2']) encoding.writeVarString(encoder, json);
  encoding.writeVarUint(encoder, 0); // delete set: no clients
  return encoding.toUint8Array(encoder);
}

describe('checkUpdate', () => {
  const samples = sampleUpdates();

  it('accepts every update Yjs writes', () => {
    for (const update of samples) {
      expect(() => checkUpdate(update)).not.toThrow();
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, legacyJsonUpdate());
    expect(doc.getArray('root').toJSON()).toEqual([undefined, { a: [1, 'b'] }, 2]);
  });

  it('refuses an item whose origin lies ahead on its own client, and an empty deleted range', () => {
    // One client (1) with one struct at clock 0: a string item whose origin is (1, 5).
    const forward = new Uint8Array([1, 1, 1, 0, 0x84, 1, 5, 1, 0x61, 0]);
    expect(verdict(referenceCheck, forward)).toBe(false);
    expect(() => checkUpdate(forward)).toThrow(/refers forward/);
    const backward = new Uint8Array([1, 2, 1, 0, 0x04, 1, 4, 114, 111, 111, 116, 1, 0x61, 0x84, 1, 0, 1, 0x62, 0]);
    expect(verdict(referenceCheck, backward)).toBe(true);
    expect(() => checkUpdate(backward)).not.toThrow();
    const emptyRange = new Uint8Array([0, 1, 3, 1, 0, 0]);
    expect(() => checkUpdate(emptyRange)).toThrow(/empty deleted range/);
  });

  it('agrees with Yjs’s own decoder on thousands of corrupted updates', () => {
    const next = random(20261125);
    let refused = 0;
    let trials = 0;
    for (const [sample, update] of samples.entries()) {
      for (let trial = 0; trial < 400; trial++) {
        const copy = update.slice();
        const mode = trial % 4;
        let input: Uint8Array;
        if (mode === 0) {
          // one to three bit flips
          for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) {
            const bit = Math.floor(next() * copy.length * 8);
            copy[bit >> 3]! ^= 1 << (bit & 7);
          }
          input = copy;
        } else if (mode === 1) {
          input = copy.subarray(0, Math.floor(next() * copy.length)); // cut short
        } else if (mode === 2) {
          copy[Math.floor(next() * copy.length)] = Math.floor(next() * 256); // one byte replaced
          input = copy;
        } else {
          input = new Uint8Array(Math.floor(next() * 40)).map(() => Math.floor(next() * 256)); // noise
        }
        const expected = verdict(referenceCheck, input);
        const actual = verdict(checkUpdate, input);
        if (actual !== expected) {
          throw new Error(`sample ${sample}, trial ${trial}: reference ${expected}, streaming ${actual}, bytes ${Array.from(input).join(',')}`);
        }
        trials++;
        if (!actual) refused++;
      }
    }
    expect(trials).toBe(samples.length * 400);
    // Both accept and refuse happen, so the comparison says something.
    expect(refused).toBeGreaterThan(trials / 4);
    expect(refused).toBeLessThan(trials);
  });
});

describe('utf16Length', () => {
  // lib0's decoder, the one Yjs reads strings with: fatal, keeping a BOM.
  const fatal = string.utf8TextDecoder!;
  const expected = (bytes: Uint8Array) => {
    try {
      return fatal.decode(bytes).length;
    } catch {
      return -1;
    }
  };

  it('measures text as the decoded string’s length', () => {
    for (const text of ['', 'a', 'é', '€', '😀', '\uFEFFbom', 'mixed ✓ text 😀 with 漢字 and \u0000', 'x'.repeat(20_000)]) {
      const bytes = string.encodeUtf8(text);
      expect(utf16Length(bytes, 0, bytes.length)).toBe(text.length);
    }
    const inside = string.encodeUtf8('ab😀cd');
    expect(utf16Length(inside, 2, 6)).toBe(2);
  });

  it('refuses exactly what a fatal UTF-8 decoder refuses', () => {
    const next = random(42);
    // Bytes biased toward the edges of the UTF-8 ranges, where overlong forms, surrogates and cut sequences lie.
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    let refused = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      const bytes = new Uint8Array(1 + Math.floor(next() * 6)).map(() =>
        next() < 0.7 ? edges[Math.floor(next() * edges.length)]! : Math.floor(next() * 256),
      );
      const want = expected(bytes);
      if (utf16Length(bytes, 0, bytes.length) !== want) throw new Error(`bytes ${Array.from(bytes).join(',')}: want ${want}`);
      if (want < 0) refused++;
    }
    expect(refused).toBeGreaterThan(1_000);
    expect(refused).toBeLessThan(20_000);
  });
});
