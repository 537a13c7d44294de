/**
 * Reminders as desktop notifications. Main shows them with Electron's
 * Notification, so they appear whether or not Kith's window is open or
 * focused; the page itself shows none (it hears the same reminders as
 * contract events, for its in-app list). Clicking one brings the window
 * forward on the person it is about, through the person's deep link
 * (kith://person/<id>): the same path as a link from outside, so a window
 * still loading shows the person once it is up.
 */
import { Notification } from 'electron';
import type { ReminderPayload } from '../../shared/host/contract';
import { deepLinkTo } from '../../shared/host/deep-link';
import type { ReminderNotifier } from '../host/reminders';

/** A batch larger than this (a first start, a week away) shows a summary for the rest. */
export const MAX_NOTIFICATIONS_AT_ONCE = 3;

export interface DesktopNotifierOptions {
  /** The user clicked a notification: show Kith, and the person it is about (null for a summary). */
  onClick(personId: string | null): void;
}

function summaryOf(rest: readonly ReminderPayload[]): { title: string; body: string } {
  const titles = rest.map((reminder) => reminder.title).join(' · ');
  return {
    title: `${rest.length} more reminders`,
    body: titles.length > 200 ? `${titles.slice(0, 199)}…` : titles,
  };
}

export function desktopNotifier(options: DesktopNotifierOptions): ReminderNotifier {
  // A notification that is garbage-collected loses its click handler: hold each until it is done.
  const live = new Set<Notification>();

  function show(title: string, body: string, personId: string | null): void {
    const notification = new Notification({ title, body });
    live.add(notification);
    const release = () => live.delete(notification);
    notification.on('click', () => {
      release();
      options.onClick(personId);
    });
    notification.on('close', release);
    notification.on('failed', release);
    notification.show();
  }

  return (reminders) => {
    if (!reminders.length || !Notification.isSupported()) return;
    const one =
      reminders.length > MAX_NOTIFICATIONS_AT_ONCE ? reminders.slice(0, MAX_NOTIFICATIONS_AT_ONCE - 1) : reminders;
    for (const reminder of one) show(reminder.title, reminder.body, reminder.personIds[0] ?? null);
    const rest = reminders.slice(one.length);
    if (rest.length) {
      const summary = summaryOf(rest);
      show(summary.title, summary.body, null);
    }
  };
}

/** The deep link a click on a reminder about this person opens (null: a summary, which opens Kith only). */
export function notificationLink(personId: string | null): string | null {
  return personId ? deepLinkTo(personId) : null;
}
