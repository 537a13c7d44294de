/**
 * Typing in a note of 5,000 words inside a network of 5,000 people and
 * 20,000 notes: from each key press to the update it makes stored in
 * IndexedDB, against the same editor on a document holding only that note.
 *
 * Subject: the generated network (seed 5000: 5,000 people, 15,000 links,
 * 20,000 notes) plus one note of 5,000 words (`createNote`, so its body is
 * the editor's Y.XmlFragment: 50–100 words a paragraph) naming one person,
 * the newest note. Each run opens a fresh page, goes to Notes (Ctrl+3),
 * opens the first row (that note), waits until the host link is quiet and
 * the page idle, puts the caret at the end of the middle paragraph and
 * types KEYS characters one at a time: each key waits until the previous
 * one's update is stored, then KEY_GAP_MS more.
 * Per key, measured in the page by an init script (lib/page/typing-probes.mjs;
 * the app is unchanged): from the keydown's `event.timeStamp` to the
 * `complete` event of the IndexedDB readwrite transaction on y-indexeddb's
 * `updates` store that carries the key's update (the first write after the
 * keydown; writes that follow it, such as the note's edited time after a
 * pause, are only counted). Also from the keydown to the `add` call, which
 * y-indexeddb makes from the Y.Doc's 'update' event: the Y.Doc update.
 * Baseline, alternating in the same run: the same app and editor on a
 * second data folder and profile whose document holds one person and the
 * same 5,000-word note; the same typing script and measurement.
 * ms and baseline ms are the runs' median p50 key; goal ≤ 1.5×. Detail
 * lines: p95s, the keydown → Y.Doc update split, and how many updates each
 * key made.
 *
 * Setup, untimed: each document goes into the IndexedDB database named
 * after its data folder's docName; a first open lets the renderer sync it
 * to the host, and the host's log settles before any timed run.
 * KITH_BENCH_TYPING_PROFILE=1 adds one untimed typing pass on the subject
 * under the CPU profiler (bench/out/note-typing-5000.cpuprofile).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { launchChromium, pageIdle, seedIndexedDb, startHost, waitForQuietFile, watchHostLink } from '../lib/app.mjs';
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { listReady } from '../lib/page/probes.mjs';
import {
  armTyping,
  caretAtParagraphEnd,
  disarmTyping,
  firstNoteRowIs,
  installTypingProbe,
  keyStored,
  noteEditorReady,
  paragraphText,
} from '../lib/page/typing-probes.mjs';
import { median, medianOfRuns, percentile } from '../lib/stats.mjs';
import { startProfile } from '../lib/profile.mjs';

export const description = 'type in a 5,000-word note among 5,000 people / 20,000 notes, key → update stored, vs the same note alone';

const NETWORK = { seed: 5000, people: 5000, linksPerPerson: 3, notesPerPerson: 4 };
const ALONE = { seed: 5000, people: 1, linksPerPerson: 0, notesPerPerson: 0 };
const GOAL = 1.5;
const NOTE_WORDS = 5000;
/** After the generator's DEFAULT_NOW, so the long note is the newest: the first row of Notes. */
const NOTE_AT = '2025-06-02T10:00:00.000Z';
const KEYS = Number(process.env.KITH_BENCH_TYPING_KEYS ?? 200);
const KEY_GAP_MS = 30;
const KEY_TIMEOUT_MS = 15_000;
/** A key slower than this is reported (the share of such keys, in the detail lines). */
const SLOW_MS = 100;
const OPEN_TIMEOUT_MS = 180_000;
const BENCH_ORIGIN = Symbol.for('kith.origin.bench');
/** What is typed (letters and spaces only: no Markdown shortcut, mention or link fires). */
const PHRASE = ' we agreed to meet again in the spring and to share the notes from the workshop with the whole team before the end of the month so that everyone can read them first';

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const sleep = (ms) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
const typedText = (keys) => PHRASE.repeat(Math.ceil(keys / PHRASE.length)).slice(0, keys);

