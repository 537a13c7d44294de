/**
 * A person's "Things to pass on", on their page: what they are looking for
 * (their open asks), the asks Kith read in notes with them for the user to
 * keep or dismiss, a way to add one by hand, and the asks lately helped.
 * "Pass it on" reads the open ones when ranking who would care.
 */
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import type { NoteAskSuggestion } from '../../../../shared/analytics/ask-suggestions';
import { dismissSuggestion } from '../../../../shared/analytics/commitment-suggestions';
import { asksOf, createAsk, deleteAsk, editAsk, markAskHelped, reopenAsk, type Ask } from '../../../../shared/doc/asks';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { saveWith } from '../../doc/save';
import { FieldError } from '../../ui/FieldError';
import { firstName } from '../../ui/names';

const ASK_ROOTS = ['contacts', 'asks'] as const;
/** What the asks read in notes depend on: the notes (and their dismissals), the people in them, the asks kept. */
const SUGGESTION_ROOTS = ['contacts', 'notes', 'asks'] as const;
const NONE: ReadonlySet<string> = new Set();
const HELPED_SHOWN = 3;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long' });
const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? '' : dayFormat.format(new Date(iso)));
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const suggestionKey = (suggestion: NoteAskSuggestion) => `${suggestion.noteId}-${suggestion.key}`;

const HELPED_LABELS: Record<NonNullable<Ask['helpedBy']>, string> = {
  share: 'by something you passed on',
  introduction: 'by an introduction',
  hand: 'marked by you',
};

interface ThingsToPassOnProps {
  doc: Y.Doc;
  readers: ReadersClient;
  person: Person;
  onPassItOn(): void;
}

