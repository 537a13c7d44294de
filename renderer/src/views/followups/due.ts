import { dueDayOf } from '../../../../shared/analytics/commitment-suggestions';

/**
 * What a person typed as a due day, as the day the commitment operations
 * take: '' → null (no date); a day or a plain phrase ("tomorrow", "friday",
 * "in 2 weeks", "12 March") → 'YYYY-MM-DD'; anything else is passed on as
 * typed, so validation refuses it with its message.
 */
export function readDueDay(text: string, now: Date, timeZone: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  return dueDayOf(trimmed, now, timeZone) ?? trimmed;
}
