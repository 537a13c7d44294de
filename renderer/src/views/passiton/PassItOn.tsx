/**
 * "Pass it on" (Ctrl/⌘+J, the palette, Insights): paste a link, a title or a
 * paragraph, see who in the network would care and why, choose people, write
 * one line each (started from the reason), then copy it, open an email draft
 * or just record it. Each way records a share note on every recipient's
 * timeline (shared/doc/shares.ts) and marks the asks it answers helped.
 */
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Candidate } from '../../../../shared/analytics/pass-it-on';
import { passItOn, type ShareVia } from '../../../../shared/doc/shares';
import { ValidationError } from '../../../../shared/doc/errors';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { isExternalUrl, type LinkPreview } from '../../../../shared/host/contract';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { TIME_ZONE } from '../../doc/useNow';
import { Avatar } from '../../ui/Avatar';
import { EmptyState } from '../../ui/EmptyState';
import { ExternalLinks } from '../../ui/ExternalLink';
import { FieldError } from '../../ui/FieldError';
import { Highlighted } from '../../ui/Highlighted';
import { firstName, shortName } from '../../ui/names';
import { useFocusTrap } from '../../ui/focus';

const ROOTS = ['contacts', 'notes', 'asks', 'aliases'] as const;
const SHOWN = 12;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });
const URL_ONLY = /^\s*(https?:\/\/\S+)\s*$/i;
/** How long the link must stay unchanged before its page is read: not on every keystroke of a typed link. */
const PREVIEW_DELAY_MS = 400;

type PreviewState = { link: string; state: 'reading' } | { link: string; state: 'read' } | { link: string; state: 'failed'; message: string };

interface PassItOnProps {
  doc: Y.Doc;
  readers: ReadersClient;
  onClose(): void;
  onOpenPerson(id: string): void;
  /** Reads a link's title and description from its page (the host's `linkPreview`); absent, titles are typed. */
  readPreview?: (url: string) => Promise<LinkPreview>;
}

/** What is being passed on: a title is needed; a link alone lends its last path words as the title. */
function titleOf(title: string, link: string): string {
  if (title.trim()) return title.trim();
  try {
    const url = new URL(link.trim());
    const words = decodeURIComponent(url.pathname).split('/').filter(Boolean).at(-1)?.replace(/[-_]+/g, ' ').replace(/\.\w+$/, '');
    return words?.trim() || url.hostname;
  } catch {
    return '';
  }
}

