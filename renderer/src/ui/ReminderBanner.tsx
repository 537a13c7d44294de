import { useState, useSyncExternalStore } from 'react';
import { reminderInbox, type ReceivedReminder } from '../host/reminders';

/**
 * Reminders no system notification showed (notifications blocked, or not
 * supported): the one place they are seen. It takes one line above every
 * view however many there are — the newest, and "N more" to see the rest —
 * so a busy day does not push each view down. Each can be dismissed.
 */
export function ReminderBanner({ onOpenPerson }: { onOpenPerson(id: string): void }) {
  const reminders = useSyncExternalStore(reminderInbox.subscribe, reminderInbox.getSnapshot);
  const [expanded, setExpanded] = useState(false);
  const unseen = reminders.filter((reminder) => !reminder.notified);
  if (unseen.length === 0) return null;
  const more = unseen.length - 1;
  const shown = expanded ? unseen : unseen.slice(0, 1);
  const open = (reminder: ReceivedReminder) => {
    onOpenPerson(reminder.personIds[0]!);
    reminderInbox.dismiss(reminder.key);
    setExpanded(false);
  };

  return (
    <section className="reminders" aria-label={unseen.length === 1 ? '1 reminder' : `${unseen.length} reminders`} data-testid="reminders">
      <ul className="reminder-list">
        {shown.map((reminder) => (
          <li key={reminder.key} className="reminder" data-testid="reminder">
            <div className="reminder-text">
              <strong>{reminder.title}</strong>
              <span className="muted">{reminder.body}</span>
            </div>
            {reminder.personIds.length === 1 ? (
              <button type="button" className="button button-quiet" onClick={() => open(reminder)}>
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
      </ul>
      {more > 0 ? (
        <div className="reminder-more">
          <button
            type="button"
            className="link-button"
            aria-expanded={expanded}
            onClick={() => setExpanded(!expanded)}
            data-testid="reminders-toggle"
          >
            {expanded ? 'Show only the newest' : `${more} more ${more === 1 ? 'reminder' : 'reminders'}`}
          </button>
          <button type="button" className="link-button" onClick={() => reminderInbox.clear()}>
            Dismiss all
          </button>
        </div>
      ) : null}
    </section>
  );
}
