import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDataDir, readIdentity, rememberBrowserPort } from './data-dir';

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
});
