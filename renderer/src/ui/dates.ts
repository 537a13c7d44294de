/**
 * A date and time as the browser's `datetime-local` field shows it. The
 * field follows the browser's locale (11/25/2026, 02:30 PM in the US,
 * 25/11/2026, 14:30 in the UK), so a hint that names a format must be
 * written the same way, not in one fixed order.
 */
const fieldFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An example date and time written as the field shows one: 25 November 2026, 14:30, in this locale. */
export const DATE_TIME_EXAMPLE = fieldFormat.format(new Date(2026, 10, 25, 14, 30));
