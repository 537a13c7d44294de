/**
 * Kith in the tray (Windows, Linux) or the menu bar (macOS): how many
 * follow-ups are due today, and the two things done without the window in
 * front — Log a call, Pass it on — plus Open Kith and Quit.
 *
 * "Due today" is the Follow-ups view's own rule (shared/analytics/
 * follow-through.ts): open commitments either way that are due today or
 * overdue on the user's calendar. The count follows the host's document: it
 * is recounted shortly after an edit (one recount per burst of edits, as
 * sync brings many) and every minute, so it turns over at midnight.
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type * as Y from 'yjs';
import { followUps } from '../../shared/analytics/follow-through';
import { systemTimeZone } from '../../shared/doc/days';

/** Edits arriving together (a sync, an import) are recounted once, this long after the first. */
export const RECOUNT_AFTER_MS = 1_000;
export const RECOUNT_EVERY_MS = 60_000;
/** Tray icons are small; the app icon is scaled to this. */
const ICON_SIZE = 16;

export interface TrayActions {
  onOpen(): void;
  onLogCall(): void;
  onPassItOn(): void;
  onQuit(): void;
}

/** Commitments, mine or theirs, that are due today or overdue. */
export function todaysFollowUps(doc: Y.Doc, now: Date, timeZone: string): number {
  const { iOwe, owedToMe } = followUps(doc, now, timeZone);
  return [...iOwe, ...owedToMe].filter(({ status }) => status.state === 'due-today' || status.state === 'overdue').length;
}

export function followUpsLabel(count: number): string {
  if (count === 0) return 'No follow-ups due today';
  return count === 1 ? '1 follow-up due today' : `${count} follow-ups due today`;
}

export function trayMenuTemplate(count: number, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    // Choosing the count opens Kith, where Follow-ups lists them.
    { label: followUpsLabel(count), click: actions.onOpen },
    { type: 'separator' },
    { label: 'Log a Call…', click: actions.onLogCall },
    { label: 'Pass It On…', click: actions.onPassItOn },
    { type: 'separator' },
    { label: 'Open Kith', click: actions.onOpen },
    { label: 'Quit Kith', click: actions.onQuit },
  ];
}

export interface TrayOptions {
  doc: Y.Doc;
  iconPath: string;
  actions: TrayActions;
  now?: () => Date;
  timeZone?: () => string;
}

/** Puts Kith in the tray until the returned function removes it. */
export function startTray(options: TrayOptions): { recount(): number; stop(): void } {
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? systemTimeZone;
  const icon = nativeImage.createFromPath(options.iconPath).resize({ width: ICON_SIZE, height: ICON_SIZE });
  const tray = new Tray(icon);
  tray.setToolTip('Kith');
  let shown: number | null = null;
  let pending: ReturnType<typeof setTimeout> | null = null;

  function recount(): number {
    pending = null;
    const count = todaysFollowUps(options.doc, now(), timeZone());
    if (count !== shown) {
      shown = count;
      tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(count, options.actions)));
      tray.setToolTip(`Kith — ${followUpsLabel(count).toLowerCase()}`);
      // macOS shows a title beside the menu-bar icon: the count, when there is one.
      tray.setTitle(count > 0 ? String(count) : '');
    }
    return count;
  }

  const onUpdate = () => {
    pending ??= setTimeout(recount, RECOUNT_AFTER_MS);
  };
  options.doc.on('update', onUpdate);
  const every = setInterval(recount, RECOUNT_EVERY_MS);
  recount();

  return {
    recount,
    stop() {
      options.doc.off('update', onUpdate);
      clearInterval(every);
      if (pending) clearTimeout(pending);
      tray.destroy();
    },
  };
}
