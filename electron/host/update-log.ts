/**
 * The host's durable store of the document: an append-only log of Yjs updates
 * (`document.ylog`, format and reading in log-format.ts), created owner-only
 * (0600).
 *
 * - Appends are grouped: every update appended while a write is in flight
 *   joins the next batch, written with one write and one fdatasync. The
 *   promise an append returns resolves only after its bytes are on disk.
 *   A batch starts one event-loop turn after its first update, so what that
 *   update sets off at once — relaying it to the other devices and windows —
 *   goes out before the write is queued (and the batch can take in more).
 * - A write that fails (a full or read-only disk) rejects with a sentence
 *   saying what to do (`problem`), and its records are kept: the next write
 *   — an append, `flushed()`, a compaction — writes them first. So a write
 *   that succeeds later means every earlier record is on disk too, and
 *   `flushed()` resolves only when nothing is left unwritten. A write the
 *   disk took only part of (a filling disk returns a short count, not an
 *   error) is finished, or fails.
 * - A crash can leave a torn last record: an incomplete record at the very
 *   end. Opening cuts it; every record before it was acknowledged only after
 *   fdatasync, so none is lost.
 * - Anything else unreadable — a bad checksum or length with more data after
 *   it, garbage, a damaged magic — is damage, never cut: the reader keeps
 *   every readable record before and after it, the damaged file is kept
 *   as `<file>.damaged-<time>`, and a clean log holding what was read takes
 *   its place. When the log is damaged or missing, the previous generation
 *   (`<file>.1`) is read too, so what the last compaction held survives a
 *   damaged compacted record. The host then takes back in what the window
 *   and paired devices hold (recovery.ts). A writer's records after one that
 *   was lost wait inside Yjs until it comes back (Yjs applies each writer's
 *   edits in order); compaction keeps them meanwhile.
 * - Compaction writes the whole state as one record to `<file>.tmp` (0600),
 *   syncs it, reads it back and checks it holds exactly that state, then
 *   renames the log to `<file>.1` (the previous generation) and the new file
 *   over the log, and syncs the folder. At every instant the log, or `.1`
 *   and the checked `.tmp`, hold everything; opening finds it either way.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, link, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { encodeLog, encodeRecord, LogFormatError, MAGIC, parseLog, type ParsedLog } from './log-format';
import { StorageError, storageError } from './data-dir';

export { LogFormatError, parseLog } from './log-format';

/** What the log needs of an open file; node's FileHandle is one (tests pass one whose writes fail). */
export interface LogFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}
export type OpenLogFile = (path: string, flags: 'w' | 'r+') => Promise<LogFile>;

const openOwnerOnly: OpenLogFile = (path, flags) => open(path, flags, 0o600);

export interface OpenOptions {
  /** How files are opened for writing (tests inject failures here). */
  openFile?: OpenLogFile;
  /** The time in the damaged file's name. */
  clock?: () => Date;
}

/** What opening found wrong with the log, and what it did about it. */
export interface LogRepair {
  /** Where the damaged log was kept as it was; null when the log was missing rather than damaged. */
  damagedCopy: string | null;
  /** Records read back (from the log and the previous generation). */
  keptRecords: number;
  /** Unreadable stretches skipped, and their bytes. */
  skippedStretches: number;
  skippedBytes: number;
  /** The previous generation (`.1`) was read too. */
  usedPrevious: boolean;
  /** There was no log, only the previous generation. */
  missing: boolean;
}

export interface LoadedLog {
  log: UpdateLog;
  updates: Uint8Array[];
  /** Bytes of a torn last record cut from the end (an interrupted write). */
  tornBytes: number;
  /** Set when the log was damaged or missing and was rebuilt from what could be read. */
  repair: LogRepair | null;
}

async function readIfThere(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The readable records of a file that may be damaged or missing; never throws for its content. */
async function readableRecords(path: string): Promise<Uint8Array[] | null> {
  const bytes = await readIfThere(path);
  if (!bytes) return null;
  try {
    return parseLog(bytes, path).updates;
  } catch (error) {
    if (error instanceof LogFormatError) return [];
    throw error;
  }
}

/**
 * Writes all of `bytes` at `position`. A disk that fills up part way through
 * a write returns a short count rather than an error: the rest is written
 * again, which then fails with the disk's error.
 */
async function writeAll(file: LogFile, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.byteLength; ) {
    const { bytesWritten } = await file.write(bytes, done, bytes.byteLength - done, position + done);
    if (bytesWritten <= 0) throw Object.assign(new Error('ENOSPC: the disk took no more bytes'), { code: 'ENOSPC' });
    done += bytesWritten;
  }
}

