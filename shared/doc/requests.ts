/**
 * Incoming requests (the `requests` root): someone asked something of the
 * user — by email, message, call or in person — and is waiting for an answer.
 * The 36-hour rule (shared/analytics/follow-through.ts) measures the time
 * from `receivedAt` to `answeredAt`; both are instants, stored in UTC.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix } from './schema';
import { ValidationError, firstIssue } from './errors';
import { REQUESTS } from './kinds';
import { systemClock, type Clock } from './records';
import { getPerson, isLivePerson } from './people';

export const REQUEST_CHANNELS = ['email', 'message', 'call', 'in-person', 'other'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];

/** How each channel reads in a sentence: "asked by email", "asked in person". */
export const CHANNEL_LABELS: Readonly<Record<RequestChannel, string>> = {
  email: 'email',
  message: 'message',
  call: 'call',
  'in-person': 'in person',
  other: 'other',
};

/** A request may be logged as received a little ahead of this device's clock (another device's clock may run fast). */
export const FUTURE_SLACK_MS = 5 * 60 * 1000;

const MAX_SUMMARY = 500;
const WHO_MESSAGE = 'Choose who asked';
const SUMMARY_MESSAGE = 'Say what they asked for';

/** The validators of the fields that can be edited after logging, by field name. */
export const requestFields = {
  channel: z.enum(REQUEST_CHANNELS, { message: 'Say how they asked: email, message, call, in person or other' }),
  summary: z
    .string({ message: SUMMARY_MESSAGE })
    .trim()
    .min(1, SUMMARY_MESSAGE)
    .max(MAX_SUMMARY, `Say what they asked for in at most ${MAX_SUMMARY} characters`),
  receivedAt: z.iso.datetime({ offset: true, message: 'When it came is a date and time, such as 2026-01-02T15:00:00Z' }),
} satisfies Record<string, z.ZodType>;

export const requestInput = z
  .object({
    contactId: z.string({ message: WHO_MESSAGE }).refine((id) => hasPrefix(id, 'person'), WHO_MESSAGE),
    channel: requestFields.channel,
    summary: requestFields.summary,
    receivedAt: requestFields.receivedAt.optional(),
  })
  .strict();
export type RequestInput = z.input<typeof requestInput>;

export const requestPatch = z.object(requestFields).partial().strict();
export type RequestPatch = z.input<typeof requestPatch>;

/** A request as views read it (named so as not to shadow the fetch API's `Request`). */
export interface IncomingRequest {
  id: string;
  contactId: string;
  channel: RequestChannel;
  summary: string;
  receivedAt: string;
  answeredAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

function requestMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  return REQUESTS.get(doc, id);
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'request'), firstIssue(parsed.error));
  }
  return parsed.data;
}

function requireLivePerson(doc: Y.Doc, id: string): void {
  if (isLivePerson(doc, id)) return;
  const person = getPerson(doc, id);
  throw new ValidationError('contactId', person ? `${person.name} is in the Trash; restore them before logging a request` : WHO_MESSAGE);
}

/** The time to store, in UTC; refuses a time in the future. */
function receivedTime(text: string, now: Date): string {
  const time = new Date(text);
  if (time.getTime() > now.getTime() + FUTURE_SLACK_MS) {
    throw new ValidationError('receivedAt', 'A request cannot arrive in the future; check the date and time');
  }
  return time.toISOString();
}

/** Logs a request (received now unless `receivedAt` says when); returns the new id. Writes nothing on bad input. */
export function createRequest(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string {
  const request = parse(requestInput, input);
  requireLivePerson(doc, request.contactId);
  const now = clock();
  const receivedAt = request.receivedAt === undefined ? now.toISOString() : receivedTime(request.receivedAt, now);
  const values = { contactId: request.contactId, channel: request.channel, summary: request.summary, receivedAt };
  return REQUESTS.create(doc, values, origin, () => now);
}

/** Corrects the channel, the summary or when it came. */
export function updateRequest(doc: Y.Doc, id: string, patch: unknown, origin: unknown, clock: Clock = systemClock): void {
  const { receivedAt, ...rest } = parse(requestPatch, patch);
  const record = requestMap(doc, id);
  const now = clock();
  const changes = Object.entries(rest).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (receivedAt !== undefined) {
    const time = receivedTime(receivedAt, now);
    const answeredAt = record.get('answeredAt');
    if (typeof answeredAt === 'string' && Date.parse(time) > Date.parse(answeredAt)) {
      throw new ValidationError('receivedAt', 'A request cannot arrive after it was answered');
    }
    changes.push(['receivedAt', time]);
  }
  if (!changes.length) return;
  REQUESTS.update(doc, record, Object.fromEntries(changes), origin, () => now);
}

/** Marks a request answered now; one already answered keeps its time. */
export function answerRequest(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  REQUESTS.stamp(doc, requestMap(doc, id), 'answeredAt', origin, clock);
}

/** Marks an answered request as waiting again (answered by mistake); the clock runs from `receivedAt` as before. */
export function reopenRequest(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  REQUESTS.unstamp(doc, requestMap(doc, id), 'answeredAt', origin, clock);
}

/** Moves a request to the Trash; restoreRequest brings it back. */
export function deleteRequest(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  REQUESTS.stamp(doc, requestMap(doc, id), 'deletedAt', origin, clock);
}

/** Brings a request back from the Trash; its person must be in the network (restore them first). */
export function restoreRequest(doc: Y.Doc, id: string, origin: unknown, clock: Clock = systemClock): void {
  const record = requestMap(doc, id);
  if (!record.get('deletedAt')) return;
  requireLivePerson(doc, asString(record.get('contactId')));
  REQUESTS.unstamp(doc, record, 'deletedAt', origin, clock);
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');
const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * A plain snapshot of a request. A missing or unreadable `receivedAt`
 * (a record from a buggy peer) reads as its creation time, so the clock
 * still runs from something the user did.
 */
function snapshot(id: string, record: Y.Map<unknown>): IncomingRequest {
  const channel = record.get('channel');
  const receivedAt = record.get('receivedAt');
  const createdAt = asString(record.get('createdAt'));
  const answeredAt = record.get('answeredAt');
  return {
    id,
    contactId: asString(record.get('contactId')),
    channel: (REQUEST_CHANNELS as readonly unknown[]).includes(channel) ? (channel as RequestChannel) : 'other',
    summary: asString(record.get('summary')),
    receivedAt: isTime(receivedAt) ? receivedAt : createdAt,
    answeredAt: isTime(answeredAt) ? answeredAt : null,
    createdAt,
    updatedAt: asString(record.get('updatedAt')) || createdAt,
    deletedAt: orNull(record.get('deletedAt')),
  };
}

/** One request, or null when there is none with that id. */
export function readRequest(doc: Y.Doc, id: string): IncomingRequest | null {
  const record = REQUESTS.find(doc, id);
  return record ? snapshot(id, record) : null;
}

const oldestFirst = (a: IncomingRequest, b: IncomingRequest) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id);

/** Requests, the longest waiting first; those in the Trash only when asked. */
export function listRequests(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): IncomingRequest[] {
  const found: IncomingRequest[] = [];
  for (const [id, record] of REQUESTS.entries(doc)) {
    if (!record.get('deletedAt') || options.includeDeleted) found.push(snapshot(id, record));
  }
  return found.sort(oldestFirst);
}

/** The requests (not in the Trash) one person made, the longest waiting first. */
export function requestsOf(doc: Y.Doc, personId: string): IncomingRequest[] {
  return listRequests(doc).filter((request) => request.contactId === personId);
}
