/**
 * Calendar days, the way the user counts them: a day is a 'YYYY-MM-DD' in
 * the user's own time zone, not 24 hours. "Due Friday" ends when Friday ends
 * where the user is, and "every 14 days" lands on the same weekday even
 * across a daylight-saving change (a day of 23 or 25 hours still counts one).
 *
 * Days are plain strings so they store, compare (`<`) and sync as they are;
 * the arithmetic on them runs in UTC, where every day has 24 hours.
 */
import { z } from 'zod';

const DAY_MS = 24 * 3600 * 1000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written 'YYYY-MM-DD': 2026-02-28 is one, 2026-02-30 and 2026-2-3 are not. */
export function isCalendarDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A zod schema for a calendar day, refusing anything else with `message`. */
export function calendarDay(message: string) {
  return z.string({ message }).trim().refine(isCalendarDay, message);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone that does not exist, which is a programming error here.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for an IANA time zone this runtime knows, such as 'Europe/London'. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar day an instant falls on in a time zone. */
export function dayIn(instant: Date | string | number, timeZone: string): string {
  const time = instant instanceof Date ? instant.getTime() : typeof instant === 'string' ? Date.parse(instant) : instant;
  if (Number.isNaN(time)) throw new RangeError(`Not a time: ${String(instant)}`);
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(time)) parts[part.type] = part.value;
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`;
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour (0–23) on the wall clock of a time zone at an instant. */
export function hourIn(instant: Date | number, timeZone: string): number {
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormatters.set(timeZone, formatter);
  }
  return Number(formatter.format(instant));
}

function utcMidnight(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  return new Date(utcMidnight(day) + count * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`: 1 from a Monday to the Tuesday after, -1 back. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** The weekday of a day: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return new Date(utcMidnight(day)).getUTCDay();
}

/** The last day of the month `day` is in. */
export function endOfMonth(day: string): string {
  const date = new Date(utcMidnight(day));
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}

/** The time zone this runtime runs in (the user's, on their own device). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
