import { afterEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, mkdtemp, open, readFile, rm, stat, writeFile, appendFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as Y from 'yjs';
import { LogFormatError, UpdateLog, parseLog, type LogFile, type OpenLogFile } from './update-log';
import { encodeLog, MAGIC } from './log-format';
import { createPerson, listPeople } from '../../shared/doc/people';

const dirs: string[] = [];
async function tempLog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-log-'));
  dirs.push(dir);
  return join(dir, 'document.ylog');
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const bytes = (...values: number[]) => new Uint8Array(values);
const arrays = (updates: Uint8Array[]) => updates.map((u) => Array.from(u));
const mode = async (path: string) => (await stat(path)).mode & 0o777;
const damagedFiles = async (path: string) =>
  (await readdir(dirname(path))).filter((name) => name.startsWith('document.ylog.damaged-')).map((name) => join(dirname(path), name));

/** One person, written by a writer of its own (as from a device or window of its own), so its record stands alone. */
function personUpdate(name: string): Uint8Array {
  const doc = new Y.Doc();
  createPerson(doc, { name }, 'test');
  return Y.encodeStateAsUpdate(doc);
}

function namesIn(updates: Uint8Array[]): Set<string> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return new Set(listPeople(doc, { includeDeleted: true }).map((person) => person.name));
}

/** A log of `count` people, each in a record of its own, and where each record lies. */
function peopleLog(count: number, prefix = 'Person') {
  const payloads = Array.from({ length: count }, (_, i) => personUpdate(`${prefix} ${i}`));
  const file = encodeLog(payloads);
  const records: Array<{ start: number; end: number; name: string }> = [];
  let offset = MAGIC.byteLength;
  payloads.forEach((payload, i) => {
    records.push({ start: offset, end: offset + 8 + payload.byteLength, name: `${prefix} ${i}` });
    offset += 8 + payload.byteLength;
  });
  return { payloads, file, records };
}

/** Opens files as the log does, but whose writes fail with `failing.code` while it is set (or change a byte on the way). */
function failingFiles(failing: { code: string | null }, corruptWrites = false): OpenLogFile {
  return async (path, flags) => {
    const handle = await open(path, flags, 0o600);
    const file: LogFile = {
      async write(buffer, offset, length, position) {
        if (failing.code) throw Object.assign(new Error(`${failing.code}: simulated, write`), { code: failing.code });
        const written = Buffer.from(buffer.subarray(offset, offset + length));
        if (corruptWrites && written.length > 20) written[20]! ^= 0xff;
        return handle.write(written, 0, written.length, position);
      },
      datasync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      chmod: (m) => handle.chmod(m),
      close: () => handle.close(),
    };
    return file;
  };
}

