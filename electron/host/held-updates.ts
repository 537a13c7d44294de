/**
 * What devices of a newer Kith sent, kept unapplied until this Kith reads
 * their schema (shared/sync/protocol.ts, "Schemas"):
 *
 *   link to a newer device ── step2, updates ──► hold(schema, update)
 *                                                  └─► newer-schema-<n>.ylog (update-log.ts:
 *                                                      fsynced, compacted, owner-only)
 *   host start, now reading schema n ──► readable: applied to the document (and
 *                                        its log) before migrating, then the
 *                                        held log is removed
 *
 * Nothing held is ever applied to the document early, so this device's copy
 * stays one its Kith reads, and its own edits keep syncing everywhere. A held
 * update lost to a failed write is not lost: the newer device still has it
 * and sends it again on the next link (this side never counts what it holds
 * as had). Each link resends what this side lacks, so records repeat; they
 * are merged (Y.mergeUpdates drops the repeats) every few dozen.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { HeldUpdates } from '../../shared/sync/protocol';
import { UpdateLog } from './update-log';

// Schemas are 1 to 65,535 (protocol.ts refuses a hello saying more).
const FILE = /^newer-schema-([1-9][0-9]{0,4})\.ylog$/;
const MERGE_AFTER_RECORDS = 32;

export const heldFile = (schemaVersion: number) => `newer-schema-${schemaVersion}.ylog`;

interface Held {
  records: Uint8Array[];
  /** The log, once open; every write waits on this chain, in order. */
  chain: Promise<UpdateLog | null>;
}

export class HeldStore implements HeldUpdates {
  private readonly held = new Map<number, Held>();
  private readonly listeners = new Set<(schemaVersion: number, update: Uint8Array, from: unknown) => void>();

  private constructor(
    private readonly dataDir: string,
    private readonly report: (message: string) => void,
    /** What was held for schemas this Kith now reads. */
    readonly readable: Uint8Array[],
    private readonly readableSchemas: number[],
  ) {}

  /** Opens the held logs of `dataDir`; those of schemas up to `readsUpTo` are handed back as `readable`. */
  static async open(dataDir: string, readsUpTo: number, report: (message: string) => void): Promise<HeldStore> {
    const names = await readdir(dataDir).catch(() => [] as string[]);
    const readable: Uint8Array[] = [];
    const readableSchemas: number[] = [];
    const later: [number, UpdateLog, Uint8Array[]][] = [];
    for (const name of names) {
      const match = FILE.exec(name);
      if (!match) continue;
      const schemaVersion = Number(match[1]);
      const { log, updates } = await UpdateLog.open(join(dataDir, name));
      if (schemaVersion <= readsUpTo) {
        await log.close();
        readable.push(...updates);
        readableSchemas.push(schemaVersion);
      } else {
        later.push([schemaVersion, log, updates]);
      }
    }
    const store = new HeldStore(dataDir, report, readable, readableSchemas);
    for (const [schemaVersion, log, records] of later) store.held.set(schemaVersion, { records, chain: Promise.resolve(log) });
    return store;
  }

  /** The schemas something is held for, newest last. */
  schemas(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  onHeld(listener: (schemaVersion: number, update: Uint8Array, from: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  hold(schemaVersion: number, update: Uint8Array, from: unknown): void {
    let entry = this.held.get(schemaVersion);
    if (!entry) {
      const path = join(this.dataDir, heldFile(schemaVersion));
      entry = {
        records: [],
        chain: UpdateLog.open(path).then(
          ({ log }) => log,
          (error: unknown) => {
            this.report(`Kith: could not keep the edits of a newer Kith in ${path}: ${(error as Error).message}. They stay on that device and come again.`);
            return null;
          },
        ),
      };
      this.held.set(schemaVersion, entry);
    }
    const held = entry;
    held.records.push(update);
    const merge = held.records.length > MERGE_AFTER_RECORDS;
    if (merge) held.records = [Y.mergeUpdates(held.records)];
    const merged = held.records[0]!;
    for (const listener of [...this.listeners]) listener(schemaVersion, update, from);
    held.chain = held.chain.then(async (log) => {
      if (!log) return null;
      try {
        await (merge ? log.compact(() => merged) : log.append(update));
      } catch (error) {
        this.report(`Kith: could not write the edits of a newer Kith: ${(error as Error).message}. They stay on that device and come again.`);
      }
      return log;
    });
  }

  upTo(schemaVersion: number): Uint8Array | null {
    const records = this.schemas()
      .filter((schema) => schema <= schemaVersion)
      .flatMap((schema) => this.held.get(schema)!.records);
    return records.length ? Y.mergeUpdates(records) : null;
  }

  /** Removes the held logs handed back as `readable` (call once the document's log holds them). */
  async discardReadable(): Promise<void> {
    for (const schemaVersion of this.readableSchemas) {
      const path = join(this.dataDir, heldFile(schemaVersion));
      await Promise.all([path, `${path}.1`].map((file) => rm(file, { force: true })));
    }
    this.readableSchemas.length = 0;
    this.readable.length = 0;
  }

  /** Everything held is on disk (or said not to be) once this resolves. */
  async close(): Promise<void> {
    for (const entry of this.held.values()) await (await entry.chain)?.close();
  }
}