async function syncFolder(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dirname(path), 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

/** `document.ylog.damaged-2026-12-03T082512.345Z`: colons are not allowed in names everywhere. */
function damagedName(path: string, now: Date, attempt: number): string {
  return `${path}.damaged-${now.toISOString().replaceAll(':', '')}${attempt > 0 ? `-${attempt + 1}` : ''}`;
}

/** Keeps the damaged file as it is, under a new name: a hard link, or a copy where links do not work. */
async function keepDamaged(path: string, now: Date): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const target = damagedName(path, now, attempt);
    try {
      try {
        await link(path, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
        await copyFile(path, target, constants.COPYFILE_EXCL);
      }
      await chmod(target, 0o600);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) throw error;
    }
  }
}

/**
 * Writes `payloads` as a complete log at `path` (owner-only), synced, then
 * reads it back: it must hold exactly those records, or this throws.
 */
async function writeChecked(path: string, payloads: readonly Uint8Array[], openFile: OpenLogFile): Promise<number> {
  const bytes = encodeLog(payloads);
  const file = await openFile(path, 'w');
  try {
    // A file left by a crash keeps its old mode through open(); set it again.
    await file.chmod(0o600);
    await writeAll(file, bytes, 0);
    await file.datasync();
  } finally {
    await file.close();
  }
  const back = await readFile(path);
  let parsed: ParsedLog | null = null;
  try {
    parsed = parseLog(back, path);
  } catch {
    // checked below
  }
  const same =
    parsed !== null &&
    parsed.damage.length === 0 &&
    parsed.tornBytes === 0 &&
    parsed.updates.length === payloads.length &&
    parsed.updates.every((update, index) => Buffer.from(update).equals(payloads[index]!));
  if (!same) {
    throw new Error(`${basename(path)} did not read back as it was written; the disk may be failing. The log was left as it was.`);
  }
  return bytes.byteLength;
}