describe('UpdateLog', () => {
  it('keeps appended updates across a reopen, in order', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await Promise.all([log.append(bytes(1)), log.append(bytes(2, 2)), log.append(bytes(3, 3, 3))]);
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1], [2, 2], [3, 3, 3]]);
    expect(reopened.tornBytes).toBe(0);
    expect(reopened.repair).toBeNull();
    await reopened.log.close();
  });

  it('cuts a torn last record and keeps every complete one', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(1, 1));
    await log.append(bytes(2, 2));
    await log.close();
    const whole = (await stat(path)).size;
    // A crash in the middle of writing a record: a header promising 100 bytes, then only 3.
    await appendFile(path, Buffer.from([100, 0, 0, 0, 1, 2, 3, 4, 9, 9, 9]));
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1, 1], [2, 2]]);
    expect(reopened.tornBytes).toBe(11);
    expect(reopened.repair).toBeNull();
    expect((await stat(path)).size).toBe(whole);
    expect(await damagedFiles(path)).toEqual([]);
    await reopened.log.append(bytes(3));
    await reopened.log.close();
    const last = await UpdateLog.open(path);
    expect(last.updates).toHaveLength(3);
    await last.log.close();
  });

  it('cuts a record torn inside its header', async () => {
    const path = await tempLog();
    const { file, records } = peopleLog(5);
    await writeFile(path, file.subarray(0, records[4]!.start + 5));
    const reopened = await UpdateLog.open(path);
    expect(reopened.tornBytes).toBe(5);
    expect(reopened.repair).toBeNull();
    expect(namesIn(reopened.updates)).toEqual(new Set(['Person 0', 'Person 1', 'Person 2', 'Person 3']));
    await reopened.log.close();
  });

  it('keeps the records before a last record whose checksum fails, and the damaged file', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(1, 1, 1, 1));
    await log.append(bytes(2, 2, 2, 2));
    await log.close();
    const file = await readFile(path);
    file[file.length - 1] = 7; // flip a byte of the last payload
    await writeFile(path, file);
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[1, 1, 1, 1]]);
    // A whole record that fails its checksum is damage, not a torn write: the file is kept as it was.
    const [damaged] = await damagedFiles(path);
    expect(await readFile(damaged!)).toEqual(file);
    expect(reopened.repair).toMatchObject({ keptRecords: 1, skippedStretches: 1, skippedBytes: 12, damagedCopy: damaged });
    await reopened.log.close();
  });

  it('refuses a file that is not a Kith log and leaves it untouched', async () => {
    const path = await tempLog();
    await writeFile(path, 'my thesis, final version');
    await expect(UpdateLog.open(path)).rejects.toBeInstanceOf(LogFormatError);
    expect(await readFile(path, 'utf8')).toBe('my thesis, final version');
  });

  it('compacts into one record by write-then-rename, keeping later appends', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    for (let i = 0; i < 50; i++) void log.append(bytes(i));
    const compacted = log.compact(() => bytes(42, 42));
    const after = log.append(bytes(99));
    await Promise.all([compacted, after]);
    expect(log.pendingRecords).toBe(2);
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[42, 42], [99]]);
    expect((await readdir(join(path, '..'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await reopened.log.close();
  });

  it('keeps the previous generation as document.ylog.1 at compaction', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(1));
    await log.append(bytes(2));
    await log.compact(() => bytes(1, 2));
    await log.close();
    expect(arrays(parseLog(await readFile(`${path}.1`)).updates)).toEqual([[1], [2]]);
    expect(arrays(parseLog(await readFile(path)).updates)).toEqual([[1, 2]]);
    expect(await mode(path)).toBe(0o600);
    expect(await mode(`${path}.1`)).toBe(0o600);
  });

  it('replaces nothing when the compacted file does not read back as written', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path, { openFile: failingFiles({ code: null }, true) });
    const before = await readFile(path);
    await expect(log.compact(() => new Uint8Array(100).fill(5))).rejects.toThrow(/did not read back/);
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(dirname(path))).toEqual(['document.ylog']);
    await log.close();
  });

  it('ignores a half-written compaction left by a crash', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.append(bytes(5));
    await log.close();
    await writeFile(`${path}.tmp`, 'KITHLOG1 partial');
    const reopened = await UpdateLog.open(path);
    expect(reopened.updates.map((u) => Array.from(u))).toEqual([[5]]);
    await reopened.log.close();
  });

  it('finds the log again after a crash between the two renames of a compaction', async () => {
    const path = await tempLog();
    await writeFile(`${path}.1`, encodeLog([bytes(1), bytes(2)]));
    await writeFile(`${path}.tmp`, encodeLog([bytes(1, 2)]));
    const reopened = await UpdateLog.open(path);
    expect(arrays(reopened.updates)).toEqual([[1], [2], [1, 2]]);
    expect(reopened.repair).toMatchObject({ missing: true, usedPrevious: true, damagedCopy: null });
    expect(arrays(parseLog(await readFile(path)).updates)).toEqual([[1], [2], [1, 2]]);
    await reopened.log.close();
  });
});

