/**
 * Follow-through: what I owe, what I am owed, who is waiting for an answer,
 * and whom to say hello to. Pure functions of the document (or of records
 * read from it), an injected `now` and the user's IANA time zone.
 *
 * Two kinds of time, on purpose:
 *
 * - The 36-hour rule counts real hours between two instants. A request that
 *   arrives the evening before the clocks change is red exactly 36 hours
 *   later, though the wall clock then shows 35 or 37 hours.
 * - Due days and hello cadences count calendar days in the user's zone
 *   (shared/doc/days.ts). A commitment due on Sunday is overdue when Sunday
 *   ends there, and "every 14 days" from a Sunday lands on a Sunday, whether
 *   or not a 23- or 25-hour day lies between.
 */
import * as Y from 'yjs';
import { getPerson, readPerson, type Person, type Tier, TIERS } from '../doc/people';
import { root } from '../doc/schema';
import { listCommitments, type Commitment, type CommitmentDirection } from '../doc/commitments';
import { listRequests, type IncomingRequest } from '../doc/requests';
import { snoozedUntilOf } from '../doc/keep-in-touch';
import { addDays, dayIn, daysBetween, hourIn, systemTimeZone } from '../doc/days';
import { cadenceOf, DEFAULT_CADENCE_DAYS, lastNoteTimes } from './graph';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------- the 36-hour rule

/** A request waiting this long is amber: time to answer. */
export const REQUEST_AMBER_HOURS = 24;
/** A request still waiting after this long is red: the 36-hour rule is broken. */
export const REQUEST_RED_HOURS = 36;

export type RequestStateName = 'ok' | 'amber' | 'red' | 'answered';

export interface RequestState {
  state: RequestStateName;
  /**
   * Hours left of the 36 (fractional; negative once late). For an answered
   * request, the hours that were left when it was answered.
   */
  hoursLeft: number;
  /** Hours from receiving to answering, for an answered request. */
  answeredInHours?: number;
}

/** A stored time, or `fallback` when it cannot be read (a record from a buggy peer). */
function timeOf(text: string | null, fallback: number): number {
  const time = text ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? fallback : time;
}

/**
 * Where a request stands at `now`: ok for its first 24 hours, amber from 24
 * hours, red once more than 36 hours have passed (at exactly 36 it is amber
 * with 0 hours left, and answering then is still "within 36 hours").
 */
export function requestState(request: Pick<IncomingRequest, 'receivedAt' | 'answeredAt'>, now: Date): RequestState {
  const received = timeOf(request.receivedAt, now.getTime());
  if (request.answeredAt && !Number.isNaN(Date.parse(request.answeredAt))) {
    const answeredInHours = (Date.parse(request.answeredAt) - received) / HOUR_MS;
    return { state: 'answered', hoursLeft: REQUEST_RED_HOURS - answeredInHours, answeredInHours };
  }
  const elapsed = (now.getTime() - received) / HOUR_MS;
  const hoursLeft = REQUEST_RED_HOURS - elapsed;
  if (elapsed > REQUEST_RED_HOURS) return { state: 'red', hoursLeft };
  return { state: elapsed >= REQUEST_AMBER_HOURS ? 'amber' : 'ok', hoursLeft };
}

export interface AnsweredRate {
  answeredInTime: number;
  total: number;
  /** answeredInTime / total, or null when nothing counts yet. */
  rate: number | null;
}

/**
 * The share of requests answered within `hours`, over those received in the
 * last `days` × 24 hours before `now` (in the Trash: not counted).
 *
 * - Answered within `hours`: counts for.
 * - Answered later, or still open after `hours`: counts against.
 * - Still open and younger than `hours`: not counted either way — it can
 *   still be answered in time.
 */
