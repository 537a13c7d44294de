import { describe, expect, it } from 'vitest';
import { addDays, dayIn, daysBetween, endOfMonth, hourIn, isCalendarDay, isTimeZone, weekdayOf } from './days';

describe('calendar days', () => {
  it('accepts only real days written YYYY-MM-DD', () => {
    for (const day of ['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '2026-01-01']) expect(isCalendarDay(day)).toBe(true);
    for (const day of ['2026-02-29', '1900-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', '05/12/2026', '', '2026-12-01T00:00', '0999-01-01']) {
      expect(isCalendarDay(day)).toBe(false);
    }
  });

  it('reads the day an instant falls on in a zone', () => {
    const instant = new Date('2026-03-02T04:30:00Z');
    expect(dayIn(instant, 'UTC')).toBe('2026-03-02');
    expect(dayIn(instant, 'America/New_York')).toBe('2026-03-01'); // 23:30 EST
    expect(dayIn(instant, 'Asia/Tokyo')).toBe('2026-03-02');
    expect(dayIn('2026-03-01T11:30:00Z', 'Pacific/Auckland')).toBe('2026-03-02'); // 00:30 NZDT
    expect(dayIn(Date.parse('2026-06-30T23:59:59Z'), 'Europe/London')).toBe('2026-07-01');
  });

  it('counts days without hours, so a daylight-saving change is one day like any other', () => {
    // Europe/London springs forward on 2026-03-29 (a 23-hour day) and falls back on 2026-10-25 (25 hours).
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(addDays('2026-03-01', 14)).toBe('2026-03-15');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('knows weekdays, month ends and time zones', () => {
    expect(weekdayOf('2026-03-29')).toBe(0); // a Sunday
    expect(weekdayOf('2026-03-27')).toBe(5);
    expect(endOfMonth('2026-02-10')).toBe('2026-02-28');
    expect(endOfMonth('2024-02-10')).toBe('2024-02-29');
    expect(endOfMonth('2026-12-31')).toBe('2026-12-31');
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => dayIn(new Date(), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => dayIn('yesterday', 'UTC')).toThrow(RangeError);
  });
});

describe('hours on the wall clock', () => {
  it('reads the local hour across a DST change', () => {
    expect(hourIn(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe(0); // GMT
    expect(hourIn(new Date('2026-03-29T01:30:00Z'), 'Europe/London')).toBe(2); // BST began at 01:00 UTC
    expect(hourIn(new Date('2026-03-29T01:30:00Z'), 'Asia/Tokyo')).toBe(10);
    expect(hourIn(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe(1); // after the clocks went back
  });
});