describe('a damaged log', () => {
  it('keeps every record after a bit flipped in a middle record, and the damaged file', async () => {
    const path = await tempLog();
    const { file, records } = peopleLog(102);
    const damaged = Buffer.from(file);
    damaged[records[51]!.start + 20]! ^= 0x10;
    await writeFile(path, damaged);
    const { log, updates, repair } = await UpdateLog.open(path);
    const names = namesIn(updates);
    expect(names.size).toBe(101);
    expect(names.has('Person 51')).toBe(false);
    expect(names.has('Person 101')).toBe(true);
    expect(repair).toMatchObject({ keptRecords: 101, skippedStretches: 1, usedPrevious: false, missing: false });
    expect(repair!.skippedBytes).toBe(records[51]!.end - records[51]!.start);
    // The damaged file is kept byte for byte; the log is clean and holds what was read.
    expect(await readFile(repair!.damagedCopy!)).toEqual(damaged);
    expect(repair!.damagedCopy).toMatch(/document\.ylog\.damaged-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z$/);
    const clean = parseLog(await readFile(path));
    expect(clean.damage).toEqual([]);
    expect(clean.updates).toHaveLength(101);
    expect(await mode(path)).toBe(0o600);
    expect(await mode(repair!.damagedCopy!)).toBe(0o600);
    await log.close();
  });

  it('keeps the records after a bad length field', async () => {
    for (const length of [0, 0xffffffff, 5_000_000, 3]) {
      const path = await tempLog();
      const { file, records } = peopleLog(30);
      const damaged = Buffer.from(file);
      damaged.writeUInt32LE(length, records[10]!.start);
      await writeFile(path, damaged);
      const { log, updates, repair } = await UpdateLog.open(path);
      const names = namesIn(updates);
      expect(names.size, `length ${length}`).toBe(29);
      expect(names.has('Person 10')).toBe(false);
      expect(await readFile(repair!.damagedCopy!)).toEqual(damaged);
      await log.close();
    }
  });

  it('keeps every record when garbage is appended, and the damaged file', async () => {
    const path = await tempLog();
    const { file } = peopleLog(20);
    const damaged = Buffer.concat([file, Buffer.from('garbage that is no record at all, some 50 bytes')]);
    await writeFile(path, damaged);
    const { log, updates, repair, tornBytes } = await UpdateLog.open(path);
    expect(namesIn(updates).size).toBe(20);
    expect(tornBytes).toBe(0);
    expect(await readFile(repair!.damagedCopy!)).toEqual(damaged);
    await log.close();
  });

  it('keeps the records after garbage written over the middle, and after bytes inserted', async () => {
    const path = await tempLog();
    const { file, records } = peopleLog(40);
    const overwritten = Buffer.from(file);
    overwritten.fill(0, records[5]!.start + 3, records[8]!.end - 2);
    const at = records[30]!.start + 9;
    const inserted = Buffer.concat([overwritten.subarray(0, at), Buffer.from('xyz'), overwritten.subarray(at)]);
    await writeFile(path, inserted);
    const { log, updates } = await UpdateLog.open(path);
    const lost = ['Person 5', 'Person 6', 'Person 7', 'Person 8', 'Person 30'];
    expect([...namesIn(updates)].sort()).toEqual(records.map((r) => r.name).filter((name) => !lost.includes(name)).sort());
    await log.close();
  });

  it('reads a log whose magic is damaged', async () => {
    const path = await tempLog();
    const { file } = peopleLog(10);
    const damaged = Buffer.from(file);
    damaged.write('KITHLOGX', 0);
    await writeFile(path, damaged);
    const { log, updates, repair } = await UpdateLog.open(path);
    expect(namesIn(updates).size).toBe(10);
    expect(repair).toMatchObject({ skippedStretches: 1, skippedBytes: 8 });
    await log.close();
  });

  it('rebuilds a corrupt compacted log from document.ylog.1 and the records after it', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => void log.append(update));
    for (let i = 0; i < 40; i++) createPerson(doc, { name: `Early ${i}` }, 'test');
    await log.compact(() => Y.encodeStateAsUpdate(doc));
    for (let i = 0; i < 5; i++) createPerson(doc, { name: `Late ${i}` }, 'test');
    await log.close();
    // 4 bytes flipped inside the compacted record.
    const file = await readFile(path);
    for (const at of [100, 400, 900, 1500]) file[at]! ^= 0x5a;
    await writeFile(path, file);

    const reopened = await UpdateLog.open(path);
    expect(reopened.repair).toMatchObject({ usedPrevious: true, skippedStretches: 1 });
    expect(namesIn(reopened.updates).size).toBe(45);
    expect(await readFile(reopened.repair!.damagedCopy!)).toEqual(file);
    await reopened.log.close();
  });

  it('keeps what follows a corrupt compacted record when there is no document.ylog.1', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => void log.append(update));
    for (let i = 0; i < 40; i++) createPerson(doc, { name: `Early ${i}` }, 'test');
    await log.compact(() => Y.encodeStateAsUpdate(doc));
    const later = personUpdate('Later, from elsewhere');
    await log.append(later);
    await log.close();
    await rm(`${path}.1`);
    const file = await readFile(path);
    for (const at of [100, 400, 900, 1500]) file[at]! ^= 0x5a;
    await writeFile(path, file);

    const reopened = await UpdateLog.open(path);
    // What the compacted record held must come back from another copy (host.test.ts); the rest is kept.
    expect(arrays(reopened.updates)).toEqual([Array.from(later)]);
    expect(reopened.repair).toMatchObject({ usedPrevious: false, keptRecords: 1 });
    expect(await readFile(reopened.repair!.damagedCopy!)).toEqual(file);
    await reopened.log.close();
  });

  it('resyncs in one linear pass over a 20 MB log damaged near its start', () => {
    // Many small records, and one 20 MB record (a compacted log): each damaged 100 bytes in.
    const small = peopleLog(1).payloads[0]!;
    const many = encodeLog(Array.from({ length: Math.ceil((20 * 1024 * 1024) / (small.byteLength + 8)) }, () => small));
    const noise = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (Math.imul(i, 2654435761) >>> 24) & (i % 7 === 0 ? 0 : 0xff);
    const big = encodeLog([noise]);
    for (const file of [many, big]) {
      const damaged = Buffer.from(file);
      damaged[100]! ^= 0xff;
      const parsed = parseLog(damaged);
      expect(parsed.damage).toHaveLength(1);
      // Each byte is tried as a record start at most once. Bytes hashed: the damaged record as read
      // (up to the file), the resync's prefix table (the file once), up to 30 per candidate start.
      // Checking each candidate by hashing its payload instead would hash terabytes here.
      expect(parsed.scannedOffsets).toBeLessThanOrEqual(file.byteLength);
      expect(parsed.hashedBytes).toBeLessThan(4 * file.byteLength);
    }
    // A sound log is hashed once.
    expect(parseLog(many).hashedBytes).toBeLessThan(many.byteLength);
  });
});

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

