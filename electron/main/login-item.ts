/**
 * Settings ▸ Start Kith at login (`desktop.openAtLogin`, off by default).
 * macOS and Windows keep login items themselves (app.setLoginItemSettings);
 * Linux has none there, so Kith writes an XDG autostart entry
 * (~/.config/autostart/kith.desktop), which every freedesktop session reads.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const AUTOSTART_FILE = 'kith.desktop';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  /** $XDG_CONFIG_HOME/autostart, or ~/.config/autostart. */
  autostartDir: string;
  /** What the session starts: the AppImage itself when run from one, else the executable. */
  command: string;
}

/** The XDG entry; the command is quoted as the Desktop Entry spec asks. */
export function autostartEntry(command: string): string {
  const quoted = `"${command.replace(/(["`$\\])/g, '\\$1')}"`;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Kith', `Exec=${quoted}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export async function applyOpenAtLogin(on: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings({ openAtLogin: on });
    return;
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE);
  if (!on) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(deps.autostartDir, { recursive: true });
  await writeFile(file, autostartEntry(deps.command), { mode: 0o644 });
}

/**
 * Keeps the system's login item as the setting says: once at start, then at
 * each change of it (other settings changing leave it alone). A failure is
 * reported, not thrown: Kith runs on, and the next change tries again.
 */
export function followOpenAtLogin(
  settings: { get(): { desktop: { openAtLogin: boolean } }; onChange(listener: (next: { desktop: { openAtLogin: boolean } }) => void): () => void },
  deps: LoginItemDeps,
  report: (message: string) => void,
): { stop(): void; settled(): Promise<void> } {
  let applied: boolean | null = null;
  let queue = Promise.resolve();
  const apply = (on: boolean) => {
    if (on === applied) return;
    applied = on;
    queue = queue.then(() =>
      applyOpenAtLogin(on, deps).catch((error: unknown) => {
        applied = null;
        report(`Kith could not ${on ? 'add itself to' : 'remove itself from'} the programs started at login: ${error instanceof Error ? error.message : String(error)}`);
      }),
    );
  };
  apply(settings.get().desktop.openAtLogin);
  const stop = settings.onChange((next) => apply(next.desktop.openAtLogin));
  return { stop, settled: () => queue };
}
