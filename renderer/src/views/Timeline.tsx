/**
 * A person's timeline: every note that names them, newest first, with a
 * quick note box and the actions that log contact (a call, a hello). Notes
 * that only @-mention them are there too, marked as mentions: they were not
 * in touch.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { createNote } from '../../../shared/doc/notes';
import type { Person } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { useReader, type ReadersClient } from '../doc/readers-client';
import { FieldError } from '../ui/FieldError';
import { MOD_LABEL } from '../ui/keys';
import { saveWith } from '../doc/save';
import { KIND_LABELS } from './notes/NotePage';
import { noteWhen, preview } from './notes/NotesView';
import { shortName } from '../ui/names';

interface TimelineProps {
  doc: Y.Doc;
  person: Person;
  readers: ReadersClient;
  onOpenNote(id: string): void;
  onLogCall(personIds: string[]): void;
  /** More actions beside "Log a call" (said hello…). */
  actions?: ReactNode;
}

const SHOWN = 20;
const NOTE_ROOTS = ['notes'] as const;

export function Timeline({ doc, person, readers, onOpenNote, onLogCall, actions }: TimelineProps) {
  // From the readers' notes index: finding a person's notes among 60,000 is theirs to do, not the UI thread's.
  const query = useMemo(() => ({ kind: 'notesOf', personId: person.id }) as const, [person.id]);
  const answer = useReader(readers, query, NOTE_ROOTS);
  const entries = (answer.current && answer.value) || [];
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);

  const add = () => {
    const problem = saveWith(() => createNote(doc, { contactIds: [person.id], kind: 'note', text: draft }, LOCAL_UI));
    setError(problem);
    if (!problem) setDraft('');
  };

  const shown = showAll ? entries : entries.slice(0, SHOWN);

  return (
    <section className="card" aria-label="Timeline" data-testid="notes">
      <div className="card-title-row">
        <h3>Timeline</h3>
        <span className="header-actions">
          {actions}
          <button
            type="button"
            className="button"
            onClick={() => onLogCall([person.id])}
            title={`Log a call, meeting or coffee with ${shortName(person.name)} (${MOD_LABEL}+L)`}
          >
            Log a call
          </button>
        </span>
      </div>
      <div className="field">
        <label htmlFor="new-note">A note about {shortName(person.name)}</label>
        <textarea
          id="new-note"
          rows={2}
          value={draft}
          placeholder="A quick note — what matters to them… (Ctrl+Enter saves)"
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            if (error) setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              add();
            }
          }}
        />
        <FieldError message={error} />
      </div>
      {draft.trim() ? (
        <div className="form-actions">
          <button type="button" className="button" onClick={add}>
            Add note
          </button>
        </div>
      ) : null}
      {answer.error ? (
        <p className="field-error" role="alert">
          Kith could not read the timeline: {answer.error}. Reload the window to try again.
        </p>
      ) : !answer.current ? (
        <p className="muted" role="status" data-testid="timeline-computing">
          Reading the notes with {shortName(person.name)}…
        </p>
      ) : entries.length > 0 ? (
        <ul className="note-list">
          {shown.map((note) => (
            <li key={note.id} data-testid="note">
              <button type="button" className="note-entry" onClick={() => onOpenNote(note.id)}>
                <span className="muted">
                  {note.contactIds.includes(person.id) ? (
                    <>
                      {KIND_LABELS[note.kind]} · {noteWhen(note.at)}
                      {note.contactIds.length > 1 ? ` · with ${note.contactIds.length - 1} more` : ''}
                    </>
                  ) : (
                    <span data-testid="note-mention-mark">
                      Mentioned · {KIND_LABELS[note.kind]} · {noteWhen(note.at)}
                    </span>
                  )}
                </span>
                <span className="note-entry-text">{preview(note.text, 280) || <em className="muted">No text</em>}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Nothing logged with {shortName(person.name)} yet. After you talk, log it here.</p>
      )}
      {entries.length > SHOWN && !showAll ? (
        <button type="button" className="button button-quiet" onClick={() => setShowAll(true)}>
          Show all {entries.length}
        </button>
      ) : null}
    </section>
  );
}
