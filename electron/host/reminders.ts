/**
 * Reminders: the host looks for what has come due (shared/analytics
 * follow-through.ts `dueReminders`) and delivers each reminder once.
 *
 *   every minute ──┐
 *   doc update  ───┼─ (2 s settle) ─► check ─► dueReminders(doc, now, zone, settings)
 *   window opens ──┤                    │       minus the keys already shown
 *   settings    ───┘                    ▼
 *                         deliver(new ones) ─► `reminder` event to every window
 *                                   │          + the notifier (Electron: native)
 *                                   ▼
 *                         reminders-shown.json (key → when shown; atomic writes)
 *
 * A reminder is delivered only when something can show it (`canDeliver`): in
 * Electron always (main shows a desktop notification); in browser mode only
 * while a window is connected. Until then its key stays unshown, so a window
 * that connects later gets everything that waited.
 *
 * A brand-new data folder delivers whatever is already due: those reminders
 * are true, and the first ones the user has not seen. Keys are forgotten 60
 * days after they were shown, so a request or commitment left open that long
 * reminds again, once, every 60 days.
 *
 * Delivery comes before the key is saved: a crash in between repeats a
 * reminder rather than losing it.
 */
import type * as Y from 'yjs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { dueReminders } from '../../shared/analytics/follow-through';
import { dayIn, systemTimeZone } from '../../shared/doc/days';
import type { ReminderPayload, ReminderSettings } from '../../shared/host/contract';
import { writeFileAtomic } from './data-dir';

export const SHOWN_FILE = 'reminders-shown.json';
/** How long a shown key is remembered. */
export const FORGET_SHOWN_AFTER_DAYS = 60;
/** How often the clock alone is enough to bring something due. */
export const CHECK_EVERY_MS = 60_000;
/** How long after a change (an edit, a window connecting) to look. */
export const SETTLE_MS = 2_000;
/**
 * The hello queue reads every person's last interaction: it is the one costly
 * part of a look (about half a second for 5,000 people, on the thread that
 * also runs Electron's main). It is one reminder a day, so it is worked out
 * at most this often, and not again once today's has been shown.
 */
export const HELLOS_EVERY_MS = 10 * 60_000;

const DAY_MS = 24 * 3600 * 1000;

/** Timers, injectable so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Node's timers, unref'd: reminders never keep a process alive. */
export const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  setInterval: (callback, ms) => setInterval(callback, ms).unref(),
  clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
};

/** Shows reminders outside any window (Electron main: desktop notifications). Given each batch once. */
export type ReminderNotifier = (reminders: readonly ReminderPayload[]) => void;

type Report = (message: string) => void;

const shownFile = z.object({ shown: z.record(z.string(), z.iso.datetime()) });

/** The keys already shown, with when, persisted in the data folder. */
class ShownKeys {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly shown: Map<string, string>,
    private readonly report: Report,
  ) {}

  static async open(dataDir: string, report: Report): Promise<ShownKeys> {
    const path = join(dataDir, SHOWN_FILE);
    let entries: Record<string, string> = {};
    try {
      const result = shownFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (result.success) entries = result.data.shown;
      else report(`Kith: ${path} is damaged; reminders shown before may be shown again.`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        report(`Kith: ${path} could not be read; reminders shown before may be shown again.`);
      }
    }
    return new ShownKeys(path, new Map(Object.entries(entries)), report);
  }

  has(key: string): boolean {
    return this.shown.has(key);
  }

  add(keys: readonly string[], now: Date): void {
    const cutoff = now.getTime() - FORGET_SHOWN_AFTER_DAYS * DAY_MS;
    for (const [key, at] of this.shown) if (Date.parse(at) < cutoff) this.shown.delete(key);
    for (const key of keys) this.shown.set(key, now.toISOString());
  }

  /** Writes the keys as they are now, after any write before it. A failed write is reported, not thrown. */
  save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        await writeFileAtomic(this.path, `${JSON.stringify({ shown: Object.fromEntries(this.shown) })}\n`);
      } catch (error) {
        this.report(`Kith: could not remember which reminders were shown (${(error as Error).message}); they may repeat after a restart.`);
      }
    });
    return this.writing;
  }

  /** Resolves once the writes asked for so far are done. */
  flushed(): Promise<void> {
    return this.writing;
  }
}

