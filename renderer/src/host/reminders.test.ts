import { describe, expect, it, vi } from 'vitest';
import type { KithApi } from '../../../shared/host/contract';
import {
  ReminderInbox,
  notificationPermission,
  requestNotificationPermission,
  startReminderNotifications,
  type NotificationSystem,
  type Reminder,
} from './reminders';

function fakeApi() {
  const listeners = { reminder: new Set<(payload: Reminder) => void>() };
  const api: Pick<KithApi, 'onReminder'> = {
    onReminder(listener) {
      listeners.reminder.add(listener);
      return () => listeners.reminder.delete(listener);
    },
  };
  return {
    api,
    listeners,
    remind: (reminder: Reminder) => listeners.reminder.forEach((listener) => listener(reminder)),
  };
}

function fakeNotifications(permission: NotificationPermission = 'granted') {
  const shown: Array<{ title: string; options?: NotificationOptions; onclick: ((event: Event) => unknown) | null; close: () => void }> = [];
  const system = class {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      system.permission = 'granted';
      return 'granted' as const;
    });
    onclick: ((event: Event) => unknown) | null = null;
    readonly close = vi.fn();
    constructor(
      readonly title: string,
      readonly options?: NotificationOptions,
    ) {
      shown.push(this);
    }
  };
  return { system: system as NotificationSystem & { permission: NotificationPermission }, shown };
}

const reminder = (n: number, personIds = [`person:${n}`]): Reminder => ({
  key: `request:${n}:amber`,
  kind: 'request',
  title: `Person ${n} is waiting`,
  body: `Ask ${n}`,
  personIds,
});

function start(mode: 'electron' | 'browser', permission: NotificationPermission = 'granted') {
  const api = fakeApi();
  const notifications = fakeNotifications(permission);
  const inbox = new ReminderInbox();
  const onOpenPerson = vi.fn();
  const focusWindow = vi.fn();
  let time = 1_000_000;
  const stop = startReminderNotifications(api.api, {
    mode,
    onOpenPerson,
    inbox,
    notifications: notifications.system,
    now: () => time,
    focusWindow,
  });
  return { ...api, ...notifications, inbox, onOpenPerson, focusWindow, stop, tick: (ms: number) => (time += ms) };
}

describe('reminders in the window', () => {
  it('in browser mode, shows each reminder as a notification tagged with its key; a click opens the person', () => {
    const r = start('browser');
    r.remind(reminder(1));
    expect(r.shown.map(({ title, options }) => ({ title, options }))).toEqual([
      { title: 'Person 1 is waiting', options: { body: 'Ask 1', tag: 'request:1:amber' } },
    ]);
    r.shown[0]?.onclick?.(new Event('click'));
    expect(r.focusWindow).toHaveBeenCalled();
    expect(r.shown[0]?.close).toHaveBeenCalled();
    expect(r.onOpenPerson).toHaveBeenCalledWith('person:1');
    expect(r.inbox.getSnapshot()).toEqual([expect.objectContaining({ key: 'request:1:amber', notified: true })]);
  });

  it('in Electron, shows none (main has, and its click comes as a deep link), but keeps it', () => {
    const r = start('electron');
    r.remind(reminder(1));
    expect(r.shown).toEqual([]);
    expect(r.inbox.getSnapshot()).toEqual([expect.objectContaining({ key: 'request:1:amber', notified: true })]);
    expect(r.onOpenPerson).not.toHaveBeenCalled();
  });

  it('keeps reminders the browser may not show, for the in-app banner', () => {
    for (const permission of ['default', 'denied'] as const) {
      const r = start('browser', permission);
      r.remind(reminder(1));
      expect(r.shown).toEqual([]);
      expect(r.inbox.getSnapshot()).toEqual([expect.objectContaining({ key: 'request:1:amber', notified: false })]);
    }
  });

  it('does not flood: a burst shows two, then one summary that counts the rest', () => {
    const r = start('browser');
    for (const n of [1, 2, 3, 4, 5]) r.remind(reminder(n));
    expect(r.shown.map(({ title, options }) => [title, options?.tag])).toEqual([
      ['Person 1 is waiting', 'request:1:amber'],
      ['Person 2 is waiting', 'request:2:amber'],
      ['1 more reminder', 'kith:more-reminders'],
      ['2 more reminders', 'kith:more-reminders'],
      ['3 more reminders', 'kith:more-reminders'],
    ]);
    expect(r.inbox.getSnapshot()).toHaveLength(5);
    r.tick(60_000);
    r.remind(reminder(6));
    expect(r.shown.at(-1)?.title).toBe('Person 6 is waiting');
  });

  it('stops listening when stopped', () => {
    const r = start('browser');
    r.stop();
    expect(r.listeners.reminder.size).toBe(0);
  });
});

describe('the reminder inbox', () => {
  it('keeps the newest first, once per key, and a stable snapshot between changes', () => {
    const inbox = new ReminderInbox();
    const changed = vi.fn();
    inbox.subscribe(changed);
    const add = (n: number) => inbox.add({ ...reminder(n), receivedAt: n, notified: false });
    for (let n = 1; n <= 25; n++) add(n);
    expect(inbox.getSnapshot()).toHaveLength(20);
    expect(inbox.getSnapshot()[0]?.key).toBe('request:25:amber');
    add(10);
    expect(inbox.getSnapshot().filter((item) => item.key === 'request:10:amber')).toHaveLength(1);
    expect(inbox.getSnapshot()[0]?.key).toBe('request:10:amber');
    const snapshot = inbox.getSnapshot();
    expect(inbox.getSnapshot()).toBe(snapshot);
    inbox.dismiss('request:10:amber');
    expect(inbox.getSnapshot()).toHaveLength(19);
    const calls = changed.mock.calls.length;
    inbox.dismiss('nothing');
    expect(changed.mock.calls.length).toBe(calls);
    inbox.clear();
    expect(inbox.getSnapshot()).toEqual([]);
  });
});

describe('the notification permission', () => {
  it('says what the browser allows, and asks only when it has not been asked', async () => {
    expect(notificationPermission(null)).toBe('unsupported');
    await expect(requestNotificationPermission(null)).resolves.toBe('unsupported');
    const denied = fakeNotifications('denied').system;
    await expect(requestNotificationPermission(denied)).resolves.toBe('denied');
    expect(denied.requestPermission).not.toHaveBeenCalled();
    const fresh = fakeNotifications('default').system;
    expect(notificationPermission(fresh)).toBe('default');
    await expect(requestNotificationPermission(fresh)).resolves.toBe('granted');
    expect(notificationPermission(fresh)).toBe('granted');
  });
});
