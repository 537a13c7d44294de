/** How follow-up times read: "Due tomorrow", "Overdue by 3 days", "11 h left", "5 h late". */
import { format } from 'date-fns';
import type { CommitmentState, RequestState } from '../../../../shared/analytics/follow-through';

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** A calendar day 'YYYY-MM-DD' as a local date (midday, so no zone can move it to another day). */
export const dayDate = (day: string) => new Date(`${day}T12:00:00`);

export function dueLabel(due: string | null, status: CommitmentState): string {
  if (status.state === 'done') return 'Done';
  if (!due || status.daysLeft === null) return 'No date';
  const days = status.daysLeft;
  if (days < 0) return `Overdue by ${plural(-days, 'day')}`;
  if (days === 0) return 'Due today';
  if (days === 1) return 'Due tomorrow';
  if (days < 7) return `Due ${format(dayDate(due), 'EEEE')}`;
  return `Due ${format(dayDate(due), 'd MMM yyyy')}`;
}

export function hoursText(hours: number): string {
  const whole = Math.floor(Math.abs(hours));
  if (whole < 1) return 'under an hour';
  if (whole < 48) return `${whole} h`;
  return plural(Math.floor(whole / 24), 'day');
}

export function requestLabel(status: RequestState): string {
  if (status.state === 'answered') return 'Answered';
  if (status.hoursLeft >= 0) return `${hoursText(status.hoursLeft)} left`;
  return -status.hoursLeft < 1 ? 'Past 36 h' : `${hoursText(-status.hoursLeft)} late`;
}

export function agoText(iso: string, now: Date): string {
  const hours = (now.getTime() - Date.parse(iso)) / 3_600_000;
  if (Number.isNaN(hours)) return '';
  if (hours < 1) return 'just now';
  return `${hoursText(hours)} ago`;
}

export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}