export class UpdateLog {
  private queue: Promise<void> = Promise.resolve();
  private batch: { records: Buffer[]; done: Promise<void> } | null = null;
  /** Records whose write failed, written first by the next write. */
  private unwritten: Buffer[] = [];
  private currentProblem: StorageError | null = null;
  private readonly problemListeners = new Set<(problem: string | null) => void>();
  private recordsSinceCompaction: number;
  private bytesSinceCompaction = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private file: LogFile,
    private size: number,
    records: number,
    private readonly openFile: OpenLogFile,
  ) {
    this.recordsSinceCompaction = records;
  }

  /** Opens (or creates) the log: cuts a torn tail, rebuilds a damaged or missing one from what can be read. */
  static async open(path: string, options: OpenOptions = {}): Promise<LoadedLog> {
    const openFile = options.openFile ?? openOwnerOnly;
    const folder = dirname(path);
    try {
      return await UpdateLog.load(path, openFile, options.clock ?? (() => new Date()));
    } catch (error) {
      throw storageError(error, folder, 'start') ?? error;
    }
  }

  private static async load(path: string, openFile: OpenLogFile, clock: () => Date): Promise<LoadedLog> {
    const tmpPath = `${path}.tmp`;
    const previousPath = `${path}.1`;
    const bytes = await readIfThere(path);
    let parsed: ParsedLog | null = null;
    if (bytes) {
      try {
        parsed = parseLog(bytes, path);
      } catch (error) {
        // Not a log at all: left untouched, unless the previous generation says this folder is Kith's.
        if (!(error instanceof LogFormatError) || !(await readIfThere(previousPath))) throw error;
      }
    }
    const sound = parsed !== null && parsed.damage.length === 0;
    const previous = sound ? null : await readableRecords(previousPath);

    if (sound || (!bytes && !previous)) {
      // A .tmp beside a sound log is a compaction a crash interrupted.
      await rm(tmpPath, { force: true });
      const updates = parsed?.updates ?? [];
      const tornBytes = parsed?.tornBytes ?? 0;
      const fresh = !parsed || parsed.soundBytes === 0;
      const file = await openFile(path, fresh ? 'w' : 'r+');
      await file.chmod(0o600);
      if (fresh) await writeAll(file, MAGIC, 0);
      else if (tornBytes > 0) await file.truncate(parsed!.soundBytes);
      await file.datasync();
      if (fresh) await syncFolder(path);
      const size = fresh ? MAGIC.byteLength : parsed!.soundBytes;
      return { log: new UpdateLog(path, file, size, updates.length, openFile), updates, tornBytes, repair: null };
    }

    // Damaged, or missing with a previous generation: rebuild from everything readable.
    // A missing log with a .tmp is a compaction stopped between its renames; the .tmp was checked.
    const interrupted = bytes ? null : await readableRecords(tmpPath);
    const updates = [...(previous ?? []), ...(interrupted ?? []), ...(parsed?.updates ?? [])];
    const damage = parsed?.damage ?? (bytes ? [{ offset: 0, bytes: bytes.byteLength }] : []);
    const size = await writeChecked(tmpPath, updates, openFile);
    const damagedCopy = bytes ? await keepDamaged(path, clock()) : null;
    await rename(tmpPath, path);
    await syncFolder(path);
    const file = await openFile(path, 'r+');
    const repair: LogRepair = {
      damagedCopy,
      keptRecords: updates.length,
      skippedStretches: damage.length,
      skippedBytes: damage.reduce((sum, stretch) => sum + stretch.bytes, 0),
      usedPrevious: previous !== null,
      missing: !bytes,
    };
    return { log: new UpdateLog(path, file, size, updates.length, openFile), updates, tornBytes: 0, repair };
  }

  /** Appends one update; resolves when it is on disk. */
  append(update: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The document log is closed'));
    const record = encodeRecord(update);
    if (this.batch) {
      this.batch.records.push(record);
      return this.batch.done;
    }
    const batch = { records: [record], done: Promise.resolve() };
    batch.done = this.enqueue(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve)); // relays first (see above)
      if (this.batch === batch) this.batch = null;
      await this.write(batch.records);
    });
    this.batch = batch;
    return batch.done;
  }

  /**
   * Resolves once everything appended so far is on disk. While an earlier
   * write failed, this writes what it left first, and rejects if that fails.
   */
  flushed(): Promise<void> {
    return this.enqueue(async () => {
      if (this.unwritten.length > 0) await this.write([]);
    });
  }

  /** Why the log cannot be written now, as a sentence saying what to do; null when all is written. */
  get problem(): string | null {
    return this.currentProblem?.message ?? null;
  }

  /** Called with `problem` whenever it changes. */
  onProblem(listener: (problem: string | null) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Records written since the last compaction (the compacted state counts as one). */
  get pendingRecords(): number {
    return this.recordsSinceCompaction;
  }

  get pendingBytes(): number {
    return this.bytesSinceCompaction;
  }

  /**
   * Replaces the log with one record holding `snapshot()`, taken when the
   * compaction runs (after every earlier append was written or failed). The
   * snapshot holds whatever earlier writes left unwritten, so a compaction
   * that succeeds writes them too.
   */
  compact(snapshot: () => Uint8Array): Promise<void> {
    // Appends from now on are written after the new file is in place.
    this.batch = null;
    return this.enqueue(async () => {
      const tmpPath = `${this.path}.tmp`;
      const previousPath = `${this.path}.1`;
      let size: number;
      try {
        size = await writeChecked(tmpPath, [snapshot()], this.openFile);
        await rename(this.path, previousPath);
      } catch (error) {
        await rm(tmpPath, { force: true }).catch(() => undefined);
        throw this.failed(error);
      }
      try {
        await rename(tmpPath, this.path);
      } catch (error) {
        // Put the log back: it still holds everything.
        await rename(previousPath, this.path).catch(() => undefined);
        throw this.failed(error);
      }
      await syncFolder(this.path);
      const previous = this.file;
      this.file = await this.openFile(this.path, 'r+');
      await previous.close().catch(() => undefined);
      this.size = size;
      this.unwritten = [];
      this.recordsSinceCompaction = 1;
      this.bytesSinceCompaction = 0;
      this.setProblem(null);
    });
  }

  /** Tries once more to write what is left unwritten, then closes; `problem` then says what was not written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushed().catch(() => undefined);
    await this.file.close();
  }

  /** Writes `records` after whatever earlier writes left, in one write and one fdatasync. */
  private async write(records: Buffer[]): Promise<void> {
    const all = this.unwritten.length > 0 ? [...this.unwritten, ...records] : records;
    const bytes = Buffer.concat(all);
    try {
      await writeAll(this.file, bytes, this.size);
      await this.file.datasync();
    } catch (error) {
      // Written again, at the same place, by the next write.
      this.unwritten = all;
      throw this.failed(error);
    }
    this.unwritten = [];
    this.size += bytes.byteLength;
    this.bytesSinceCompaction += bytes.byteLength;
    this.recordsSinceCompaction += all.length;
    this.setProblem(null);
  }

  private failed(error: unknown): StorageError {
    const problem = storageError(error, dirname(this.path), 'running');
    // A compaction that fails leaves the log as it was: a problem only if writes fail too.
    if (this.unwritten.length > 0) this.setProblem(problem);
    return problem;
  }

  private setProblem(problem: StorageError | null): void {
    if (problem?.message === this.currentProblem?.message) return;
    this.currentProblem = problem;
    for (const listener of this.problemListeners) listener(this.problem);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    // A failed write fails its own callers; later writes still run.
    this.queue = run.catch(() => undefined);
    return run;
  }
}
