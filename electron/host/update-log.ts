/**
 * The host's durable store of the document: an append-only log of Yjs updates.
 *
 *   file   = MAGIC record*
 *   record = u32le length · u32le crc32(payload) · payload (one Yjs update)
 *
 * - Appends are grouped: every update appended while a write is in flight
 *   joins the next batch, written with one write and one fdatasync. The
 *   promise an append returns resolves only after its bytes are on disk.
 *   A batch starts one event-loop turn after its first update, so what that
 *   update sets off at once — relaying it to the other devices and windows —
 *   goes out before the write is queued (and the batch can take in more).
 * - A crash can leave a torn last record. Loading stops at the first record
 *   whose length or checksum does not hold and cuts the file there; every
 *   record before it was acknowledged only after fdatasync, so none is lost.
 * - Compaction writes the whole state as one record to `<file>.tmp`, syncs
 *   it, renames it over the log and syncs the folder: at every instant either
 *   the old log or the new one is complete on disk.
 */
import { open, rename, rm, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('KITHLOG1');
const HEADER_BYTES = 8;
/** A single record larger than this is taken as corruption, not data. */
const MAX_RECORD_BYTES = 1024 * 1024 * 1024;

export class LogFormatError extends Error {
  override readonly name = 'LogFormatError';
}

export interface LoadedLog {
  log: UpdateLog;
  updates: Uint8Array[];
  /** Bytes cut from the end because a record there was torn or corrupt. */
  discardedBytes: number;
}

function encodeRecord(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(payload.byteLength, 0);
  header.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([header, payload]);
}

/** Parses records until the first one that is incomplete or fails its checksum. */
export function parseLog(bytes: Buffer, path = 'the log'): { updates: Uint8Array[]; validBytes: number } {
  if (bytes.byteLength === 0) return { updates: [], validBytes: 0 };
  if (bytes.byteLength < MAGIC.byteLength || !bytes.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    if (MAGIC.subarray(0, bytes.byteLength).equals(bytes)) return { updates: [], validBytes: 0 };
    throw new LogFormatError(
      `${path} is not a Kith document log. It was left untouched; move it away to start a new document there.`,
    );
  }
  const updates: Uint8Array[] = [];
  let offset = MAGIC.byteLength;
  while (offset + HEADER_BYTES <= bytes.byteLength) {
    const length = bytes.readUInt32LE(offset);
    const checksum = bytes.readUInt32LE(offset + 4);
    const end = offset + HEADER_BYTES + length;
    if (length > MAX_RECORD_BYTES || end > bytes.byteLength) break;
    const payload = bytes.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) break;
    updates.push(new Uint8Array(payload));
    offset = end;
  }
  return { updates, validBytes: offset };
}

async function syncFolder(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dirname(path), 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or sync a folder; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

export class UpdateLog {
  private queue: Promise<void> = Promise.resolve();
  private lastTask: Promise<void> = Promise.resolve();
  private batch: { records: Buffer[]; done: Promise<void> } | null = null;
  private recordsSinceCompaction: number;
  private bytesSinceCompaction = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    private handle: FileHandle,
    private size: number,
    records: number,
  ) {
    this.recordsSinceCompaction = records;
  }

  /** Opens (or creates) the log, repairing a torn tail. */
  static async open(path: string): Promise<LoadedLog> {
    await rm(`${path}.tmp`, { force: true });
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      bytes = Buffer.alloc(0);
    }
    const { updates, validBytes } = parseLog(bytes, path);
    const handle = await open(path, validBytes === 0 ? 'w' : 'r+');
    if (validBytes === 0) {
      await handle.write(MAGIC, 0, MAGIC.byteLength, 0);
    } else if (validBytes < bytes.byteLength) {
      await handle.truncate(validBytes);
    }
    await handle.datasync();
    if (validBytes === 0) await syncFolder(path);
    const log = new UpdateLog(path, handle, Math.max(validBytes, MAGIC.byteLength), updates.length);
    return { log, updates, discardedBytes: Math.max(0, bytes.byteLength - Math.max(validBytes, MAGIC.byteLength)) };
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
      const bytes = Buffer.concat(batch.records);
      await this.handle.write(bytes, 0, bytes.byteLength, this.size);
      await this.handle.datasync();
      this.size += bytes.byteLength;
      this.bytesSinceCompaction += bytes.byteLength;
      this.recordsSinceCompaction += batch.records.length;
    });
    this.batch = batch;
    return batch.done;
  }

  /** Resolves once everything appended so far is on disk; rejects if the last write failed. */
  flushed(): Promise<void> {
    return this.lastTask;
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
   * compaction runs (after every earlier append is on disk).
   */
  compact(snapshot: () => Uint8Array): Promise<void> {
    // Appends from now on are written after the new file is in place.
    this.batch = null;
    return this.enqueue(async () => {
      const state = snapshot();
      const tmpPath = `${this.path}.tmp`;
      const bytes = Buffer.concat([MAGIC, encodeRecord(state)]);
      const tmp = await open(tmpPath, 'w');
      try {
        await tmp.write(bytes);
        await tmp.datasync();
      } finally {
        await tmp.close();
      }
      await rename(tmpPath, this.path);
      await syncFolder(this.path);
      const previous = this.handle;
      this.handle = await open(this.path, 'r+');
      await previous.close();
      this.size = bytes.byteLength;
      this.recordsSinceCompaction = 1;
      this.bytesSinceCompaction = 0;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    await this.handle.close();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.lastTask = run;
    // A failed write fails its own callers; later writes still run.
    this.queue = run.catch(() => undefined);
    return run;
  }
}
