import { useSyncExternalStore } from 'react';
import { reminderInbox } from '../host/reminders';

/**
 * Reminders no system notification showed (notifications blocked, or not
 * supported): the one place they are seen. Each can be dismissed.
 */
export function ReminderBanner({ onOpenPerson }: { onOpenPerson(id: string): void }) {
  const reminders = useSyncExternalStore(reminderInbox.subscribe, reminderInbox.getSnapshot);
  const unseen = reminders.filter((reminder) => !reminder.notified);
  if (unseen.length === 0) return null;
  return (
    <ul className="reminders" aria-label="Reminders" data-testid="reminders">
      {unseen.slice(0, 3).map((reminder) => (
        <li key={reminder.key} className="reminder" data-testid="reminder">
          <div className="followup-text">
            <strong>{reminder.title}</strong>
            <span className="muted">{reminder.body}</span>
          </div>
          {reminder.personIds.length === 1 ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                onOpenPerson(reminder.personIds[0]!);
                reminderInbox.dismiss(reminder.key);
              }}
            >
              Open
            </button>
          ) : null}
          <button
            type="button"
            className="chip-remove"
            aria-label={`Dismiss: ${reminder.title}`}
            onClick={() => reminderInbox.dismiss(reminder.key)}
          >
            ×
          </button>
        </li>
      ))}
      {unseen.length > 3 ? (
        <li className="reminder muted">
          and {unseen.length - 3} more —{' '}
          <button type="button" className="link-button" onClick={() => reminderInbox.clear()}>
            dismiss all
          </button>
        </li>
      ) : null}
    </ul>
  );
}
