import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { MenuItemConstructorOptions } from 'electron';
import { createPerson } from '../../shared/doc/people';
import { completeCommitment, createCommitment } from '../../shared/doc/commitments';
import { LOCAL_UI } from '../../shared/doc/origins';

// The real package cannot load here (no Electron binary): a Tray that records its menu, title and tooltip.
const electron = vi.hoisted(() => {
  class Tray {
    static made: Tray[] = [];
    menu: MenuItemConstructorOptions[] | null = null;
    title = '';
    tooltip = '';
    destroyed = false;
    constructor(readonly icon: unknown) {
      Tray.made.push(this);
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
      this.menu = menu.template;
    }
    setTitle(title: string) {
      this.title = title;
    }
    setToolTip(tooltip: string) {
      this.tooltip = tooltip;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const Menu = { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) };
  const nativeImage = {
    createFromPath: (path: string) => ({ path, resize: (size: { width: number }) => ({ path, size: size.width }) }),
  };
  return { Tray, Menu, nativeImage };
});
vi.mock('electron', () => electron);

const { RECOUNT_AFTER_MS, RECOUNT_EVERY_MS, startTray, todaysFollowUps, trayMenuTemplate } = await import('./tray');
const { Tray } = electron;

const NOW = new Date('2026-12-03T12:00:00Z');
const actions = () => ({ onOpen: vi.fn(), onLogCall: vi.fn(), onPassItOn: vi.fn(), onQuit: vi.fn() });

function network() {
  const doc = new Y.Doc();
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI);
  const commit = (due: string | null, direction: 'mine' | 'theirs' = 'mine') =>
    createCommitment(doc, { contactId: ada, direction, what: 'Send the intro', due }, LOCAL_UI);
  return { doc, commit };
}

describe('todaysFollowUps', () => {
  it('counts open commitments either way that are due today or overdue, not later, undated or done ones', () => {
    const { doc, commit } = network();
    commit('2026-12-03');
    commit('2026-11-30', 'theirs');
    commit('2026-12-04');
    commit(null);
    completeCommitment(doc, commit('2026-12-01'), LOCAL_UI);
    expect(todaysFollowUps(doc, NOW, 'UTC')).toBe(2);
  });

  it('reads the day on the user\'s calendar', () => {
    const { doc, commit } = network();
    commit('2026-12-04');
    // 12:00 UTC is already 4 December in Auckland.
    expect(todaysFollowUps(doc, NOW, 'UTC')).toBe(0);
    expect(todaysFollowUps(doc, NOW, 'Pacific/Auckland')).toBe(1);
  });
});

describe('trayMenuTemplate', () => {
  it('shows the count, Log a call, Pass it on, Open and Quit, each calling back', () => {
    const calls = actions();
    const items = trayMenuTemplate(3, calls).filter((item) => item.type !== 'separator');
    expect(items.map((item) => item.label)).toEqual([
      '3 follow-ups due today',
      'Log a Call…',
      'Pass It On…',
      'Open Kith',
      'Quit Kith',
    ]);
    for (const item of items) (item.click as () => void)();
    expect(calls.onOpen).toHaveBeenCalledTimes(2);
    expect(calls.onLogCall).toHaveBeenCalledOnce();
    expect(calls.onPassItOn).toHaveBeenCalledOnce();
    expect(calls.onQuit).toHaveBeenCalledOnce();
  });

  it('says so plainly when nothing is due, or one thing', () => {
    expect(trayMenuTemplate(0, actions())[0]?.label).toBe('No follow-ups due today');
    expect(trayMenuTemplate(1, actions())[0]?.label).toBe('1 follow-up due today');
  });
});

describe('startTray', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    Tray.made = [];
  });
  afterEach(() => vi.useRealTimers());

  it('shows today\'s count at once, recounts after edits and every minute, and goes away when stopped', () => {
    const { doc, commit } = network();
    commit('2026-12-03');
    let now = NOW;
    const tray = startTray({ doc, iconPath: '/app/icon.png', actions: actions(), now: () => now, timeZone: () => 'UTC' });
    const shown = Tray.made[0]!;
    expect(shown.icon).toEqual({ path: '/app/icon.png', size: 16 });
    expect(shown.menu?.[0]?.label).toBe('1 follow-up due today');
    expect(shown.title).toBe('1');
    expect(shown.tooltip).toBe('Kith — 1 follow-up due today');

    // A burst of edits is recounted once, shortly after.
    commit('2026-12-02');
    commit('2026-12-01');
    expect(shown.menu?.[0]?.label).toBe('1 follow-up due today');
    vi.advanceTimersByTime(RECOUNT_AFTER_MS);
    expect(shown.menu?.[0]?.label).toBe('3 follow-ups due today');

    // Tomorrow's commitment becomes today's at midnight, without an edit.
    commit('2026-12-04');
    vi.advanceTimersByTime(RECOUNT_AFTER_MS);
    expect(shown.title).toBe('3');
    now = new Date('2026-12-04T00:00:30Z');
    vi.advanceTimersByTime(RECOUNT_EVERY_MS);
    expect(shown.title).toBe('4');

    tray.stop();
    expect(shown.destroyed).toBe(true);
    commit('2026-12-04');
    vi.advanceTimersByTime(RECOUNT_EVERY_MS * 2);
    expect(shown.title).toBe('4');
  });

  it('shows no title beside the icon when nothing is due', () => {
    const { doc } = network();
    const tray = startTray({ doc, iconPath: '/app/icon.png', actions: actions(), now: () => NOW, timeZone: () => 'UTC' });
    expect(Tray.made[0]?.title).toBe('');
    expect(Tray.made[0]?.menu?.[0]?.label).toBe('No follow-ups due today');
    tray.stop();
  });
});
