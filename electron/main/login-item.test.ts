import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsStore } from '../host/settings';
import { AUTOSTART_FILE, applyOpenAtLogin, autostartEntry, followOpenAtLogin, type LoginItemDeps } from './login-item';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kith-login-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const deps = (platform: NodeJS.Platform) => ({
  platform,
  setLoginItemSettings: vi.fn<LoginItemDeps['setLoginItemSettings']>(),
  autostartDir: join(dir, 'autostart'),
  command: '/opt/Kith/kith',
});
const exists = (path: string) => stat(path).then(() => true, () => false);

describe('applyOpenAtLogin', () => {
  it('asks the system on macOS and Windows', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const system = deps(platform);
      await applyOpenAtLogin(true, system);
      await applyOpenAtLogin(false, system);
      expect(system.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: true }], [{ openAtLogin: false }]]);
      expect(await exists(system.autostartDir)).toBe(false);
    }
  });

  it('writes and removes an XDG autostart entry on Linux', async () => {
    const linux = deps('linux');
    await applyOpenAtLogin(true, linux);
    const file = join(linux.autostartDir, AUTOSTART_FILE);
    expect(await readFile(file, 'utf8')).toBe(autostartEntry('/opt/Kith/kith'));
    expect(await readFile(file, 'utf8')).toContain('Exec="/opt/Kith/kith"\n');
    await applyOpenAtLogin(false, linux);
    expect(await exists(file)).toBe(false);
    // Off when it was never on is no error.
    await applyOpenAtLogin(false, linux);
    expect(linux.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('quotes a command with spaces and quotes in it', () => {
    expect(autostartEntry('/home/a b/Kith "x".AppImage')).toContain('Exec="/home/a b/Kith \\"x\\".AppImage"');
  });
});

describe('followOpenAtLogin', () => {
  it('is off by default, follows the setting when it changes, and leaves it alone for other settings', async () => {
    const store = await SettingsStore.open(dir);
    const system = deps('darwin');
    const report = vi.fn();
    const follow = followOpenAtLogin(store, system, report);
    await follow.settled();
    expect(system.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: false }]]);
    await store.update({ desktop: { openAtLogin: true } });
    await store.update({ reminders: { hellos: false } });
    await follow.settled();
    expect(system.setLoginItemSettings.mock.calls).toEqual([[{ openAtLogin: false }], [{ openAtLogin: true }]]);
    follow.stop();
    await store.update({ desktop: { openAtLogin: false } });
    await follow.settled();
    expect(system.setLoginItemSettings).toHaveBeenCalledTimes(2);
    expect(report).not.toHaveBeenCalled();
  });

  it('reports a failure and tries again at the next change', async () => {
    const store = await SettingsStore.open(dir);
    const system = deps('win32');
    system.setLoginItemSettings.mockImplementationOnce(() => undefined).mockImplementationOnce(() => {
      throw new Error('access denied');
    });
    const report = vi.fn();
    const follow = followOpenAtLogin(store, system, report);
    await store.update({ desktop: { openAtLogin: true } });
    await follow.settled();
    expect(report).toHaveBeenCalledWith('Kith could not add itself to the programs started at login: access denied');
    await store.update({ desktop: { openAtLogin: false } });
    await store.update({ desktop: { openAtLogin: true } });
    await follow.settled();
    expect(system.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    expect(system.setLoginItemSettings).toHaveBeenCalledTimes(4);
    follow.stop();
  });

  it('refuses a setting that is not on or off, and changes nothing', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.update({ desktop: { openAtLogin: 'yes' } })).rejects.toThrow('Start at login is on or off (true or false)');
    await expect(store.update({ desktop: { atBoot: true } })).rejects.toThrow('Unknown setting: desktop.atBoot');
    expect(store.get().desktop.openAtLogin).toBe(false);
  });
});