export function answeredWithinRate(
  requests: readonly IncomingRequest[],
  now: Date,
  days: number,
  hours: number = REQUEST_RED_HOURS,
): AnsweredRate {
  const end = now.getTime();
  const start = end - days * DAY_MS;
  const limit = hours * HOUR_MS;
  let answeredInTime = 0;
  let total = 0;
  for (const request of requests) {
    const received = Date.parse(request.receivedAt);
    if (request.deletedAt || Number.isNaN(received) || received <= start || received > end) continue;
    const answered = request.answeredAt ? Date.parse(request.answeredAt) : NaN;
    if (!Number.isNaN(answered)) {
      total++;
      if (answered - received <= limit) answeredInTime++;
    } else if (end - received > limit) {
      total++;
    }
  }
  return { answeredInTime, total, rate: total ? answeredInTime / total : null };
}

export interface WaitingRequest {
  request: IncomingRequest;
  person: Person;
  status: RequestState;
}

/** Unanswered requests from people in the network, the least time left first. */
export function openRequests(doc: Y.Doc, now: Date): WaitingRequest[] {
  const waiting: WaitingRequest[] = [];
  for (const request of listRequests(doc)) {
    const person = getPerson(doc, request.contactId);
    if (request.answeredAt || !person || person.deletedAt) continue;
    waiting.push({ request, person, status: requestState(request, now) });
  }
  return waiting.sort((a, b) => a.status.hoursLeft - b.status.hoursLeft || a.request.id.localeCompare(b.request.id));
}

// ---------------------------------------------------------------- commitments

export type CommitmentStateName = 'done' | 'overdue' | 'due-today' | 'upcoming' | 'no-date';

export interface CommitmentState {
  state: CommitmentStateName;
  /** Calendar days from today to the due day in the user's zone (negative when overdue); null when done or undated. */
  daysLeft: number | null;
}

/** Where a commitment stands on the user's calendar: overdue only once its due day has ended in `timeZone`. */
export function commitmentState(
  commitment: Pick<Commitment, 'due' | 'doneAt'>,
  now: Date,
  timeZone: string,
): CommitmentState {
  if (commitment.doneAt) return { state: 'done', daysLeft: null };
  if (!commitment.due) return { state: 'no-date', daysLeft: null };
  const daysLeft = daysBetween(dayIn(now, timeZone), commitment.due);
  return { state: daysLeft < 0 ? 'overdue' : daysLeft === 0 ? 'due-today' : 'upcoming', daysLeft };
}

const STATE_RANK: Readonly<Record<CommitmentStateName, number>> = {
  overdue: 0,
  'due-today': 1,
  upcoming: 2,
  'no-date': 3,
  done: 4,
};

type Sortable = Pick<Commitment, 'id' | 'due' | 'doneAt' | 'createdAt'>;

/**
 * Commitments in the order to work through them: overdue (the most overdue
 * first), due today, upcoming (soonest first), without a date, then done.
 * Ties keep the order they were made in.
 */
export function sortOwed<T extends Sortable>(list: readonly T[], now: Date, timeZone: string): T[] {
  const rank = (commitment: T) => STATE_RANK[commitmentState(commitment, now, timeZone).state];
  return list
    .map((commitment) => ({ commitment, rank: rank(commitment) }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.rank <= STATE_RANK.upcoming ? a.commitment.due!.localeCompare(b.commitment.due!) : 0) ||
        a.commitment.createdAt.localeCompare(b.commitment.createdAt) ||
        a.commitment.id.localeCompare(b.commitment.id),
    )
    .map(({ commitment }) => commitment);
}

export interface KeptRate {
  kept: number;
  total: number;
  /** kept / total, or null when nothing counts yet. */
  rate: number | null;
}

export interface KeptRateOptions {
  contactId?: string;
  direction?: CommitmentDirection;
  /** Defaults to the system clock; pass the injected one. */
  now?: Date;
  /** The user's zone, where due days end; defaults to this runtime's zone. */
  timeZone?: string;
}

/**
 * How many dated commitments were kept on time. Done on or before the end of
 * the due day (in `timeZone`) is kept; done later, or still open after the
 * due day, is not. Open ones not yet due, undated ones and those in the
 * Trash are not counted.
 */
