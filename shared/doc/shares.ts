/**
 * Passing something on: an article, an event, a job, a paper sent to the
 * people who would care. Each pass is recorded as a note of kind `share` on
 * every recipient's timeline — one note per person, since each gets a line
 * of their own — holding what (`shareTitle`), the link (`shareLink`) and how
 * it went (`shareVia`). Being notes, shares count as being in touch
 * (shared/analytics/follow-through.ts reads every note kind).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { hasPrefix, root } from './schema';
import { ValidationError, firstIssue } from './errors';
import { ASKS, NOTES } from './kinds';
import { changedRecords, systemClock, type Clock } from './records';
import { checkNewNote, createNote } from './notes';
import { foldText } from '../analytics/normalize';

export const SHARE_VIA = ['copy', 'email', 'record'] as const;
export type ShareVia = (typeof SHARE_VIA)[number];

const MAX_TITLE = 300;
const MAX_LINE = 1000;
const TITLE_MESSAGE = 'Say what you are passing on: a title, a link or a few words';

const linkText = z
  .string()
  .trim()
  .max(2000, 'A link can be at most 2,000 characters')
  .refine((text) => text === '' || /^https?:\/\/[^\s]+$/i.test(text), 'A link starts with http:// or https://');

export const shareItem = z
  .object({
    title: z.string({ message: TITLE_MESSAGE }).trim().min(1, TITLE_MESSAGE).max(MAX_TITLE, `A title can be at most ${MAX_TITLE} characters`),
    link: linkText.optional(),
  })
  .strict();
export type ShareItem = z.input<typeof shareItem>;

export const shareInput = z
  .object({
    title: shareItem.shape.title,
    link: linkText.optional(),
    via: z.enum(SHARE_VIA, { message: 'Say how it was passed on: copied, by email or just recorded' }),
    recipients: z
      .array(
        z
          .object({
            contactId: z.string().refine((id) => hasPrefix(id, 'person'), 'Choose who to pass it to'),
            line: z.string().trim().max(MAX_LINE, `A line can be at most ${MAX_LINE} characters`).default(''),
            /** Open asks of this person that this share answers; they are marked helped by it. */
            askIds: z.array(z.string().refine((id) => hasPrefix(id, 'ask'), 'Not an ask')).max(50).default([]),
          })
          .strict(),
      )
      .min(1, 'Choose at least one person to pass it to')
      .max(100, 'Pass it to at most 100 people at once'),
  })
  .strict();
export type ShareInput = z.input<typeof shareInput>;

/** The text of a share note: the line written to them, then what and the link, so the timeline reads it plainly. */
function shareText(title: string, link: string, line: string): string {
  return [line, `Passed on: ${title}`, link].filter((part) => part !== '').join('\n');
}

/**
 * Records one pass: a share note on each recipient's timeline and, for each
 * ask it answers, the ask marked helped by that note — all in one
 * transaction. Returns the note ids in the recipients' order. Checks
 * everything first: bad input writes nothing.
 */
export function passItOn(doc: Y.Doc, input: unknown, origin: unknown, clock: Clock = systemClock): string[] {
  const parsed = shareInput.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(String(parsed.error.issues[0]?.path[0] ?? 'share'), firstIssue(parsed.error));
  }
  const { title, via, recipients } = parsed.data;
  const link = parsed.data.link ?? '';
  const seen = new Set<string>();
  for (const recipient of recipients) {
    if (seen.has(recipient.contactId)) throw new ValidationError('recipients', 'Each person can be chosen once');
    seen.add(recipient.contactId);
    checkNewNote(doc, { contactIds: [recipient.contactId], kind: 'share', text: shareText(title, link, recipient.line) });
    for (const askId of recipient.askIds) {
      const ask = ASKS.find(doc, askId);
      if (!ask || ask.get('contactId') !== recipient.contactId) {
        throw new ValidationError('askIds', 'That ask is not one of this person’s; reopen Pass it on and try again');
      }
    }
  }
  const now = clock();
  const at = () => now;
  const ids: string[] = [];
  doc.transact(() => {
    for (const recipient of recipients) {
      const id = createNote(doc, { contactIds: [recipient.contactId], kind: 'share', text: shareText(title, link, recipient.line) }, origin, at);
      const note = NOTES.get(doc, id);
      NOTES.writeFields(note, { shareTitle: title, shareLink: link || undefined, shareVia: via });
      ids.push(id);
      for (const askId of recipient.askIds) {
        const ask = ASKS.get(doc, askId);
        if (typeof ask.get('helpedAt') === 'string') continue;
        ASKS.update(doc, ask, { helpedAt: now.toISOString(), helpedBy: 'share', helpedRef: id }, origin, at);
      }
    }
  }, origin);
  return ids;
}

