/**
 * The data folder: where one Kith's document log, identity and (in browser
 * mode) Chromium profile live. Two folders are two independent Kiths, which
 * is how two devices run side by side on one machine.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const identitySchema = z.object({
  docName: z.string().regex(/^kith-[a-z0-9]{16,64}$/),
  /**
   * Browser mode's port, kept so the app's origin — and with it the
   * browser's IndexedDB copy of the document — stays the same across starts.
   */
  browserPort: z.number().int().min(1).max(65535).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

/** The per-user default data folder for browser mode (Electron uses its userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Kith');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Kith');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'kith');
}

/**
 * Creates the data folder owner-only, or tightens one that exists (a folder
 * given with --data-dir) to 0700. Returns a line to show when that cannot be
 * done, else null.
 */
export async function prepareDataDir(dataDir: string, chmodFolder: typeof chmod = chmod): Promise<string | null> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32' || ((await stat(dataDir)).mode & 0o077) === 0) return null;
  try {
    await chmodFolder(dataDir, 0o700);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return `Kith: could not make the data folder ${dataDir} private to your user (${code}); other users of this computer may be able to read it — run "chmod 700 ${dataDir}" or choose another folder.`;
  }
}

/** A storage failure, told as a sentence that says what to do; `code` is the system's (ENOSPC, EACCES, …). */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const STORAGE_PROBLEMS: Record<string, { what: string; fix: string }> = {
  EACCES: { what: 'permission denied', fix: 'Make that folder writable for your user' },
  EPERM: { what: 'permission denied', fix: 'Make that folder writable for your user' },
  EROFS: { what: 'read-only', fix: 'Make that disk writable again' },
  ENOSPC: { what: 'the disk is full', fix: 'Free some space on that disk' },
  EDQUOT: { what: 'your disk quota is used up', fix: 'Free some space (or ask for a larger quota)' },
};

/**
 * The sentence for a failure to write in the data folder: at start (Kith
 * stops), or while running (Kith keeps the edits and tries again). Null at
 * start for a failure that is not about the folder's space or permissions.
 */
export function storageError(error: unknown, folder: string, when: 'start'): StorageError | null;
export function storageError(error: unknown, folder: string, when: 'running'): StorageError;
export function storageError(error: unknown, folder: string, when: 'start' | 'running'): StorageError | null {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  const problem = STORAGE_PROBLEMS[code];
  if (when === 'start') {
    if (!problem) return null;
    return new StorageError(
      `Kith cannot write to ${folder} (${problem.what}). ${problem.fix}, or choose another data folder, then start Kith again.`,
      code,
    );
  }
  const notSaved = 'so your latest edits are not saved on this computer yet';
  const keepOpen = 'and keep Kith open: it saves them as soon as it can.';
  return new StorageError(
    problem
      ? `Kith cannot write to ${folder} (${problem.what}), ${notSaved}. ${problem.fix} ${keepOpen}`
      : `Kith could not write to ${folder} (${(error as Error)?.message ?? code}), ${notSaved}. Check that disk ${keepOpen}`,
    code,
  );
}

/**
 * Writes a small file whole or not at all: a new file beside it, synced, then
 * renamed over it, readable by this user only. Callers serialize their writes
 * to one path (they share the `.tmp` file).
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    // A .tmp left by a crash keeps its old mode through open(); set it again.
    await handle.chmod(0o600);
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/** Records the port browser mode listens on, for the next start. */
export async function rememberBrowserPort(dataDir: string, port: number): Promise<void> {
  const identity = await readIdentity(dataDir);
  if (identity.browserPort === port) return;
  await writeFileAtomic(join(dataDir, 'kith.json'), `${JSON.stringify({ ...identity, browserPort: port }, null, 2)}\n`);
}

/** Reads this folder's identity, creating it on first run. */
export async function readIdentity(dataDir: string): Promise<Identity> {
  const path = join(dataDir, 'kith.json');
  let text: string | null = null;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const result = identitySchema.safeParse(parsed);
    if (!result.success) {
      throw new Error(`${path} is damaged. Kith left it untouched; restore it from a backup or move the folder away.`);
    }
    return result.data;
  }
  const identity: Identity = { docName: `kith-${randomBytes(10).toString('hex')}` };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(identity, null, 2)}\n`);
  return identity;
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data folder for this process, so two hosts never append to one
 * log. A lock left by a process that is gone (a crash) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'host.lock');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new DataDirInUseError(
          `Kith is already running with the data folder ${dataDir} (process ${owner}). Close it, or choose another folder with --data-dir.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not claim the data folder ${dataDir}; another Kith may be starting there.`);
}