export function keptOnTimeRate(commitments: readonly Commitment[], options: KeptRateOptions = {}): KeptRate {
  const timeZone = options.timeZone ?? systemTimeZone();
  const today = dayIn(options.now ?? new Date(), timeZone);
  let kept = 0;
  let total = 0;
  for (const commitment of commitments) {
    const { due, doneAt } = commitment;
    if (commitment.deletedAt || !due) continue;
    if (options.contactId !== undefined && commitment.contactId !== options.contactId) continue;
    if (options.direction !== undefined && commitment.direction !== options.direction) continue;
    if (doneAt && !Number.isNaN(Date.parse(doneAt))) {
      total++;
      if (dayIn(doneAt, timeZone) <= due) kept++;
    } else if (today > due) {
      total++;
    }
  }
  return { kept, total, rate: total ? kept / total : null };
}

export interface FollowUp {
  commitment: Commitment;
  person: Person;
  status: CommitmentState;
}

/** The Follow-ups view: open commitments with people in the network, each list in `sortOwed` order. */
export function followUps(doc: Y.Doc, now: Date, timeZone: string): { iOwe: FollowUp[]; owedToMe: FollowUp[] } {
  const open = listCommitments(doc).filter((commitment) => !commitment.doneAt);
  const lists = { iOwe: [] as FollowUp[], owedToMe: [] as FollowUp[] };
  for (const commitment of sortOwed(open, now, timeZone)) {
    const person = getPerson(doc, commitment.contactId);
    if (!person || person.deletedAt) continue;
    const item = { commitment, person, status: commitmentState(commitment, now, timeZone) };
    (commitment.direction === 'mine' ? lists.iOwe : lists.owedToMe).push(item);
  }
  return lists;
}

// ---------------------------------------------------------------- keeping in touch

/**
 * The last time (ms) each person and I were in touch: the newest live note
 * naming them (whatever its kind), or a live request of theirs — when they
 * asked, and when I answered. Unreadable times are ignored.
 */
function lastContactTimes(doc: Y.Doc): Map<string, number> {
  const last = lastNoteTimes(doc);
  root(doc, 'requests').forEach((record) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const contactId = record.get('contactId');
    if (typeof contactId !== 'string') return;
    for (const field of ['receivedAt', 'answeredAt']) {
      const at = Date.parse(String(record.get(field) ?? ''));
      if (!Number.isNaN(at) && at > (last.get(contactId) ?? -Infinity)) last.set(contactId, at);
    }
  });
  return last;
}

/** The last interaction per person, as an ISO time: a note of any kind, or a request asked or answered. */
export function lastInteractions(doc: Y.Doc): Map<string, string> {
  const last = new Map<string, string>();
  for (const [id, time] of lastContactTimes(doc)) last.set(id, new Date(time).toISOString());
  return last;
}

export interface HelloItem {
  person: Person;
  cadenceDays: number;
  /** The last interaction, or null when there is none (then the clock runs from when the person was added). */
  lastAt: string | null;
  /** The day a hello falls due: the day of `lastAt` (or of being added) plus `cadenceDays`, in the user's zone. */
  dueDay: string;
  /** Calendar days since `dueDay`: 0 when due today. */
  overdueDays: number;
  /** overdueDays / cadenceDays: how late, relative to how often; the queue's sort key. */
  overdueRatio: number;
  /** The person's snooze day, if one was set (in the queue it has always run out). */
  snoozedUntil: string | null;
}

export interface HelloStatus extends HelloItem {
  /** Snoozed until a day after today: left out of the queue though due. */
  snoozed: boolean;
}

function helloStatusOf(
  doc: Y.Doc,
  person: Person,
  lastAt: string | null,
  today: string,
  timeZone: string,
): HelloStatus | null {
  const from = lastAt ?? person.createdAt;
  if (!from || Number.isNaN(Date.parse(from))) return null;
  const cadenceDays = cadenceOf(person);
  const dueDay = addDays(dayIn(from, timeZone), cadenceDays);
  const overdueDays = daysBetween(dueDay, today);
  const snoozedUntil = snoozedUntilOf(doc, person.id);
  return {
    person,
    cadenceDays,
    lastAt,
    dueDay,
    overdueDays,
    overdueRatio: overdueDays / cadenceDays,
    snoozedUntil,
    snoozed: isSnoozed(snoozedUntil, today),
  };
}

