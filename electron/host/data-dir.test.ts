import { afterEach, describe, expect, it } from 'vitest';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, prepareDataDir, readIdentity, rememberBrowserPort, storageError } from './data-dir';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-dir-'));
  dirs.push(dir);
  return dir;
}

describe('data folder', () => {
  it('lives under the user data home by platform', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' }, 'linux')).toBe('/x/data/kith');
    expect(defaultDataDir({}, 'linux')).toMatch(/\.local\/share\/kith$/);
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Kith$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Kith');
  });

  it('creates an identity once and keeps it', async () => {
    const dir = await temp();
    const first = await readIdentity(dir);
    expect(first.docName).toMatch(/^kith-[0-9a-f]{20}$/);
    expect(await readIdentity(dir)).toEqual(first);
  });

  it('remembers the browser-mode port without changing the document name', async () => {
    const dir = await temp();
    const { docName } = await readIdentity(dir);
    await rememberBrowserPort(dir, 47123);
    expect(await readIdentity(dir)).toEqual({ docName, browserPort: 47123 });
  });

  it('refuses a damaged identity file and leaves it as it was', async () => {
    const dir = await temp();
    await writeFile(join(dir, 'kith.json'), '{"docName": 42}');
    await expect(readIdentity(dir)).rejects.toThrow(/damaged/);
    expect(await readFile(join(dir, 'kith.json'), 'utf8')).toBe('{"docName": 42}');
  });

  it('tightens an existing data folder to owner-only, or says in one line that it could not', async () => {
    const dir = await temp();
    await chmod(dir, 0o755);
    expect(await prepareDataDir(dir)).toBeNull();
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await chmod(dir, 0o775);
    const refused = () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, chmod'), { code: 'EPERM' }));
    const line = await prepareDataDir(dir, refused);
    expect(line).toBe(
      `Kith: could not make the data folder ${dir} private to your user (EPERM); other users of this computer may be able to read it — run "chmod 700 ${dir}" or choose another folder.`,
    );
    const fresh = join(dir, 'new', 'kith');
    expect(await prepareDataDir(fresh)).toBeNull();
    expect((await stat(fresh)).mode & 0o777).toBe(0o700);
  });

  it('turns a storage failure into a sentence that says what to do', () => {
    const failure = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(storageError(failure('EACCES'), '/data', 'start')!.message).toBe(
      'Kith cannot write to /data (permission denied). Make that folder writable for your user, or choose another data folder, then start Kith again.',
    );
    expect(storageError(failure('EDQUOT'), '/data', 'running').message).toBe(
      'Kith cannot write to /data (your disk quota is used up), so your latest edits are not saved on this computer yet. Free some space (or ask for a larger quota) and keep Kith open: it saves them as soon as it can.',
    );
    // At start, other failures keep their own message; while running, they still say edits are not saved.
    expect(storageError(failure('EIO'), '/data', 'start')).toBeNull();
    expect(storageError(failure('EIO'), '/data', 'running').message).toMatch(/^Kith could not write to \/data \(EIO: raw\), so your latest edits/);
  });
});
