/**
 * Reminders in the window. The host delivers each reminder once, as the
 * contract's `reminder` event (electron/host/reminders.ts).
 *
 * - Browser mode: this window shows it with the Web Notifications API, when
 *   the browser allows. Each notification is tagged with the reminder's key,
 *   so two windows showing one reminder show one notification.
 * - Electron: main has already shown it as a desktop notification, so the
 *   window shows none; a click on that one opens the person's deep link
 *   (the `deepLink` event, App.tsx).
 *
 * Either way the reminder lands in `reminderInbox`, a small store for an
 * in-app banner: the one place a reminder is seen when notifications are
 * blocked or unsupported.
 */
import type { AppInfo, EventPayload, KithApi } from '../../../shared/host/contract';

export type Reminder = EventPayload<'reminder'>;

export interface ReceivedReminder extends Reminder {
  /** When this window heard of it (ms since the epoch). */
  receivedAt: number;
  /** Whether it was also shown as a system notification (by this window, or by Electron's main). */
  notified: boolean;
}

/** How many reminders the inbox keeps, newest first. */
const INBOX_SIZE = 20;

/** The last reminders received: subscribe/getSnapshot, for React's useSyncExternalStore. */
export class ReminderInbox {
  private items: readonly ReceivedReminder[] = [];
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly ReceivedReminder[] => this.items;

  add(item: ReceivedReminder): void {
    this.set([item, ...this.items.filter((other) => other.key !== item.key)].slice(0, INBOX_SIZE));
  }

  dismiss(key: string): void {
    this.set(this.items.filter((item) => item.key !== key));
  }

  clear(): void {
    this.set([]);
  }

  private set(items: readonly ReceivedReminder[]): void {
    if (items.length === this.items.length && items.every((item, index) => item === this.items[index])) return;
    this.items = items;
    for (const listener of this.listeners) listener();
  }
}

/** The window's reminders (one per page). */
export const reminderInbox = new ReminderInbox();

// ---------------------------------------------------------------- the Web Notifications API

export type NotificationPermissionState = NotificationPermission | 'unsupported';

/** The parts of the Web Notifications API used here (injectable for tests). */
export interface NotificationSystem {
  readonly permission: NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  new (title: string, options?: NotificationOptions): { onclick: ((event: Event) => unknown) | null; close(): void };
}

function browserNotifications(): NotificationSystem | null {
  return typeof Notification === 'undefined' ? null : Notification;
}

/** Whether this browser shows Kith's notifications: 'granted', 'default' (not asked yet), 'denied', or 'unsupported'. */
export function notificationPermission(system = browserNotifications()): NotificationPermissionState {
  return system ? system.permission : 'unsupported';
}

/** Asks the browser to allow notifications (call it from a click: browsers ignore it otherwise). */
export async function requestNotificationPermission(system = browserNotifications()): Promise<NotificationPermissionState> {
  if (!system) return 'unsupported';
  if (system.permission !== 'default') return system.permission;
  return system.requestPermission();
}

/** Calls `listener` when the user changes the permission in the browser's own settings, where the browser says so. */
export function onNotificationPermissionChange(listener: (state: NotificationPermissionState) => void): () => void {
  let status: PermissionStatus | null = null;
  let stopped = false;
  const onChange = () => listener(notificationPermission());
  navigator.permissions?.query({ name: 'notifications' }).then(
    (result) => {
      if (stopped) return;
      status = result;
      status.addEventListener('change', onChange);
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    status?.removeEventListener('change', onChange);
  };
}

// ---------------------------------------------------------------- showing reminders

/** Within a burst, this many reminders get a notification each; the rest share one summary. */
const MAX_SEPARATE_IN_BURST = 2;
/** Reminders this close together are one burst (a window connecting to reminders that waited). */
const BURST_MS = 10_000;
const SUMMARY_TAG = 'kith:more-reminders';

export interface ReminderNotificationOptions {
  mode: AppInfo['mode'];
  /** Show this person: a browser notification about them was clicked. */
  onOpenPerson(personId: string): void;
  inbox?: ReminderInbox;
  /** For tests: the Notifications API (null: none), the clock, and how the window comes forward. */
  notifications?: NotificationSystem | null;
  now?: () => number;
  focusWindow?: () => void;
}

/**
 * Starts listening for reminders; returns the stop
 * function. Start it as soon as the host is connected, before the first
 * render, so no reminder sent to this window goes unheard.
 */
export function startReminderNotifications(
  api: Pick<KithApi, 'onReminder'>,
  options: ReminderNotificationOptions,
): () => void {
  const inbox = options.inbox ?? reminderInbox;
  const now = options.now ?? Date.now;
  const focusWindow = options.focusWindow ?? (() => window.focus());
  const system = () => (options.notifications === undefined ? browserNotifications() : options.notifications);
  let burst: number[] = [];
  let summarized = 0;

  function notify(title: string, body: string, tag: string, personId: string | null): boolean {
    const Notifications = system();
    if (!Notifications || Notifications.permission !== 'granted') return false;
    try {
      const notification = new Notifications(title, { body, tag });
      notification.onclick = () => {
        notification.close();
        focusWindow();
        if (personId) options.onOpenPerson(personId);
      };
      return true;
    } catch {
      // Some browsers allow notifications only from a service worker; the inbox still has it.
      return false;
    }
  }

  function show(reminder: Reminder): boolean {
    const time = now();
    burst = burst.filter((at) => time - at < BURST_MS);
    if (!burst.length) summarized = 0;
    if (burst.length < MAX_SEPARATE_IN_BURST) {
      const shown = notify(reminder.title, reminder.body, reminder.key, reminder.personIds[0] ?? null);
      if (shown) burst.push(time);
      return shown;
    }
    // One summary, updated in place (same tag), rather than a flood.
    summarized++;
    return notify(`${summarized} more ${summarized === 1 ? 'reminder' : 'reminders'}`, reminder.title, SUMMARY_TAG, null);
  }

  const stopReminders = api.onReminder((reminder) => {
    const notified = options.mode === 'electron' || show(reminder);
    inbox.add({ ...reminder, receivedAt: now(), notified });
  });
  return stopReminders;
}