const VOCABULARY = (
  'about above account action advice afternoon agenda answer approach article autumn balance board budget call ' +
  'career chance change client coffee colleague company conference contract conversation customer data deadline ' +
  'decision design detail direction draft early evening event example experience family feedback figure finance ' +
  'focus friend future goal growth hiring idea impact introduction journey kitchen launch leader learning letter ' +
  'market meeting mentor message method minute model moment month morning network number offer office opinion ' +
  'option partner pattern people period person phone plan point policy practice price priority problem process ' +
  'product project proposal quarter question reason record report research result review risk role schedule ' +
  'school season second service share signal skill software solution spring story strategy student summer support ' +
  'system table talent team term thought ticket topic training travel trust update value version vision week ' +
  'winter work workshop writing year agreed asked brought called decided explained found gave heard kept liked ' +
  'mentioned noticed offered planned promised said sent shared showed started suggested talked thought told wanted ' +
  'and but so then also still again later soon maybe really quite very the a an of to in on with for from by at'
).split(' ');

/** A seeded text of `words` words in paragraphs of 50–100 words (mulberry32, so every run writes the same note). */
function longText(words, seed = 5000) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const paragraphs = [];
  for (let left = words; left > 0; ) {
    const size = Math.min(left, 50 + Math.floor(next() * 51));
    const sentences = [];
    let sentence = [];
    for (let i = 0; i < size; i++) {
      sentence.push(VOCABULARY[Math.floor(next() * VOCABULARY.length)]);
      if (sentence.length >= 8 + Math.floor(next() * 10) || i === size - 1) {
        const text = sentence.join(' ');
        sentences.push(`${text[0].toUpperCase()}${text.slice(1)}.`);
        sentence = [];
      }
    }
    paragraphs.push(sentences.join(' '));
    left -= size;
  }
  return paragraphs;
}

/** A generated network plus the long note, naming its first person, as one update. */
function buildDocument(generator, notes, options, paragraphs) {
  const doc = new Y.Doc();
  doc.clientID = generator.clientIdFor(options.seed);
  const { personIds } = generator.fillNetwork(doc, options);
  const input = { contactIds: [personIds[0]], kind: 'note', at: NOTE_AT, text: paragraphs.join('\n') };
  notes.createNote(doc, input, BENCH_ORIGIN, () => new Date(NOTE_AT));
  return Y.encodeStateAsUpdate(doc);
}

