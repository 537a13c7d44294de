/**
 * What device sync tells the window, and what it keeps on disk:
 *
 *   changed() ── settles 200 ms ──► onChange listeners (the contract's
 *       │                             `devicesChanged` event, a DevicesView)
 *       └── within 10 s ──► p2p-state.json { lanPort, peers: where and when
 *                            each device last synced }
 *
 * A damaged state file is said once and read as empty: device sync then
 * starts afresh (it finds the devices again), nothing in the document is
 * touched.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DevicesView } from '../../../shared/host/contract';
import { writeFileAtomic } from '../data-dir';
import type { Timers } from '../reminders';
import type { PeerStatus } from './peers';

export const STATE_FILE = 'p2p-state.json';
const CHANGE_SETTLE_MS = 200;
const SAVE_AFTER_MS = 10_000;

const stateFile = z.object({
  lanPort: z.number().int().min(1).max(65535).nullable().catch(null),
  peers: z
    .record(
      z.string(),
      z.object({
        lastSyncedAt: z.string().nullable(),
        transport: z.enum(['lan', 'internet']).nullable(),
        address: z.string().nullable(),
        // Files written before devices said their schema have none.
        schemaVersion: z.number().int().min(1).nullable().catch(null),
      }),
    )
    .catch({}),
});
export type SavedState = z.infer<typeof stateFile>;

export async function readState(path: string, report: (message: string) => void): Promise<SavedState> {
  try {
    return stateFile.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') report(`Kith: ${path} is damaged; starting device sync afresh.`);
    return { lanPort: null, peers: {} };
  }
}

export interface DeviceEventsOptions {
  statePath: string;
  /** The LAN port to keep (the one chosen last). */
  lanPort(): number | null;
  /** Where and when each device last synced. */
  remembered(): Record<string, Omit<PeerStatus, 'online'>>;
  /** The view listeners are given. */
  view(): DevicesView;
  timers: Timers;
  report(message: string): void;
}

export class DeviceEvents {
  private readonly listeners = new Set<(view: DevicesView) => void>();
  private changeTimer: unknown = null;
  private saveTimer: unknown = null;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: DeviceEventsOptions) {}

  /** Something in the view changed: listeners hear it once it settles, and the state is saved soon. */
  changed(): void {
    if (this.closed || this.changeTimer !== null) return;
    this.changeTimer = this.options.timers.setTimeout(() => {
      this.changeTimer = null;
      if (this.closed) return;
      const view = this.options.view();
      for (const listener of this.listeners) listener(view);
    }, CHANGE_SETTLE_MS);
    this.scheduleSave();
  }

  onChange(listener: (view: DevicesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes p2p-state.json now (after any write under way); a failure is said, not thrown. */
  save(): Promise<void> {
    this.saving = this.saving.then(async () => {
      const next: SavedState = { lanPort: this.options.lanPort(), peers: this.options.remembered() };
      try {
        await writeFileAtomic(this.options.statePath, `${JSON.stringify(next, null, 2)}\n`);
      } catch (error) {
        this.options.report(`Kith: could not save device sync state: ${(error as Error).message}`);
      }
    });
    return this.saving;
  }

  /** Stops the events; the last save is the caller's, once the links are down. */
  close(): void {
    this.closed = true;
    this.options.timers.clearTimeout(this.changeTimer);
    this.options.timers.clearTimeout(this.saveTimer);
  }

  private scheduleSave(): void {
    if (this.saveTimer !== null || this.closed) return;
    this.saveTimer = this.options.timers.setTimeout(() => {
      this.saveTimer = null;
      void this.save();
    }, SAVE_AFTER_MS);
  }
}
