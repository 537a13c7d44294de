/**
 * Device sync of 5,000 people and 20,000 notes between two Kith hosts on
 * loopback: the initial sync, then live edit latency, against the same
 * documents synced through a plain y-websocket server in the same run.
 *
 * Subject: two hosts (electron/host/host.ts, bundled for Node), each on a
 * fresh data folder per run, with device sync on: `p2p` with the LAN
 * listener on 127.0.0.1 and no mDNS, as lan.test.ts has it (see P2P_OPTIONS),
 * and internet sync off in settings.json from the first start (there is no
 * network here). Host A holds the generated network (seed 5000: 5,000
 * people, 15,000 links, 20,000 notes; 14.5 MB of update), applied to its
 * Y.Doc with its log flushed; host B is empty. After an invitation made on
 * A and a full garbage collection (both untimed), the initial sync is timed
 * from B's `joinWithInvitation` (TCP, Noise handshake, pairing exchange,
 * then PeerSync's hello, step1 and step2) until A's and B's state vectors
 * are equal, checked at every 'update' of either doc. Then live edits:
 * EDITS times `updatePerson` (a person's role) on A, each timed until B's
 * doc has applied it (the 'update' of B that brings A's clock up to the
 * edit's), one at a time, EDIT_GAP_MS apart; then BACK_EDITS from B to A.
 *
 * Baseline, in the same run after the subject: the reference y-websocket
 * server (@y/websocket-server's `setupWSConnection`, no persistence) on
 * 127.0.0.1 and Node clients speaking y-protocols sync over `ws`
 * (lib/y-websocket.mjs). A seeding client puts the same document in a fresh
 * room and leaves, so that, as in the subject, the process holds two
 * replicas while B syncs (there: hosts A and B; here: the server's and B's).
 * After a full garbage collection, the initial sync is timed from B's
 * `new WebSocket` until B's state vector equals the server's. Then client A,
 * holding the same document, joins (untimed) and the live edits go
 * A → server → B and back, measured the same way.
 * Everything runs in this one Node process.
 *
 * ms and baseline ms are the runs' median initial sync; goal ≤ 1.2×. The
 * live edit p50 (goal ≤ 1.2× too) and p95, per direction, and the split of
 * each initial sync (connect or pair / until B starts applying the step2 /
 * applying it: B's longest transaction from a sync link) are detail lines.
 *
 * KITH_BENCH_SYNC_EDITS=N makes N edits A → B a run (default 200).
 * KITH_BENCH_SYNC_LAN=as-it-comes starts the hosts with `p2p: {}` (LAN on
 * every interface, mDNS on), as the app does.
 * KITH_BENCH_SYNC_PROFILE=1 adds one untimed subject run under the CPU
 * profiler (both hosts: this process), its initial sync and its edits
 * profiled apart: bench/out/sync-5000-initial.cpuprofile and
 * bench/out/sync-5000-live.cpuprofile.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { loadNetworkGenerator, loadTypeScript } from '../lib/bundle.mjs';
import { startNodeProfile } from '../lib/node-profile.mjs';
import { median, medianOfRuns, percentile } from '../lib/stats.mjs';
import { connectYWebsocket, startYWebsocketServer } from '../lib/y-websocket.mjs';

export const description = 'initial sync of 5,000 people + 20,000 notes and live edit latency between two hosts, vs a y-websocket server';

const NETWORK = { seed: 5000, people: 5000, linksPerPerson: 3, notesPerPerson: 4 };
const GOAL = 1.2;
const EDITS = Number(process.env.KITH_BENCH_SYNC_EDITS ?? 200);
const BACK_EDITS = Math.min(50, EDITS);
const EDIT_GAP_MS = 20;
/** Quiet time before each timed part: the hosts' change events (200 ms) and logs, the server's echo, settle. */
const SETTLE_MS = 500;
const SYNC_TIMEOUT_MS = 120_000;
const EDIT_TIMEOUT_MS = 10_000;
/**
 * The hosts' device sync options. By default as lan.test.ts has them: the
 * LAN listener on 127.0.0.1, like the baseline's server, and no mDNS
 * (multicast traffic only adds noise to a loopback measurement).
 * KITH_BENCH_SYNC_LAN=as-it-comes gives `p2p: {}` as the app does.
 */
const AS_IT_COMES = process.env.KITH_BENCH_SYNC_LAN === 'as-it-comes';
const P2P_OPTIONS = AS_IT_COMES ? {} : { lanHost: '127.0.0.1', mdns: false };
const BENCH_EDIT = Symbol.for('kith.origin.bench-edit');
const LOADED = Symbol.for('kith.origin.bench-load');

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const sleep = (delay) => new Promise((resolve) => setTimeout(resolve, delay));