export interface ReminderServiceOptions {
  doc: Y.Doc;
  dataDir: string;
  /** Which kinds this device shows (read at each check). */
  settings(): ReminderSettings;
  /** Whether anything can show a reminder now; while not, due reminders wait. */
  canDeliver(): boolean;
  /** Shows a batch of new reminders. */
  deliver(reminders: ReminderPayload[]): void;
  clock?: () => Date;
  timeZone?: () => string;
  timers?: Timers;
  report?: Report;
}

export interface ReminderService {
  /** Looks now, delivers what is new, and resolves once its keys are saved. */
  check(): Promise<void>;
  /** Looks shortly, once things have settled (one look for a burst of changes). */
  soon(): void;
  close(): Promise<void>;
}

export async function startReminders(options: ReminderServiceOptions): Promise<ReminderService> {
  const { doc, settings, canDeliver, deliver } = options;
  const clock = options.clock ?? (() => new Date());
  const timeZone = options.timeZone ?? systemTimeZone;
  const timers = options.timers ?? nodeTimers;
  const report = options.report ?? ((message: string) => console.error(message));
  const shown = await ShownKeys.open(options.dataDir, report);

  let closed = false;
  let settleTimer: unknown = null;
  let lastProblem: string | null = null;
  let hellosLookedAt = Number.NEGATIVE_INFINITY;
  let hellosDay = '';

  /** The kinds to work out now: the chosen ones, less the hello queue when it was looked at lately. */
  function kindsFor(now: Date, zone: string): ReminderSettings {
    const chosen = settings();
    if (!chosen.hellos) return chosen;
    const today = dayIn(now, zone);
    // follow-through.ts keys the daily hello reminder `hellos:<today>`.
    const recent = today === hellosDay && now.getTime() - hellosLookedAt < HELLOS_EVERY_MS;
    if (recent || shown.has(`hellos:${today}`)) return { ...chosen, hellos: false };
    hellosDay = today;
    hellosLookedAt = now.getTime();
    return chosen;
  }

  function dueNow(now: Date): ReminderPayload[] {
    try {
      const zone = timeZone();
      const due = dueReminders(doc, now, zone, kindsFor(now, zone));
      lastProblem = null;
      return due.map(({ key, kind, title, body, personIds }) => ({ key, kind, title, body, personIds: [...personIds] }));
    } catch (error) {
      // A record from a buggy peer must not stop the minute-by-minute checks; say so once.
      const problem = (error as Error).message;
      if (problem !== lastProblem) report(`Kith: could not work out reminders: ${problem}`);
      lastProblem = problem;
      return [];
    }
  }

  async function check(): Promise<void> {
    if (closed || !canDeliver()) return;
    const now = clock();
    const fresh = dueNow(now).filter((reminder) => !shown.has(reminder.key));
    if (!fresh.length) return;
    shown.add(fresh.map((reminder) => reminder.key), now);
    try {
      deliver(fresh);
    } catch (error) {
      report(`Kith: showing reminders failed: ${(error as Error).message}`);
    }
    await shown.save();
  }

  function soon(): void {
    if (closed) return;
    if (settleTimer !== null) timers.clearTimeout(settleTimer);
    settleTimer = timers.setTimeout(() => {
      settleTimer = null;
      void check();
    }, SETTLE_MS);
  }

  const onUpdate = () => soon();
  doc.on('update', onUpdate);
  const interval = timers.setInterval(() => void check(), CHECK_EVERY_MS);
  soon();

  return {
    check,
    soon,
    async close() {
      closed = true;
      doc.off('update', onUpdate);
      timers.clearInterval(interval);
      if (settleTimer !== null) timers.clearTimeout(settleTimer);
      await shown.flushed();
    },
  };
}