/** A snooze holds until its day begins. */
const isSnoozed = (snoozedUntil: string | null, today: string) => snoozedUntil !== null && today < snoozedUntil;

/**
 * One person's keep-in-touch status (for their page): when a hello is due and
 * whether they are snoozed. `overdueDays` is negative while not yet due.
 * Null for someone not in the network, or with nothing to measure from.
 */
export function helloStatus(doc: Y.Doc, personId: string, now: Date, timeZone: string): HelloStatus | null {
  const person = getPerson(doc, personId);
  if (!person || person.deletedAt) return null;
  const lastAt = lastInteractions(doc).get(personId) ?? null;
  return helloStatusOf(doc, person, lastAt, dayIn(now, timeZone), timeZone);
}

const TIER_RANK = new Map<Tier, number>(TIERS.map((tier, index) => [tier, index]));
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Calls `each` for every live person whose hello is due on `today` or
 * earlier and who is not snoozed: the hello queue's members. Reading every
 * field of every person costs more than the rest together at 5,000 people,
 * so this looks only at the fields that decide it, read as readPerson reads
 * them (a cadence that is not a positive whole number, or an unknown tier,
 * counts as the default) so it agrees with helloStatusOf.
 */
function forEachHelloDue(
  doc: Y.Doc,
  today: string,
  timeZone: string,
  each: (id: string, record: Y.Map<unknown>, lastTime: number | undefined) => void,
  last: ReadonlyMap<string, number> = lastContactTimes(doc),
): void {
  root(doc, 'contacts').forEach((record, id) => {
    if (!(record instanceof Y.Map) || record.get('deletedAt')) return;
    const lastTime = last.get(id);
    const from = lastTime ?? Date.parse(String(record.get('createdAt') ?? ''));
    if (Number.isNaN(from)) return;
    const tier = record.get('tier');
    const cadence = record.get('cadenceDays');
    const days =
      Number.isInteger(cadence) && (cadence as number) > 0
        ? (cadence as number)
        : DEFAULT_CADENCE_DAYS[(TIERS as readonly unknown[]).includes(tier) ? (tier as Tier) : 'regular'];
    if (daysBetween(addDays(dayIn(from, timeZone), days), today) < 0) return;
    if (isSnoozed(snoozedUntilOf(doc, id), today)) return;
    each(id, record, lastTime);
  });
}

/**
 * The ids of the hello queue's people, unsorted, without reading their whole
 * records: the map's "going quiet", at a fraction of the queue's cost.
 * `lastContact` is for a caller that has read every contact time already
 * (network health): it must be what `lastContactTimes` would return.
 */
export function helloDueIds(doc: Y.Doc, now: Date, timeZone: string, lastContact?: ReadonlyMap<string, number>): Set<string> {
  const ids = new Set<string>();
  forEachHelloDue(doc, dayIn(now, timeZone), timeZone, (id) => ids.add(id), lastContact);
  return ids;
}

/**
 * The hello queue: live people whose hello is due today or earlier and who
 * are not snoozed, the most overdue relative to their cadence first (10 days
 * late on a 14-day cadence comes before 30 days late on 180). Ties: more days
 * late, then the closer tier, then by name.
 */
export function helloQueue(doc: Y.Doc, now: Date, timeZone: string): HelloItem[] {
  const today = dayIn(now, timeZone);
  const queue: HelloItem[] = [];
  forEachHelloDue(doc, today, timeZone, (id, record, lastTime) => {
    const lastAt = lastTime === undefined ? null : new Date(lastTime).toISOString();
    const status = helloStatusOf(doc, readPerson(id, record), lastAt, today, timeZone);
    if (!status || status.overdueDays < 0 || status.snoozed) return;
    const { snoozed: _snoozed, ...item } = status;
    queue.push(item);
  });
  return queue.sort(
    (a, b) =>
      b.overdueRatio - a.overdueRatio ||
      b.overdueDays - a.overdueDays ||
      TIER_RANK.get(a.person.tier)! - TIER_RANK.get(b.person.tier)! ||
      collator.compare(a.person.name, b.person.name) ||
      a.person.id.localeCompare(b.person.id),
  );
}