/** One data folder, host and Chromium profile holding `update`, synced to its host once. */
async function openSetup(workDir, name, update, people, log) {
  const host = await startHost(join(workDir, name, 'data'));
  let context = null;
  try {
    context = await launchChromium(join(workDir, name, 'profile'));
    await context.addInitScript(installTypingProbe);
    await seedIndexedDb(context, host.url, host.docName, update);
    const started = performance.now();
    const page = await context.newPage();
    const link = watchHostLink(page);
    await page.goto(host.url, { waitUntil: 'commit' });
    await page.waitForFunction(listReady, people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
    const logBytes = await waitForQuietFile(host.logPath, { minBytes: update.byteLength / 2 });
    await link.quiet();
    await page.close();
    log(`${name}: ${megabytes(update.byteLength)} seeded; host log settled at ${megabytes(logBytes)} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { host, context, people };
  } catch (error) {
    await context?.close();
    await host.stop();
    error.message += `\nHost output (${name}):\n${host.output()}`;
    throw error;
  }
}

/**
 * A fresh page on the app: Notes, the long note open, the caret at the end
 * of its middle paragraph, the page idle. Resolves to the page and its link.
 */
async function openNote({ host, context, people }, paragraphs) {
  const page = await context.newPage();
  const link = watchHostLink(page);
  try {
    await page.goto(host.url, { waitUntil: 'commit' });
    await page.waitForFunction(listReady, people, { polling: 'raf', timeout: OPEN_TIMEOUT_MS });
    await page.keyboard.press('Control+3');
    await page.waitForFunction(firstNoteRowIs, paragraphs[0].slice(0, 40), { timeout: 60_000 });
    await page.locator('[data-testid="note-row"]').first().click();
    await page.waitForFunction(noteEditorReady, paragraphs.length, { timeout: 60_000 });
    await link.quiet();
    await pageIdle(page);
    return { page, link };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** Types `keys` characters one at a time into the open note; resolves to each key's times (ms from its keydown). */
async function typeKeys(page, keys, paragraph) {
  const text = typedText(keys);
  const before = await page.evaluate(caretAtParagraphEnd, paragraph);
  await page.evaluate(armTyping);
  for (let index = 0; index < text.length; index++) {
    await page.keyboard.type(text[index]);
    if (!(await page.evaluate(keyStored, { index, timeout: KEY_TIMEOUT_MS }))) {
      await page.evaluate(disarmTyping);
      throw new Error(`key ${index + 1} ("${text[index]}") made no update stored in IndexedDB within ${KEY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(KEY_GAP_MS);
  }
  const recorded = await page.evaluate(disarmTyping);
  const after = await page.evaluate(paragraphText, paragraph);
  if (recorded.length !== text.length || after.length !== before + text.length || !after.endsWith(text)) {
    throw new Error(
      `typing did not land where meant: ${recorded.length} keydowns for ${text.length} keys; paragraph ${paragraph} went from ${before} to ${after.length} characters, ending "${after.slice(-40)}"`,
    );
  }
  return recorded.map((key) => ({
    storedMs: key.updates[0].storedAt - key.stamp,
    updateMs: key.updates[0].at - key.stamp,
    listenerMs: key.at - key.stamp,
    updates: key.updates.length,
    bytes: key.updates.reduce((sum, update) => sum + update.bytes, 0),
  }));
}

/** Lets the app's deferred writes (the note's edited time, y-indexeddb's trim) land before the page closes. */
async function closeAfterTyping({ page, link }) {
  try {
    await sleep(1500);
    await pageIdle(page);
    await link.quiet();
  } finally {
    await page.close();
  }
}

const summary = (keys) => {
  const stored = keys.map((key) => key.storedMs);
  const update = keys.map((key) => key.updateMs);
  return {
    p50: percentile(stored, 50),
    p95: percentile(stored, 95),
    max: Math.max(...stored),
    updateP50: percentile(update, 50),
    updateP95: percentile(update, 95),
    listenerP50: percentile(keys.map((key) => key.listenerMs), 50),
    slow: keys.filter((key) => key.storedMs > SLOW_MS).length / keys.length,
    updates: keys.reduce((sum, key) => sum + key.updates, 0) / keys.length,
    bytes: median(keys.map((key) => key.bytes)),
  };
};

const describe = (s) =>
  `p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(0)} ms (keydown → Y.Doc update p50 ${s.updateP50.toFixed(1)} ms, p95 ${s.updateP95.toFixed(1)} ms)`;

export async function run({ runs, log, outDir }) {
  if (!Number.isInteger(KEYS) || KEYS < 1) throw new Error(`KITH_BENCH_TYPING_KEYS must be a whole number ≥ 1, not ${process.env.KITH_BENCH_TYPING_KEYS}`);
  const [generator, notes] = await Promise.all([loadNetworkGenerator(), loadTypeScript('shared/doc/notes.ts')]);
  const paragraphs = longText(NOTE_WORDS);
  const middle = paragraphs.length >> 1;
  let started = performance.now();
  const subjectUpdate = buildDocument(generator, notes, NETWORK, paragraphs);
  const aloneUpdate = buildDocument(generator, notes, ALONE, paragraphs);
  log(
    `generated ${NETWORK.people} people, ${NETWORK.people * NETWORK.notesPerPerson} notes and a note of ${NOTE_WORDS} words in ` +
      `${paragraphs.length} paragraphs (${megabytes(subjectUpdate.byteLength)}; alone: ${megabytes(aloneUpdate.byteLength)}) ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const workDir = await mkdtemp(join(tmpdir(), 'kith-bench-typing-'));
  const setups = [];
  try {
    setups.push(await openSetup(workDir, 'network', subjectUpdate, NETWORK.people, log));
    setups.push(await openSetup(workDir, 'alone', aloneUpdate, ALONE.people, log));
    const [subject, alone] = setups;

    const perRun = { subject: [], alone: [] };
    const measure = async (setup) => {
      const opened = await openNote(setup, paragraphs);
      try {
        return summary(await typeKeys(opened.page, KEYS, middle));
      } finally {
        await closeAfterTyping(opened);
      }
    };

    log(`each run types ${KEYS} keys at the end of paragraph ${middle + 1} of ${paragraphs.length}, network first`);
    const result = await medianOfRuns(
      runs,
      async () => {
        const network = await measure(subject);
        const single = await measure(alone);
        perRun.subject.push(network);
        perRun.alone.push(single);
        log(`network: ${describe(network)}`);
        log(`alone:   ${describe(single)}`);
        return { ms: network.p50, baselineMs: single.p50 };
      },
      log,
    );

    // KITH_BENCH_TYPING_PROFILE=1: one more typing pass on the network, untimed, under the CPU profiler.
    if (process.env.KITH_BENCH_TYPING_PROFILE === '1') {
      await mkdir(outDir, { recursive: true });
      const opened = await openNote(subject, paragraphs);
      try {
        const profiler = await startProfile(opened.page);
        started = performance.now();
        const keys = await typeKeys(opened.page, KEYS, middle);
        const path = join(outDir, 'note-typing-5000.cpuprofile');
        for (const line of await profiler.stop(path, 25)) log(`profile: ${line}`);
        log(`profile of ${KEYS} keys (${((performance.now() - started) / 1000).toFixed(1)} s; ${describe(summary(keys))}) written to ${path}`);
      } finally {
        await closeAfterTyping(opened);
      }
    }

    const medianOf = (list, key) => median(list.map((entry) => entry[key]));
    const line = (label, list) =>
      `${label}: p50 ${medianOf(list, 'p50').toFixed(1)} ms, p95 ${medianOf(list, 'p95').toFixed(1)} ms; ` +
      `keydown → Y.Doc update p50 ${medianOf(list, 'updateP50').toFixed(1)} ms, p95 ${medianOf(list, 'updateP95').toFixed(1)} ms; ` +
      `${(100 * medianOf(list, 'slow')).toFixed(0)}% of keys over ${SLOW_MS} ms; ` +
      `${medianOf(list, 'updates').toFixed(2)} updates of ${medianOf(list, 'bytes').toFixed(0)} bytes a key`;
    const details = [
      `${KEYS} keys a run, each after the previous one's update was stored (+${KEY_GAP_MS} ms); medians over ${runs} run${runs === 1 ? '' : 's'} of each run's percentiles`,
      line('network (5,000 people, 20,000 notes)', perRun.subject),
      line('alone (1 person, the same note)', perRun.alone),
      `p95 ratio ${(medianOf(perRun.subject, 'p95') / medianOf(perRun.alone, 'p95')).toFixed(2)}×; keydown → listener p50 ${medianOf(perRun.subject, 'listenerP50').toFixed(1)} ms (network), ${medianOf(perRun.alone, 'listenerP50').toFixed(1)} ms (alone)`,
    ];
    return { ...result, goal: GOAL, details };
  } finally {
    for (const { context, host } of setups) {
      await context.close();
      await host.stop();
    }
    await rm(workDir, { recursive: true, force: true });
  }
}