export function ThingsToPassOn({ doc, readers, person, onPassItOn }: ThingsToPassOnProps) {
  const read = useCallback(
    (current: Y.Doc) => {
      const asks = asksOf(current, person.id);
      return {
        open: asks.filter((ask) => !ask.helpedAt),
        helped: asks.filter((ask) => ask.helpedAt).sort((a, b) => b.helpedAt!.localeCompare(a.helpedAt!)),
      };
    },
    [person.id],
  );
  const { open, helped } = useDocValue(doc, ASK_ROOTS, read);
  // On the readers' replica: the asks hiding in notes are read from every note (a third of a second at 30,000 people).
  const suggestionQuery = useMemo(() => ({ kind: 'askSuggestionsFor', personId: person.id }) as const, [person.id]);
  const suggestionAnswer = useReader(readers, suggestionQuery, SUGGESTION_ROOTS);
  const answered = suggestionAnswer.current ? suggestionAnswer.value : undefined;
  // A suggestion kept or dismissed leaves at once, not when the readers next answer (which then no longer hold it).
  const [handled, setHandled] = useState<{ answer: NoteAskSuggestion[] | undefined; keys: ReadonlySet<string> }>({ answer: undefined, keys: NONE });
  const handledKeys = handled.answer === answered ? handled.keys : NONE;
  const suggested = (answered ?? []).filter((suggestion) => !handledKeys.has(suggestionKey(suggestion)));
  const settle = (suggestion: NoteAskSuggestion, act: () => void) => {
    act();
    setHandled({ answer: answered, keys: new Set([...handledKeys, suggestionKey(suggestion)]) });
  };
  const reading = answered === undefined && !suggestionAnswer.error;
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string; error: string | null } | null>(null);
  const first = firstName(person.name);

  const saveEdit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const problem = saveWith(() => editAsk(doc, editing.id, editing.text, LOCAL_UI));
    if (problem) setEditing({ ...editing, error: problem });
    else setEditing(null);
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const problem = saveWith(() => createAsk(doc, { contactId: person.id, what: draft }, LOCAL_UI));
    setError(problem);
    if (problem) return;
    setDraft('');
    setAdding(false);
  };

  return (
    <section className="card" aria-labelledby={`asks-${person.id}`} data-testid="things-to-pass-on">
      <div className="card-title-row">
        <h3 id={`asks-${person.id}`}>Things to pass on</h3>
        <span className="header-actions">
          <button type="button" className="button button-quiet" onClick={() => setAdding(true)}>
            Add what {first} is looking for
          </button>
          <button type="button" className="button button-quiet" onClick={onPassItOn}>
            Pass something on
          </button>
        </span>
      </div>

      {adding ? (
        <form className="ask-add" onSubmit={add} onKeyDown={(event) => event.key === 'Escape' && setAdding(false)}>
          <input
            aria-label={`What ${first} is looking for`}
            autoFocus
            value={draft}
            placeholder="looking for a designer, intros to climate investors…"
            onChange={(event) => {
              setDraft(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="button">
            Add
          </button>
          <button type="button" className="button button-quiet" onClick={() => setAdding(false)}>
            Cancel
          </button>
          <FieldError message={error} />
        </form>
      ) : null}

      {reading ? (
        <p className="muted" role="status" data-testid="ask-suggestions-reading">
          Reading your notes with {first} for what they are looking for…
        </p>
      ) : suggestionAnswer.error ? (
        <p className="muted" role="status">
          Kith could not read your notes for asks: {suggestionAnswer.error}. Reload the window to try again.
        </p>
      ) : null}

      {open.length === 0 && suggested.length === 0 && !adding && !reading ? (
        <p className="muted">
          {helped.length
            ? `Nothing else ${first} is looking for right now.`
            : `Nothing ${first} is looking for yet. When a note says what they need (“looking for a designer”), Kith offers it here.`}
        </p>
      ) : null}

      {open.length ? (
        <ul className="followup-list">
          {open.map((ask) => (
            <li key={ask.id} className="followup" data-testid="ask">
              {editing?.id === ask.id ? (
                <form className="ask-add" aria-label="Edit the ask" onSubmit={saveEdit} onKeyDown={(event) => event.key === 'Escape' && setEditing(null)}>
                  <input
                    aria-label={`What ${first} is looking for`}
                    autoFocus
                    value={editing.text}
                    onChange={(event) => setEditing({ ...editing, text: event.target.value, error: null })}
                  />
                  <button type="submit" className="button">
                    Save
                  </button>
                  <button type="button" className="button button-quiet" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                  <FieldError message={editing.error} />
                </form>
              ) : (
                <>
                  <div className="followup-text">
                    <span>{capitalised(ask.what)}</span>
                    <span className="muted">{ask.noteId ? `From a note, kept ${day(ask.createdAt)}` : `Added ${day(ask.createdAt)}`}</span>
                  </div>
                  <span className="followup-actions">
                    <button type="button" className="button button-quiet" onClick={() => setEditing({ id: ask.id, text: ask.what, error: null })}>
                      Edit
                    </button>
                    <button type="button" className="button" onClick={() => markAskHelped(doc, ask.id, { by: 'hand' }, LOCAL_UI)}>
                      Helped
                    </button>
                    <button type="button" className="button button-quiet" title="Move this ask to the Trash" onClick={() => deleteAsk(doc, ask.id, LOCAL_UI)}>
                      Remove
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}

      {suggested.length ? (
        <ul className="followup-list" aria-label="Read in your notes">
          {suggested.map((suggestion) => (
            <li key={`${suggestion.noteId}-${suggestion.key}`} className="followup suggestion" data-testid="ask-suggestion">
              <div className="followup-text">
                <span>{capitalised(suggestion.what)}?</span>
                <span className="muted">Read in a note of {day(suggestion.at)}: “{suggestion.sentence}”</span>
              </div>
              <span className="followup-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    settle(suggestion, () =>
                      createAsk(doc, { contactId: person.id, what: suggestion.what, noteId: suggestion.noteId, key: suggestion.key }, LOCAL_UI),
                    )
                  }
                >
                  Keep
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => settle(suggestion, () => dismissSuggestion(doc, suggestion.noteId, suggestion.key, LOCAL_UI))}
                >
                  Dismiss
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}

      {helped.length ? (
        <ul className="followup-list helped-list">
          {helped.slice(0, HELPED_SHOWN).map((ask) => (
            <li key={ask.id} className="followup" data-testid="ask-helped">
              <div className="followup-text">
                <span className="done-text">{capitalised(ask.what)}</span>
                <span className="muted">
                  Helped {day(ask.helpedAt!)}, {HELPED_LABELS[ask.helpedBy ?? 'hand']}
                </span>
              </div>
              <button type="button" className="button button-quiet" onClick={() => reopenAsk(doc, ask.id, LOCAL_UI)}>
                Reopen
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
