/**
 * Seeded fuzzing of the readers: valid files, mutated at random (bytes
 * flipped, inserted, deleted, lines doubled or cut, syntax characters
 * sprinkled in), must give contacts or ImportFormatError — nothing else —
 * and quickly. What they give must map to person input and plan without
 * throwing. A failure names its seed and case; replay with
 * KITH_FUZZ_SEED=<seed> npx vitest run shared/interop/fuzz.test.ts
 * (KITH_FUZZ_CASES sets how many).
 */
import { describe, expect, it } from 'vitest';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { encodeUtf8 } from 'lib0/string';
import { decodeText } from './text';
import { readVCard } from './vcard-read';
import { readCsv } from './csv-read';
import { ImportFormatError } from './errors';
import { toPersonInput } from './to-person';
import { planImport } from './plan';
import type { ReadResult } from './contact';

const SEED = Number(process.env.KITH_FUZZ_SEED ?? 20261203);
const CASES = Number(process.env.KITH_FUZZ_CASES ?? 600);
/**
 * Far above what these inputs take (a few ms, a few tens for the long runs)
 * on a busy machine; a loop that is worse than linear would blow it.
 */
const budgetMs = (bytes: Uint8Array) => 500 + bytes.length / 100;

const VCARDS = [
  'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;John;;Mr.;III\r\nFN:John Doe\r\nORG:Company, The;Dept\r\nNOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline=\r\n two=0D=\r\n=0A\r\nTEL;WORK;VOICE:+1 512 555 0100\r\nEMAIL;PREF;INTERNET:jdoe@example.com\r\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQ\r\n AAAQABAAD/2wBD\r\n\r\nEND:VCARD\r\n',
  'BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Apple AG\r\nitem1.ADR;type=WORK;type=pref:;;Birgistrasse 4a;Zürich;;8304;Switzerland\r\nitem2.URL:http\\://www.apple.ch\r\nitem2.X-ABLabel:_$!<HomePage>!$_\r\nPHOTO;BASE64:\n  /9j/4AAQ\n  SkZJRg==\r\nX-ABShowAs:COMPANY\r\nCATEGORIES:a,b\\,c\r\nEND:VCARD\r\n',
  'BEGIN:VCARD\nVERSION:4.0\nFN:Simon\nN;SORT-AS="per;sim":Perreault;Simon;;;ing. jr,M.Sc.\nBDAY:--0203\nANNIVERSARY:20090808T1430-0500\nTEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-656-9254;ext=102\nADR;TYPE=work:;Suite D2-630;2875 Laurier;\n Quebec;QC;G1V 2M2;Canada\nRELATED;TYPE=friend:urn:uuid:x\nUID:urn:uuid:y\nX-KITH-TIER:inner\nEND:VCARD\nBEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:x\nFN:Friend\nEND:VCARD\n',
  'ENCODING:UTF-8\r\nBEGIN:vCard\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=\r\n=80\r\n# comment\r\nNOTE;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=83=81=\r\n#=83=82\r\nEND:vCard\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nEMAIL:a@b.c\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:cut',
].map(encodeUtf8);

const CSVS = [
  'Notes:\n"When exporting, ""quotes"" appear."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Lovelace,https://www.linkedin.com/in/ada,,"Engines, Inc",Engineer,14 Mar 2023\nJane,Doe,,jane@x.example,Stripe,PM,01 Jan 2024\n',
  'Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Address 1 - Formatted,Address 1 - Street\r\naxel,axel,gert,kunden ::: * My Contacts,* Other,abc@here.de ::: b@here.de,Mobile,+4921234435,"Ring 22\r\nWinsen",Ring 22\r\n',
  '"First Name","Last Name","E-mail Address","Business Phone","Birthday","Categories"\r\n"John","Doe","j@x.example","+1 555 0100","3/21/1980","A;B"\r\n',
  'Who,Mail,Where\nAda,ada@x.example,London\n',
].map(encodeUtf8);

const TOKENS = ['=', '=\r\n', '\r\n', '\n', '\r', '"', ';', ':', ',', '\\', ' ', '\t', '=C3', '=80', 'BEGIN:VCARD\r\n', 'END:VCARD\r\n', '\u0000', 'é', '😀', ' ::: ', '""', '^', 'BASE64', 'QUOTED-PRINTABLE'].map(encodeUtf8);

function mutate(gen: prng.PRNG, input: Uint8Array): Uint8Array {
  let bytes = Array.from(input);
  const steps = prng.uint32(gen, 1, 6);
  for (let i = 0; i < steps; i++) {
    const at = prng.uint32(gen, 0, bytes.length);
    switch (prng.uint32(gen, 0, 7)) {
      case 0:
        if (bytes.length) bytes[Math.min(at, bytes.length - 1)] = prng.uint32(gen, 0, 255);
        break;
      case 1:
        bytes.splice(at, 0, ...prng.uint8Array(gen, prng.uint32(gen, 1, 8)));
        break;
      case 2:
        bytes.splice(at, prng.uint32(gen, 1, 40));
        break;
      case 3:
        bytes.splice(at, 0, ...prng.oneOf(gen, TOKENS));
        break;
      case 4: {
        const length = prng.uint32(gen, 1, 80);
        bytes.splice(at, 0, ...bytes.slice(at, at + length));
        break;
      }
      case 5:
        bytes = bytes.slice(0, at);
        break;
      case 6:
        // A long run of one byte: a huge name, header or value (spreading one into a call overflows the stack).
        if (prng.uint32(gen, 0, 5) === 0) {
          const run = new Array<number>(150_000).fill(prng.oneOf(gen, [0x41, 0x3d, 0x22, 0x3b, 0x20, 0xc3]));
          bytes = bytes.slice(0, at).concat(run, bytes.slice(at));
        }
        break;
      default:
        bytes.reverse();
    }
  }
  return new Uint8Array(bytes);
}

/** Reads, maps and (now and then) plans; returns the error if the reader refused the input. */
function exercise(read: (bytes: Uint8Array) => ReadResult, bytes: Uint8Array, plan: boolean): unknown {
  let result: ReadResult;
  try {
    result = read(bytes);
  } catch (error) {
    return error;
  }
  for (const contact of result.contacts) toPersonInput(contact, '2026-12-03T00:00:00.000Z');
  if (plan) planImport(new Y.Doc(), result.contacts);
  return null;
}

describe(`fuzzed input (seed ${SEED}, ${CASES} cases per reader)`, () => {
  for (const [name, read, samples] of [
    ['vCard', readVCard, VCARDS],
    ['CSV', readCsv, CSVS],
  ] as const) {
    it(`the ${name} reader gives contacts or ImportFormatError, never anything else, and never hangs`, () => {
      const gen = prng.create(SEED);
      let refused = 0;
      for (let i = 0; i < CASES; i++) {
        const bytes = mutate(gen, prng.oneOf(gen, [...samples]));
        const started = performance.now();
        const error = exercise(read, bytes, i % 10 === 0);
        const took = performance.now() - started;
        const where = `seed ${SEED}, case ${i}: ${JSON.stringify(decodeText(bytes).text.slice(0, 200))}`;
        if (error) {
          refused++;
          expect(error, `${where} threw ${String(error)}`).toBeInstanceOf(ImportFormatError);
        }
        expect(took, `${where} took ${took.toFixed(0)} ms`).toBeLessThan(budgetMs(bytes));
      }
      // The mutations must reach both outcomes, or the test would prove little.
      expect(refused).toBeGreaterThan(0);
      expect(refused).toBeLessThan(CASES);
    }, 60_000);
  }
});
