/**
 * Dates as contact files write them, to one partial ISO 8601 form
 * (contact.ts `PartialDate`): "19800321", "1980-03-21", "--0203" (no year,
 * RFC 6350 §4.3.1), "20090808T1430-0500", "14 Mar 2023", "3/21/1980".
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const pad = (value: number) => String(value).padStart(2, '0');

function validDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return false;
  if (month === 2 && day === 29 && year !== null) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return true;
}

function day(year: number | null, month: number, dayOfMonth: number): string | null {
  if (!validDay(year, month, dayOfMonth)) return null;
  return `${year === null ? '-' : String(year).padStart(4, '0')}-${pad(month)}-${pad(dayOfMonth)}`;
}

function zone(text: string | undefined): string | null {
  if (!text) return '';
  if (text === 'Z') return 'Z';
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
  return match ? `${match[1]}${match[2]}:${match[3] ?? '00'}` : null;
}

/**
 * A vCard date, date-time or partial date (RFC 6350 §4.3, RFC 2426 §3.1.5,
 * vCard 2.1 §2.2.5) as "YYYY-MM-DD", "--MM-DD", "YYYY-MM", "YYYY" or
 * "YYYY-MM-DDTHH:MM[:SS]±hh:mm"; null when it is none of them.
 * `omitYear` is Apple's X-APPLE-OMIT-YEAR: the placeholder year of a birthday without one.
 */
export function parseVCardDate(text: string, omitYear?: string): string | null {
  const value = text.trim();
  let match = /^--(\d{2})-?(\d{2})$/.exec(value);
  if (match) return day(null, Number(match[1]), Number(match[2]));
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match) return Number(match[2]) >= 1 && Number(match[2]) <= 12 ? value : null;
  if (/^\d{4}$/.test(value)) return value;
  match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})?:?(\d{2})?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2}?)?)?$/.exec(value);
  if (!match) return null;
  const [, y, m, d, hh, mm, ss, tz] = match;
  const year = omitYear && y === omitYear ? null : Number(y);
  const date = day(year, Number(m), Number(d));
  if (!date || hh === undefined) return date;
  const offset = zone(tz);
  if (offset === null || Number(hh) > 23 || Number(mm ?? 0) > 59 || Number(ss ?? 0) > 60) return date;
  // A midnight with no zone is how many writers spell a plain date.
  if (year !== null && hh === '00' && (mm ?? '00') === '00' && (ss ?? '00') === '00') return date;
  return `${date}T${hh}:${mm ?? '00'}${ss ? `:${ss}` : ''}${offset}`;
}

/**
 * A date as spreadsheets and CSV exports write it: ISO ("2023-03-14",
 * "--03-14"), LinkedIn's "14 Mar 2023", "March 14, 2023", or Outlook's
 * US "3/14/2023" (Outlook writes "0/0/00" for none). Null when unknown.
 */
export function parseLooseDate(text: string): string | null {
  const value = text.trim();
  if (!value || /^0+\/0+\/0+$/.test(value)) return null;
  const iso = parseVCardDate(value);
  if (iso) return iso;
  const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  let match = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$/.exec(value);
  if (match && monthOf(match[2]!) > 0) return day(Number(match[3]), monthOf(match[2]!), Number(match[1]));
  match = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/.exec(value);
  if (match && monthOf(match[1]!) > 0) return day(Number(match[3]), monthOf(match[1]!), Number(match[2]));
  match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (match) return day(Number(match[3]), Number(match[1]), Number(match[2]));
  return null;
}