export interface Share {
  noteId: string;
  contactIds: string[];
  title: string;
  link: string;
  via: ShareVia;
  at: string;
}

const asString = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A share note's what and link, or null for a note that is not a readable share (or is in the Trash). */
export function readShare(noteId: string, record: Y.Map<unknown>): Share | null {
  if (record.get('kind') !== 'share' || record.get('deletedAt')) return null;
  const title = asString(record.get('shareTitle'));
  const link = asString(record.get('shareLink'));
  if (!title && !link) return null;
  const contactIds = record.get('contactIds');
  const via = record.get('shareVia');
  return {
    noteId,
    contactIds: contactIds instanceof Y.Array ? contactIds.toArray().filter((id): id is string => typeof id === 'string') : [],
    title,
    link,
    via: (SHARE_VIA as readonly unknown[]).includes(via) ? (via as ShareVia) : 'record',
    at: asString(record.get('at')),
  };
}

/**
 * The share notes of one document, kept from its transactions: a change
 * only marks the notes it touched, and the next read re-reads just those —
 * so asking who an item was passed to does not walk every note (50,000 of
 * them take tens of milliseconds), and a stream of edits costs nothing
 * until someone asks.
 */
class ShareIndex {
  private readonly notes: Y.Map<unknown>;
  private readonly shares = new Map<string, Share>();
  private readonly dirty = new Set<string>();
  private sorted: Share[] | null = null;

  constructor(doc: Y.Doc) {
    this.notes = root(doc, 'notes');
    for (const id of this.notes.keys()) this.dirty.add(id);
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      transaction.changed.forEach((keys, type) => {
        for (const changed of changedRecords(type, keys)) if (changed.root === this.notes) this.dirty.add(changed.key);
      });
    });
  }

  /** Every share, newest first. */
  list(): readonly Share[] {
    if (this.dirty.size) {
      for (const id of this.dirty) {
        const record = this.notes.get(id);
        const share = record instanceof Y.Map ? readShare(id, record) : null;
        if (share) this.shares.set(id, share);
        else this.shares.delete(id);
      }
      this.dirty.clear();
      this.sorted = null;
    }
    return (this.sorted ??= [...this.shares.values()].sort((a, b) => b.at.localeCompare(a.at) || a.noteId.localeCompare(b.noteId)));
  }
}

const indexes = new WeakMap<Y.Doc, ShareIndex>();

function shareIndex(doc: Y.Doc): ShareIndex {
  let index = indexes.get(doc);
  if (!index) indexes.set(doc, (index = new ShareIndex(doc)));
  return index;
}

/** Every share in the document, newest first. */
export function listShares(doc: Y.Doc): Share[] {
  return shareIndex(doc).list().map((share) => ({ ...share, contactIds: [...share.contactIds] }));
}

/**
 * A link as a key: scheme and "www." dropped, host lower-cased, no fragment
 * and no trailing slash, so "https://www.Example.com/a/" and
 * "http://example.com/a#top" are the same page. Not a URL: ''.
 */
export function linkKey(link: string): string {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return '';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${url.port ? `:${url.port}` : ''}${path}${url.search}`;
}

/** Whether a share is of the same item: the same page, or (either without a link) the same title. */
export function sameItem(share: Pick<Share, 'title' | 'link'>, item: { title: string; link?: string }): boolean {
  const a = linkKey(share.link);
  const b = linkKey(item.link ?? '');
  if (a && b) return a === b;
  const title = foldText(item.title);
  return title !== '' && foldText(share.title) === title;
}

/** The people an item was already passed to. */
export function sharedWith(doc: Y.Doc, item: { title: string; link?: string }): Set<string> {
  const ids = new Set<string>();
  for (const share of shareIndex(doc).list()) if (sameItem(share, item)) for (const id of share.contactIds) ids.add(id);
  return ids;
}
