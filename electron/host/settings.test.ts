import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SETTINGS_FILE, SettingsStore } from './settings';
import { defaultSettings } from '../../shared/host/contract';
import { ValidationError } from '../../shared/doc/errors';

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-settings-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function open(dir: string) {
  const report = vi.fn();
  const store = await SettingsStore.open(dir, report);
  return { store, report };
}

const fileOf = (dir: string) => join(dir, SETTINGS_FILE);
const readJson = async (dir: string) => JSON.parse(await readFile(fileOf(dir), 'utf8')) as unknown;

describe('settings', () => {
  it('are the defaults, silently, when none were saved, and reading writes nothing', async () => {
    const dir = await dataDir();
    const { store, report } = await open(dir);
    expect(store.get()).toEqual(defaultSettings());
    expect(report).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual([]);
  });

  it('read a damaged file as the defaults, say so once, and leave it until a change', async () => {
    for (const text of ['{ "reminders": { "hellos": fal', '[]', 'null', '{ "reminders": { "hellos": "no" } }', '{ "reminders": 3 }']) {
      const dir = await dataDir();
      await writeFile(fileOf(dir), text);
      const { store, report } = await open(dir);
      expect(store.get(), text).toEqual(defaultSettings());
      expect(report, text).toHaveBeenCalledOnce();
      expect(report.mock.calls[0]?.[0]).toContain(fileOf(dir));
      expect(await readFile(fileOf(dir), 'utf8')).toBe(text);
    }
  });

  it('ignore keys they do not know and default the ones missing', async () => {
    const dir = await dataDir();
    await writeFile(fileOf(dir), JSON.stringify({ reminders: { hellos: false, sms: true }, sync: { lan: false }, later: {} }));
    const { store, report } = await open(dir);
    expect(store.get()).toEqual({
      reminders: { commitments: true, requests: true, hellos: false },
      sync: { lan: false, internet: true, port: 0 },
      links: { previews: true },
      desktop: { openAtLogin: false },
    });
    expect(report).not.toHaveBeenCalled();
  });

  it('write a change whole, owner-only, and read it back after a restart', async () => {
    const dir = await dataDir();
    // A .tmp left by a crash, readable by others: neither it nor its mode survives.
    await writeFile(`${fileOf(dir)}.tmp`, 'half a file', { mode: 0o644 });
    const { store } = await open(dir);
    const changed = vi.fn();
    store.onChange(changed);
    await expect(store.update({ reminders: { hellos: false } })).resolves.toEqual({
      ...defaultSettings(),
      reminders: { commitments: true, requests: true, hellos: false },
    });
    expect(changed).toHaveBeenCalledWith(store.get());
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
    expect((await stat(fileOf(dir))).mode & 0o777).toBe(0o600);
    expect(await readJson(dir)).toEqual(store.get());

    const again = await open(dir);
    expect(again.store.get()).toEqual(store.get());
    expect(again.report).not.toHaveBeenCalled();
  });

  it('refuse a bad patch and write nothing', async () => {
    const dir = await dataDir();
    const { store } = await open(dir);
    await store.update({ reminders: { requests: false } });
    const before = await readFile(fileOf(dir), 'utf8');
    const changed = vi.fn();
    store.onChange(changed);
    for (const patch of [null, 'off', { reminders: { hellos: 'no' } }, { reminders: { sms: true } }, { later: {} }, { reminders: [] }, { sync: { port: 70000 } }, { sync: { lan: 'yes' } }]) {
      await expect(store.update(patch), JSON.stringify(patch)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(store.update({ reminders: { sms: true } })).rejects.toThrow('Unknown setting: reminders.sms');
    expect(await readFile(fileOf(dir), 'utf8')).toBe(before);
    expect(store.get().reminders.requests).toBe(false);
    expect(changed).not.toHaveBeenCalled();
  });

  it('apply changes made at once one after another, each over the last', async () => {
    const dir = await dataDir();
    const { store } = await open(dir);
    const changed = vi.fn();
    store.onChange(changed);
    await Promise.all([store.update({ reminders: { hellos: false } }), store.update({ reminders: { requests: false } })]);
    expect(store.get().reminders).toEqual({ commitments: true, requests: false, hellos: false });
    expect(await readJson(dir)).toEqual(store.get());
    expect(changed).toHaveBeenCalledTimes(2);
    // Setting what is already set tells no one.
    await store.update({ reminders: { hellos: false } });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('replace a damaged file at the first change', async () => {
    const dir = await dataDir();
    await writeFile(fileOf(dir), 'not json');
    const { store } = await open(dir);
    await store.update({});
    expect(await readJson(dir)).toEqual(defaultSettings());
  });
});