describe('a fuzzed log', () => {
  const SEED = Number(process.env.KITH_FUZZ_SEED ?? 20261203);
  const CASES = 500;

  it(`never loses an intact record before or after the damage (${CASES} cases, seed ${SEED})`, async () => {
    const dir = dirname(await tempLog());
    const base = peopleLog(24, 'Fuzz');
    const { file, records } = base;
    const outcomes = { repaired: 0, torn: 0, sound: 0, refused: 0 };
    for (let c = 0; c < CASES; c++) {
      const seed = (SEED + c * 7919) >>> 0;
      const rng = random(seed);
      const damaged = Buffer.from(file);
      const hit = new Set<number>();
      const touch = (from: number, to: number) => records.forEach((r, i) => from < r.end && to > r.start && hit.add(i));
      // One to three changes in place: bit flips, overwritten stretches, zeroed stretches, a bad length.
      const what: string[] = [];
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const kind = rng.int(4);
        const at = rng.int(file.byteLength);
        if (kind === 0) {
          damaged[at]! ^= 1 << rng.int(8);
          touch(at, at + 1);
          what.push(`flip@${at}`);
        } else if (kind === 1 || kind === 2) {
          const to = Math.min(file.byteLength, at + 1 + rng.int(300));
          for (let i = at; i < to; i++) damaged[i] = kind === 1 ? rng.int(256) : 0;
          touch(at, to);
          what.push(`${kind === 1 ? 'garbage' : 'zeros'}@${at}-${to}`);
        } else {
          const r = rng.int(records.length);
          damaged.writeUInt32LE(rng.int(2) ? rng.int(0xffffffff) : rng.int(2000), records[r]!.start);
          touch(records[r]!.start, records[r]!.start + 4);
          what.push(`length@${r}`);
        }
      }
      // Then perhaps one change of size: garbage appended, bytes inserted, the file cut short.
      let final = damaged;
      const shape = rng.int(4);
      if (shape === 1) {
        final = Buffer.concat([damaged, Buffer.from(Array.from({ length: 1 + rng.int(200) }, () => rng.int(256)))]);
        what.push('appended');
      } else if (shape === 2) {
        const at = rng.int(file.byteLength);
        const junk = Buffer.from(Array.from({ length: 1 + rng.int(40) }, () => rng.int(256)));
        final = Buffer.concat([damaged.subarray(0, at), junk, damaged.subarray(at)]);
        records.forEach((r, i) => at > r.start && at < r.end && hit.add(i));
        what.push(`inserted@${at}`);
      } else if (shape === 3) {
        const at = MAGIC.byteLength + rng.int(file.byteLength - MAGIC.byteLength);
        final = damaged.subarray(0, at);
        records.forEach((r, i) => r.end > at && hit.add(i));
        what.push(`cut@${at}`);
      }
      const intact = records.filter((_, i) => !hit.has(i));
      const path = join(dir, `case-${c}`, 'document.ylog');
      try {
        await mkdir(dirname(path));
        await writeFile(path, final);
        let loaded: Awaited<ReturnType<typeof UpdateLog.open>>;
        try {
          loaded = await UpdateLog.open(path);
        } catch (error) {
          // Only a file with nothing readable left may be refused, and then it is left as it was.
          expect(error).toBeInstanceOf(LogFormatError);
          expect(intact).toEqual([]);
          expect(await readFile(path)).toEqual(final);
          outcomes.refused++;
          continue;
        }
        const names = namesIn(loaded.updates);
        for (const record of intact) expect(names.has(record.name), `${record.name} (intact) is kept`).toBe(true);
        for (const record of intact) {
          const payload = base.payloads[records.indexOf(record)]!;
          expect(loaded.updates.some((update) => Buffer.from(update).equals(payload))).toBe(true);
        }
        if (loaded.repair) {
          expect(await readFile(loaded.repair.damagedCopy!)).toEqual(final);
          outcomes.repaired++;
        } else {
          // Dropped without a damaged copy: a torn last record only.
          expect((await stat(path)).size).toBe(final.byteLength - loaded.tornBytes);
          outcomes[loaded.tornBytes > 0 ? 'torn' : 'sound']++;
        }
        await loaded.log.close();
        await rm(dirname(path), { recursive: true });
      } catch (error) {
        console.error(`Fuzzed log case ${c} failed: replay with KITH_FUZZ_SEED=${SEED} (case seed ${seed}): ${what.join(', ')}`);
        throw error;
      }
    }
    // The cases reach both repairs and torn tails.
    expect(outcomes.repaired).toBeGreaterThan(CASES / 2);
    expect(outcomes.torn).toBeGreaterThan(10);
  }, 120_000);
});

