/**
 * This device's settings (the contract's `settings`), kept in the data folder
 * as settings.json. They are not synced: each device chooses for itself.
 *
 * Reading never fails. A missing file is the defaults; a damaged one is the
 * defaults too, said once on stderr, and the next change writes a good file.
 * A key this version does not know is ignored (a typo, or a newer Kith's).
 * A change is validated whole before anything is written, and written whole
 * (write-new-then-rename) before anyone is told.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  defaultSettings,
  settings as settingsSchema,
  settingsPatch,
  type Settings,
} from '../../shared/host/contract';
import { ValidationError, firstIssue } from '../../shared/doc/errors';
import { writeFileAtomic } from './data-dir';

export const SETTINGS_FILE = 'settings.json';

type Report = (message: string) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `layer` laid over `base`, section by section, taking only the keys `base`
 * has. A section of the wrong shape is passed through for the schema to refuse.
 */
function overlay(base: Settings, layer: Record<string, unknown>): unknown {
  const result: Record<string, unknown> = {};
  for (const [section, values] of Object.entries(base)) {
    const changes = layer[section];
    if (changes === undefined) {
      result[section] = { ...values };
    } else if (isPlainObject(changes)) {
      const known = Object.keys(values).filter((key) => changes[key] !== undefined);
      result[section] = { ...values, ...Object.fromEntries(known.map((key) => [key, changes[key]])) };
    } else {
      result[section] = changes;
    }
  }
  return result;
}

/** What the file says, or null with the reason it cannot be used. */
async function readSettingsFile(path: string): Promise<{ settings: Settings | null; problem: string | null }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: null, problem: null };
    return { settings: null, problem: `could not be read (${code ?? String(error)})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { settings: null, problem: 'is not JSON' };
  }
  if (!isPlainObject(parsed)) return { settings: null, problem: 'is not a settings object' };
  const result = settingsSchema.safeParse(overlay(defaultSettings(), parsed));
  if (!result.success) return { settings: null, problem: `is damaged (${firstIssue(result.error)})` };
  return { settings: result.data, problem: null };
}

export class SettingsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(settings: Settings) => void>();

  private constructor(
    private readonly path: string,
    private current: Settings,
    /** Whether the file holds `current` (false when it is missing or damaged). */
    private onDisk: boolean,
  ) {}

  static async open(dataDir: string, report: Report = (message) => console.error(message)): Promise<SettingsStore> {
    const path = join(dataDir, SETTINGS_FILE);
    const { settings, problem } = await readSettingsFile(path);
    if (problem) report(`Kith: ${path} ${problem}; using the default settings until they are changed.`);
    return new SettingsStore(path, settings ?? defaultSettings(), settings !== null);
  }

  /** The settings now (a copy). */
  get(): Settings {
    return structuredClone(this.current);
  }

  /**
   * Applies a patch such as `{ reminders: { hellos: false } }` and resolves
   * with the settings once they are on disk. A patch that does not validate
   * throws a ValidationError at once, and nothing is written. Changes are
   * applied one after another, each over the one before.
   */
  update(patch: unknown): Promise<Settings> {
    const parsed = settingsPatch.safeParse(patch);
    if (!parsed.success) return Promise.reject(new ValidationError('settings', firstIssue(parsed.error)));
    const changes = parsed.data;
    const done = this.queue.then(async () => {
      const next = settingsSchema.parse(overlay(this.current, changes));
      if (this.onDisk && JSON.stringify(next) === JSON.stringify(this.current)) return this.get();
      await writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
      this.current = next;
      this.onDisk = true;
      for (const listener of this.listeners) listener(this.get());
      return this.get();
    });
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Called with the new settings after each change that reached the disk. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once every change asked for so far is written (or has failed). */
  async settled(): Promise<void> {
    await this.queue;
  }
}