function withTimeout(promise, delay, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${delay} ms waiting for ${what}`)), delay);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A full garbage collection, so each timed sync starts from a heap holding only what it needs. */
let gc = null;
function collectGarbage() {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  }
  gc();
}

const sameState = (a, b) => Buffer.compare(Y.encodeStateVector(a), Y.encodeStateVector(b)) === 0;

/** Resolves to performance.now() at the first moment (an 'update' of either doc) their state vectors are equal. */
function whenConverged(a, b) {
  return new Promise((resolve) => {
    if (sameState(a, b)) return resolve(performance.now());
    const check = () => {
      if (!sameState(a, b)) return;
      const at = performance.now();
      a.off('update', check);
      b.off('update', check);
      resolve(at);
    };
    a.on('update', check);
    b.on('update', check);
  });
}

/**
 * Watches `doc` for the longest transaction with an object origin (a sync
 * link's: the received document being applied); `stop()` gives its start
 * and end (performance.now()).
 */
function watchLongestApply(doc) {
  let longest = null;
  let started = null;
  const before = (transaction) => {
    started = typeof transaction.origin === 'object' && transaction.origin !== null ? performance.now() : null;
  };
  const after = () => {
    if (started === null) return;
    const ended = performance.now();
    if (!longest || ended - started > longest.end - longest.start) longest = { start: started, end: ended };
    started = null;
  };
  doc.on('beforeTransaction', before);
  doc.on('afterTransaction', after);
  return {
    stop() {
      doc.off('beforeTransaction', before);
      doc.off('afterTransaction', after);
      return longest;
    },
  };
}

/** Resolves to performance.now() at the 'update' of `doc` that brings `client`'s clock to `clock`. */
function whenHas(doc, client, clock) {
  return new Promise((resolve) => {
    if (Y.getState(doc.store, client) >= clock) return resolve(performance.now());
    const check = () => {
      if (Y.getState(doc.store, client) < clock) return;
      const at = performance.now();
      doc.off('update', check);
      resolve(at);
    };
    doc.on('update', check);
  });
}

/** `count` edits on `from`, one at a time; each timed until `to` has applied it. */
async function liveEdits(people, from, to, count, personIds, label) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    people.updatePerson(from, personIds[i % personIds.length], 'role', `${label} ${i}`, BENCH_EDIT);
    const arrived = await withTimeout(whenHas(to, from.clientID, Y.getState(from.store, from.clientID)), EDIT_TIMEOUT_MS, `edit ${i} (${label})`);
    times.push(arrived - started);
    await sleep(EDIT_GAP_MS);
  }
  return times;
}

const summary = (times) => ({ p50: median(times), p95: percentile(times, 95) });
const split = (initial, first) =>
  `${first} ${ms(initial[`${first}Ms`])}, then until B starts applying ${ms(initial.beforeApplyMs)}, applying ${ms(initial.applyMs)}`;

/** One subject run: two fresh hosts, A holding the document, B pairing with it; the initial sync, then live edits. */
async function kithRun({ hostModule, people, update, personIds, label, profile, log }) {
  const workDir = await mkdtemp(join(tmpdir(), 'kith-bench-sync-'));
  const reports = [];
  const hosts = [];
  const start = async (name) => {
    const dataDir = join(workDir, name);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // No network here: internet sync (Hyperswarm) is off from the first start.
    await writeFile(join(dataDir, 'settings.json'), `${JSON.stringify({ sync: { internet: false } })}\n`);
    const host = await hostModule.startHost({
      dataDir,
      mode: 'browser',
      version: 'bench',
      p2p: { ...P2P_OPTIONS, report: (message) => reports.push(`${name}: ${message}`) },
    });
    hosts.push(host);
    if (!host.p2p) throw new Error(`host ${name} started without device sync`);
    return host;
  };
  try {
    const a = await start('a');
    Y.applyUpdate(a.doc, update, LOADED);
    await a.flushed();
    const b = await start('b');
    await b.flushed();
    const invitation = await a.handlers.createInvitation({});
    collectGarbage();
    await sleep(SETTLE_MS);

    const profiler = profile ? await startNodeProfile() : null;
    const applying = watchLongestApply(b.doc);
    const started = performance.now();
    const converged = whenConverged(a.doc, b.doc);
    const joined = await b.handlers.joinWithInvitation({}, invitation.code);
    const joinedAt = performance.now();
    if (!joined.ok) throw new Error(`joining failed: ${joined.reason}: ${joined.message}`);
    const syncedAt = await withTimeout(converged, SYNC_TIMEOUT_MS, 'the initial sync');
    const applied = applying.stop();
    const initial = {
      ms: syncedAt - started,
      pairingMs: joinedAt - started,
      // From the link attached to B starting to apply A's step2: A's step2 encoded, framed, encrypted, sent, received and checked.
      beforeApplyMs: applied.start - joinedAt,
      applyMs: applied.end - applied.start,
    };
    if (profiler) for (const line of await profiler.stop(profile.initialPath, 25)) log(`profile (initial sync): ${line}`);

    await Promise.all([a.flushed(), b.flushed()]);
    await sleep(SETTLE_MS);
    const liveProfiler = profile ? await startNodeProfile() : null;
    const forth = await liveEdits(people, a.doc, b.doc, EDITS, personIds, `${label} A→B`);
    const back = await liveEdits(people, b.doc, a.doc, BACK_EDITS, personIds, `${label} B→A`);
    if (liveProfiler) for (const line of await liveProfiler.stop(profile.livePath, 25)) log(`profile (live edits): ${line}`);
    const online = a.p2p.devices().devices.filter((device) => !device.isSelf && device.online).length;
    return { initial, forth: summary(forth), back: summary(back), online, reports };
  } catch (error) {
    if (reports.length) error.message += `\nHost reports:\n${reports.join('\n')}`;
    throw error;
  } finally {
    await Promise.all(hosts.map((host) => host.close().catch(() => undefined)));
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * One baseline run in a fresh room: a seeding client puts the document on
 * the server and leaves, so the process holds two replicas while B syncs,
 * as the subject's does (A's and B's); then B joins (the initial sync), and
 * client A, holding the same document, joins for the live edits.
 */
async function baselineRun({ server, people, update, personIds, label, room }) {
  const clients = [];
  const b = new Y.Doc();
  let a = null;
  try {
    await seedRoom(server, room, update);
    collectGarbage();
    await sleep(SETTLE_MS);

    const held = server.room(room);
    const applying = watchLongestApply(b);
    const started = performance.now();
    const converged = whenConverged(held, b);
    clients.push(await connectYWebsocket(server.url, room, b));
    const openedAt = performance.now();
    const syncedAt = await withTimeout(converged, SYNC_TIMEOUT_MS, 'the baseline initial sync');
    const applied = applying.stop();
    const initial = { ms: syncedAt - started, openMs: openedAt - started, beforeApplyMs: applied.start - openedAt, applyMs: applied.end - applied.start };

    a = new Y.Doc();
    Y.applyUpdate(a, update, LOADED);
    const editor = await connectYWebsocket(server.url, room, a);
    clients.push(editor);
    await withTimeout(untilQuiet(editor, () => sameState(held, a) && sameState(a, b)), SYNC_TIMEOUT_MS, 'client A to join');
    const forth = await liveEdits(people, a, b, EDITS, personIds, `${label} A→B`);
    const back = await liveEdits(people, b, a, BACK_EDITS, personIds, `${label} B→A`);
    return { initial, forth: summary(forth), back: summary(back) };
  } finally {
    for (const client of clients) client.close();
    server.dropRoom(room);
    a?.destroy();
    b.destroy();
  }
}

/** Puts the document on the server's `room` through a client that then leaves. */
async function seedRoom(server, room, update) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update, LOADED);
  const seeder = await connectYWebsocket(server.url, room, doc);
  try {
    // The reference server echoes every update to every connection, the sender's included: let the echo land too.
    await withTimeout(
      untilQuiet(seeder, () => server.room(room) !== null && sameState(server.room(room), doc)),
      SYNC_TIMEOUT_MS,
      'the server to hold the document',
    );
  } finally {
    seeder.close();
    doc.destroy();
  }
}

/** Resolves once `check()` holds and `client` has received nothing for SETTLE_MS. */
async function untilQuiet(client, check) {
  while (!check() || performance.now() - client.lastMessageAt < SETTLE_MS) await sleep(10);
}

/** The document's bytes and its people's ids; the generated Y.Doc itself is left to the garbage collector. */
async function generate(log) {
  const generator = await loadNetworkGenerator();
  const started = performance.now();
  const network = generator.generateNetwork(NETWORK);
  const update = Y.encodeStateAsUpdate(network);
  const personIds = [...network.getMap('contacts').keys()].sort();
  const notes = network.getMap('notes').size;
  network.destroy();
  log(`generated ${personIds.length} people, ${notes} notes (${megabytes(update.byteLength)}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { update, personIds };
}

export async function run({ runs, log, outDir }) {
  const { update, personIds } = await generate(log);
  const bundling = performance.now();
  const [hostModule, people] = await Promise.all([loadTypeScript('electron/host/host.ts'), loadTypeScript('shared/doc/people.ts')]);
  log(`bundled the host in ${((performance.now() - bundling) / 1000).toFixed(1)} s`);

  const server = await startYWebsocketServer();
  const perRun = [];
  try {
    const result = await medianOfRuns(
      runs,
      async (runNumber) => {
        const kith = await kithRun({ hostModule, people, update, personIds, label: `kith ${runNumber}`, log });
        const base = await baselineRun({ server, people, update, personIds, label: `base ${runNumber}`, room: `sync-5000-${runNumber}` });
        perRun.push({ kith, base });
        log(
          `initial sync: kith ${ms(kith.initial.ms)} (${split(kith.initial, 'pairing')}), y-websocket ${ms(base.initial.ms)} (${split(base.initial, 'open')}); ` +
            `live A→B p50/p95: kith ${ms(kith.forth.p50)}/${ms(kith.forth.p95)}, y-websocket ${ms(base.forth.p50)}/${ms(base.forth.p95)}; ` +
            `B→A p50/p95: kith ${ms(kith.back.p50)}/${ms(kith.back.p95)}, y-websocket ${ms(base.back.p50)}/${ms(base.back.p95)}`,
        );
        if (kith.online !== 1) log(`warning: A saw ${kith.online} devices online at the end of the run (expected 1)`);
        for (const report of kith.reports) log(`host ${report}`);
        return { ms: kith.initial.ms, baselineMs: base.initial.ms };
      },
      log,
    );

    // KITH_BENCH_SYNC_PROFILE=1: one more subject run, untimed, under the CPU profiler.
    if (process.env.KITH_BENCH_SYNC_PROFILE === '1') {
      const profile = { initialPath: join(outDir, 'sync-5000-initial.cpuprofile'), livePath: join(outDir, 'sync-5000-live.cpuprofile') };
      const profiled = await kithRun({ hostModule, people, update, personIds, label: 'profiled', profile, log });
      log(`profiled run: initial sync ${ms(profiled.initial.ms)}, live A→B p50 ${ms(profiled.forth.p50)}; profiles written to ${outDir}`);
    }

    const of = (pick) => median(perRun.map(pick));
    const liveP50 = of((r) => r.kith.forth.p50);
    const baseLiveP50 = of((r) => r.base.forth.p50);
    const liveRatio = liveP50 / baseLiveP50;
    const details = [
      `${megabytes(update.byteLength)} of update; medians over ${runs} run${runs === 1 ? '' : 's'}; everything in one Node process`,
      `initial sync: kith ${ms(result.ms)}, y-websocket ${ms(result.baselineMs)}${AS_IT_COMES ? ' (LAN and mDNS as they come)' : ''}`,
      `  kith: pairing until the link is attached ${ms(of((r) => r.kith.initial.pairingMs))}, then until B starts applying A's step2 ${ms(of((r) => r.kith.initial.beforeApplyMs))}, applying it ${ms(of((r) => r.kith.initial.applyMs))}`,
      `  y-websocket: socket open ${ms(of((r) => r.base.initial.openMs))}, then until B starts applying the server's step2 ${ms(of((r) => r.base.initial.beforeApplyMs))}, applying it ${ms(of((r) => r.base.initial.applyMs))}`,
      `live edit A→B (${EDITS} edits, ${EDIT_GAP_MS} ms apart) p50: kith ${ms(liveP50)}, y-websocket ${ms(baseLiveP50)}, ratio ${liveRatio.toFixed(2)}× (goal ≤ ${GOAL}×: ${liveRatio <= GOAL ? 'met' : 'NOT met'})`,
      `live edit A→B p95: kith ${ms(of((r) => r.kith.forth.p95))}, y-websocket ${ms(of((r) => r.base.forth.p95))}`,
      `live edit B→A (${BACK_EDITS} edits) p50/p95: kith ${ms(of((r) => r.kith.back.p50))}/${ms(of((r) => r.kith.back.p95))}, y-websocket ${ms(of((r) => r.base.back.p50))}/${ms(of((r) => r.base.back.p95))}`,
    ];
    return { ...result, goal: GOAL, details };
  } finally {
    await server.close();
  }
}