describe('a disk that refuses writes', () => {
  it('finishes a write the disk took only part of, or fails it', async () => {
    const path = await tempLog();
    let room = Infinity;
    const shortWrites: OpenLogFile = async (file, flags) => {
      const handle = await open(file, flags, 0o600);
      return {
        // A filling disk takes what fits, then nothing: the count says so, not an error.
        async write(buffer, offset, length, position) {
          const take = Math.min(length, 7, room);
          room -= take;
          return handle.write(buffer, offset, take, position);
        },
        datasync: () => handle.datasync(),
        truncate: (length) => handle.truncate(length),
        chmod: (m) => handle.chmod(m),
        close: () => handle.close(),
      };
    };
    const { log } = await UpdateLog.open(path, { openFile: shortWrites });
    await log.append(new Uint8Array(50).fill(1));
    room = 20;
    await expect(log.append(new Uint8Array(50).fill(2))).rejects.toThrow(/the disk is full/);
    room = Infinity;
    await log.flushed();
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(arrays(reopened.updates)).toEqual([Array(50).fill(1), Array(50).fill(2)]);
    expect(reopened.repair).toBeNull();
    await reopened.log.close();
  });

  it('rejects the append with a sentence, keeps the records and writes them with the next write', async () => {
    const path = await tempLog();
    const failing = { code: null as string | null };
    const { log } = await UpdateLog.open(path, { openFile: failingFiles(failing) });
    const problems: Array<string | null> = [];
    log.onProblem((problem) => problems.push(problem));
    await log.append(bytes(1));
    failing.code = 'ENOSPC';
    await expect(log.append(bytes(2))).rejects.toThrow(
      `Kith cannot write to ${dirname(path)} (the disk is full), so your latest edits are not saved on this computer yet.`,
    );
    expect(log.problem).toMatch(/Free some space on that disk/);
    await expect(log.flushed()).rejects.toThrow(/disk is full/);
    failing.code = null;
    // A later write succeeding means the earlier one is on disk too.
    await log.append(bytes(3));
    await log.flushed();
    expect(log.problem).toBeNull();
    expect(problems).toEqual([expect.stringMatching(/disk is full/), null]);
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(arrays(reopened.updates)).toEqual([[1], [2], [3]]);
    await reopened.log.close();
  });

  it('is written by a compaction that succeeds after writes failed', async () => {
    const path = await tempLog();
    const failing = { code: null as string | null };
    const { log } = await UpdateLog.open(path, { openFile: failingFiles(failing) });
    failing.code = 'EROFS';
    await expect(log.append(bytes(1))).rejects.toThrow(/\(read-only\)/);
    failing.code = null;
    await log.compact(() => bytes(1, 1));
    expect(log.problem).toBeNull();
    await log.flushed();
    await log.close();
    const reopened = await UpdateLog.open(path);
    expect(arrays(reopened.updates)).toEqual([[1, 1]]);
    await reopened.log.close();
  });

  it('says what to do when the log cannot be opened for writing at start', async () => {
    for (const [code, what] of [
      ['EACCES', 'permission denied'],
      ['EPERM', 'permission denied'],
      ['EROFS', 'read-only'],
      ['ENOSPC', 'the disk is full'],
      ['EDQUOT', 'your disk quota is used up'],
    ]) {
      const path = await tempLog();
      const refuse: OpenLogFile = async () => {
        throw Object.assign(new Error(`${code}: simulated, open`), { code });
      };
      const opening = UpdateLog.open(path, { openFile: refuse });
      await expect(opening).rejects.toThrow(`Kith cannot write to ${dirname(path)} (${what}).`);
      await expect(opening).rejects.toThrow(/then start Kith again\.$/);
    }
  });

  it('creates the log owner-only and tightens an existing one', async () => {
    const path = await tempLog();
    const { log } = await UpdateLog.open(path);
    await log.close();
    expect(await mode(path)).toBe(0o600);
    await chmod(path, 0o644);
    const reopened = await UpdateLog.open(path);
    expect(await mode(path)).toBe(0o600);
    await reopened.log.close();
  });
});