// ---------------------------------------------------------------- reminders

export type ReminderKind = 'commitment' | 'request' | 'hellos';

export interface Reminder {
  /**
   * Stable for one occasion, so the host shows each key once:
   * `<commitment id>:<due day>:due-tomorrow|due-today|overdue`,
   * `<request id>:amber|red`, `hellos:<today>`.
   */
  key: string;
  kind: ReminderKind;
  title: string;
  body: string;
  personIds: string[];
}

export interface ReminderSettings {
  commitments: boolean;
  requests: boolean;
  hellos: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function requestReminders(doc: Y.Doc, now: Date): Reminder[] {
  const reminders: Reminder[] = [];
  for (const { request, person, status } of openRequests(doc, now)) {
    if (status.state !== 'amber' && status.state !== 'red') continue;
    const red = status.state === 'red';
    const left = Math.floor(status.hoursLeft);
    reminders.push({
      key: `${request.id}:${status.state}`,
      kind: 'request',
      title: red ? `${person.name} has waited more than ${REQUEST_RED_HOURS} hours` : `${person.name} is waiting for an answer`,
      body: red
        ? `${request.summary} — answer now, or say when you will`
        : `${request.summary} — ${left >= 1 ? plural(left, 'hour') : 'less than an hour'} left to answer within ${REQUEST_RED_HOURS} hours`,
      personIds: [person.id],
    });
  }
  return reminders;
}

function commitmentReminders(doc: Y.Doc, now: Date, timeZone: string): Reminder[] {
  const reminders: Reminder[] = [];
  for (const { commitment, person, status } of followUps(doc, now, timeZone).iOwe) {
    if (status.daysLeft === null || status.daysLeft > 1) continue;
    const phase = status.daysLeft < 0 ? 'overdue' : status.daysLeft === 0 ? 'due-today' : 'due-tomorrow';
    const title = { overdue: 'Overdue', 'due-today': 'Due today', 'due-tomorrow': 'Due tomorrow' }[phase];
    reminders.push({
      key: `${commitment.id}:${commitment.due}:${phase}`,
      kind: 'commitment',
      title: `${title}: ${commitment.what}`,
      body:
        phase === 'overdue'
          ? `You told ${person.name} you would; it was due ${plural(-status.daysLeft, 'day')} ago`
          : `You told ${person.name} you would`,
      personIds: [person.id],
    });
  }
  return reminders;
}

/** The daily hello reminder waits for the morning: not at midnight for an app left running overnight. */
export const HELLO_REMINDER_HOUR = 9;

function helloReminder(doc: Y.Doc, now: Date, timeZone: string): Reminder[] {
  if (hourIn(now, timeZone) < HELLO_REMINDER_HOUR) return [];
  const queue = helloQueue(doc, now, timeZone);
  if (!queue.length) return [];
  const names = queue.slice(0, 2).map((item) => item.person.name);
  const others = queue.length - names.length;
  const who = others ? `${names.join(', ')} and ${plural(others, 'other')}` : names.join(' and ');
  return [
    {
      key: `hellos:${dayIn(now, timeZone)}`,
      kind: 'hellos',
      title: 'Time to say hello',
      body: `${who} ${queue.length === 1 ? 'is' : 'are'} due a hello`,
      personIds: queue.map((item) => item.person.id),
    },
  ];
}

/**
 * What to remind the user of at `now`: requests waiting 24 hours or more (one
 * reminder when amber, one when red), my open commitments due tomorrow, today
 * or overdue (one per phase), and one daily summary of the hello queue.
 * Only commitments and requests of people in the network count. The host
 * keeps the keys it has shown and shows each key once.
 */
export function dueReminders(doc: Y.Doc, now: Date, timeZone: string, settings: ReminderSettings): Reminder[] {
  return [
    ...(settings.requests ? requestReminders(doc, now) : []),
    ...(settings.commitments ? commitmentReminders(doc, now, timeZone) : []),
    ...(settings.hellos ? helloReminder(doc, now, timeZone) : []),
  ];
}
