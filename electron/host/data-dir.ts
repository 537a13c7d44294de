/**
 * The data folder: where one Kith's document log, identity and (in browser
 * mode) Chromium profile live. Two folders are two independent Kiths, which
 * is how two devices run side by side on one machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