function mailtoFor(email: string, subject: string, body: string): string {
  return `mailto:${encodeURIComponent(email)}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/**
 * While the title is empty, a link that stays put for a moment has its page
 * read for a title and description. It never blocks: everything stays
 * editable, what the user typed meanwhile is kept, and an answer for a link
 * no longer in the field is dropped.
 */
function usePreview(
  link: string,
  readPreview: PassItOnProps['readPreview'],
  titleEmpty: () => boolean,
  fill: (preview: { title: string; description: string }) => void,
): [PreviewState | null, () => void] {
  const [preview, setPreview] = useState<PreviewState | null>(null);
  const current = useRef('');
  const callbacks = useRef({ titleEmpty, fill });
  useEffect(() => {
    callbacks.current = { titleEmpty, fill };
  });
  useEffect(() => {
    const url = link.trim();
    current.current = url;
    if (!readPreview || !URL_ONLY.test(url) || !callbacks.current.titleEmpty()) return;
    const timer = setTimeout(() => {
      setPreview({ link: url, state: 'reading' });
      readPreview(url).then(
        (result) => {
          if (current.current !== url) return;
          if (!result.ok) {
            setPreview({ link: url, state: 'failed', message: result.message });
            return;
          }
          setPreview({ link: url, state: 'read' });
          callbacks.current.fill(result);
        },
        (error: unknown) => {
          if (current.current === url) setPreview({ link: url, state: 'failed', message: `${error instanceof Error ? error.message : String(error)}. Type a title instead.` });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [link, readPreview]);
  const shown = preview && preview.link === link.trim() ? preview : null;
  return [shown, () => setPreview(null)];
}

export function PassItOn({ doc, readers, onClose, onOpenPerson, readPreview }: PassItOnProps) {
  const [title, setTitle] = useState('');
  const [link, setLink] = useState('');
  const [about, setAbout] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [lines, setLines] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [done, setDone] = useState<{ names: string[]; via: ShareVia } | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);
  const openLink = useContext(ExternalLinks);

  useEffect(() => titleRef.current?.focus(), []);
  const [preview, clearPreview] = usePreview(
    link,
    readPreview,
    () => title.trim() === '',
    (page) => {
      setTitle((typed) => (typed.trim() ? typed : page.title));
      setAbout((typed) => (typed.trim() ? typed : page.description));
    },
  );

  const item = useMemo(() => ({ title: titleOf(title, link), link: link.trim(), text: about }), [title, link, about]);
  const hasWords = Boolean(item.title || item.text.trim());
  // Ranked on the readers' replica: it searches every person and note (about half a second at 30,000 people).
  const query = useMemo(() => (hasWords ? ({ kind: 'passItOn', item, timeZone: TIME_ZONE, limit: SHOWN } as const) : null), [hasWords, item]);
  const answer = useReader(readers, query, ROOTS);
  const ranked = answer.value ?? [];
  /** The chosen stay listed while the words change, so a line being written does not vanish. */
  const [picked, setPicked] = useState<Record<string, Candidate>>({});
  const chosenCandidates = chosen.map((id) => picked[id]).filter((candidate): candidate is Candidate => Boolean(candidate));

  const toggle = (candidate: Candidate) => {
    const id = candidate.person.id;
    if (chosen.includes(id)) {
      setChosen(chosen.filter((other) => other !== id));
      return;
    }
    setPicked({ ...picked, [id]: candidate });
    setChosen([...chosen, id]);
    setLines((current) => (id in current ? current : { ...current, [id]: candidate.starter }));
  };

  const record = (via: ShareVia): boolean => {
    try {
      passItOn(
        doc,
        {
          title: item.title,
          link: item.link,
          via,
          recipients: chosenCandidates.map((candidate) => ({
            contactId: candidate.person.id,
            line: lines[candidate.person.id] ?? '',
            askIds: candidate.askIds,
          })),
        },
        LOCAL_UI,
      );
    } catch (failure) {
      if (!(failure instanceof ValidationError)) throw failure;
      setError({ field: failure.field, message: failure.message });
      return false;
    }
    setDone({ names: chosenCandidates.map((candidate) => shortName(candidate.person.name)), via });
    return true;
  };

  const message = (candidate: Candidate) =>
    [lines[candidate.person.id] ?? '', item.title, item.link].filter((part) => part.trim() !== '').join('\n');

  const copy = async () => {
    const text = chosenCandidates.map(message).join('\n\n');
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      setError({ field: 'copy', message: 'Kith could not copy to the clipboard. Select the lines and copy them yourself, then choose "Just record it".' });
      return;
    }
    record('copy');
  };

  const withoutEmail = chosenCandidates.filter((candidate) => !candidate.person.emails[0]);
  const email = () => {
    const drafts = chosenCandidates.map((candidate) => mailtoFor(candidate.person.emails[0]!, item.title, message(candidate)));
    if (drafts.some((url) => !isExternalUrl(url))) {
      setError({ field: 'email', message: 'One of these email addresses cannot be used in a draft; fix it on their page.' });
      return;
    }
    if (!record('email')) return;
    for (const url of drafts) {
      if (openLink) openLink(url);
      else window.open(url, '_blank', 'noopener,noreferrer');
    }
  };

  const onTitle = (value: string) => {
    // A pasted link belongs in the link field; the title can then be typed.
    const url = URL_ONLY.exec(value);
    if (url && !link) {
      setLink(url[1]!);
      setTitle('');
    } else setTitle(value);
    setError(null);
  };

  const again = () => {
    setTitle('');
    setLink('');
    setAbout('');
    setChosen([]);
    setLines({});
    setPicked({});
    setDone(null);
    clearPreview();
    titleRef.current?.focus();
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        ref={dialogRef}
        className="pass-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pass-title"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        <header className="pass-header">
          <h2 id="pass-title">Pass it on</h2>
          <p className="muted">Something worth sharing? Kith finds the people who would care, from what they like, know, asked for and talked about with you.</p>
        </header>

        {done ? (
          <div className="pass-done" role="status">
            <p>
              {done.via === 'copy' ? 'Copied, and recorded' : done.via === 'email' ? 'Email drafts opened, and recorded' : 'Recorded'} on the
              timeline of {done.names.join(', ')}.
            </p>
            <div className="form-actions">
              <button type="button" className="button" onClick={again}>
                Pass on something else
              </button>
              <button type="button" className="button button-primary" onClick={onClose}>
                Done
              </button>
            </div>
          </div>
        ) : (
          <>
            <div className="pass-item">
              <div className="field">
                <label htmlFor="pass-title-input">Title</label>
                <input
                  id="pass-title-input"
                  ref={titleRef}
                  value={title}
                  placeholder="An article, an event, a job, a paper — or paste a link"
                  aria-invalid={error?.field === 'title' ? true : undefined}
                  onChange={(event) => onTitle(event.target.value)}
                />
                <FieldError message={error?.field === 'title' ? error.message : null} />
              </div>
              <div className="field">
                <label htmlFor="pass-link-input">Link</label>
                <input
                  id="pass-link-input"
                  value={link}
                  placeholder="https://…"
                  aria-invalid={error?.field === 'link' ? true : undefined}
                  onChange={(event) => {
                    setLink(event.target.value);
                    setError(null);
                  }}
                />
                <FieldError message={error?.field === 'link' ? error.message : null} />
                <p className="muted pass-preview" role="status" data-testid="link-preview">
                  {preview?.state === 'reading'
                    ? 'Reading the page’s title…'
                    : preview?.state === 'read'
                      ? 'Title and description from the page; change them as you like.'
                      : preview?.state === 'failed'
                        ? preview.message
                        : ''}
                </p>
              </div>
              <div className="field">
                <label htmlFor="pass-about-input">A few words about it (optional)</label>
                <textarea id="pass-about-input" rows={2} value={about} onChange={(event) => setAbout(event.target.value)} />
              </div>
            </div>

            <div className="pass-people" aria-label="Who would care">
              {!hasWords ? (
                <p className="muted pass-hint">Type or paste what you want to pass on; the people who would care show up here.</p>
              ) : answer.error ? (
                <p className="field-error" role="alert">
                  Kith could not work out who would care: {answer.error}. Reload the window to try again.
                </p>
              ) : ranked.length === 0 && chosenCandidates.length === 0 && (!answer.current || answer.computing) ? (
                <p className="muted pass-hint" role="status" data-testid="pass-computing">
                  Looking for who would care…
                </p>
              ) : ranked.length === 0 && chosenCandidates.length === 0 ? (
                <EmptyState icon="people" title="No one matches these words yet">
                  <p>Add interests, expertise and tags to people, or capture what they are looking for from your notes.</p>
                </EmptyState>
              ) : (
                <>
                  {answer.computing ? (
                    <p className="muted small pass-updating" role="status" data-testid="pass-computing">
                      Looking again for these words…
                    </p>
                  ) : null}
                  <ul className="pass-list" aria-busy={answer.computing || undefined}>
                    {[...chosenCandidates.filter((c) => !ranked.some((r) => r.person.id === c.person.id)), ...ranked].map((candidate) => {
                      const id = candidate.person.id;
                      const checked = chosen.includes(id);
                      return (
                        <li key={id} className={`pass-candidate${checked ? ' chosen' : ''}`} data-testid="pass-candidate">
                          <label className="pass-choose">
                            <input type="checkbox" checked={checked} onChange={() => toggle(candidate)} aria-label={`Pass it to ${candidate.person.name}`} />
                            <Avatar id={id} name={candidate.person.name} size={28} />
                            <span className="pass-name">
                              <strong>{candidate.person.name}</strong>
                              {candidate.person.org ? <span className="muted"> · {candidate.person.org}</span> : null}
                            </span>
                          </label>
                          <button type="button" className="link-button pass-open" onClick={() => onOpenPerson(id)}>
                            Open
                          </button>
                          <ul className="pass-reasons">
                            {candidate.reasons.slice(0, 3).map((reason, index) => (
                              <li key={`${reason.field}-${index}`} data-field={reason.field}>
                                <span className="pass-reason-label">{reason.label}</span>{' '}
                                <Highlighted text={reason.snippet} ranges={reason.ranges} />
                                {reason.field === 'notes' ? <span className="muted"> — {reason.sentence}</span> : null}
                                {reason.field === 'asks' && reason.at ? <span className="muted"> — mentioned {dayFormat.format(new Date(reason.at))}</span> : null}
                              </li>
                            ))}
                          </ul>
                          {checked ? (
                            <div className="field pass-line">
                              <label htmlFor={`pass-line-${id}`}>Your line to {firstName(candidate.person.name)}</label>
                              <textarea
                                id={`pass-line-${id}`}
                                rows={2}
                                value={lines[id] ?? ''}
                                onChange={(event) => setLines({ ...lines, [id]: event.target.value })}
                              />
                            </div>
                          ) : null}
                        </li>
                      );
                    })}
                  </ul>
                </>
              )}
            </div>

            <footer className="pass-actions">
              <FieldError message={error && !['title', 'link'].includes(error.field) ? error.message : null} />
              {chosenCandidates.length && withoutEmail.length ? (
                <p className="muted small">
                  No email address for {withoutEmail.map((candidate) => firstName(candidate.person.name)).join(', ')}: copy it or just record it.
                </p>
              ) : null}
              <div className="form-actions">
                <button type="button" className="button" onClick={onClose}>
                  Cancel
                </button>
                {chosenCandidates.length ? (
                  <>
                    <button type="button" className="button" onClick={() => void copy()}>
                      Copy
                    </button>
                    {withoutEmail.length === 0 ? (
                      <button type="button" className="button" onClick={email}>
                        Email
                      </button>
                    ) : null}
                    <button type="button" className="button button-primary" onClick={() => record('record')}>
                      Just record it
                    </button>
                  </>
                ) : (
                  <span className="muted small">Choose who to pass it to.</span>
                )}
              </div>
            </footer>
          </>
        )}
      </div>
    </div>
  );
}
