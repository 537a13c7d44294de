/**
 * Under a note's text: the commitments made in it, and the sentences that
 * read like promises ("I'll send…", "Grace will…") offered as commitments to
 * confirm or dismiss. Suggestions are read once typing pauses.
 */
import { useCallback, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { commitmentState } from '../../../../shared/analytics/follow-through';
import { dismissSuggestion, openSuggestions, type Suggestion } from '../../../../shared/analytics/commitment-suggestions';
import { completeCommitment, listCommitments, reopenCommitment } from '../../../../shared/doc/commitments';
import type { Note } from '../../../../shared/doc/notes';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue, useIdleDocValue } from '../../doc/useDocValue';
import { TIME_ZONE, useNow } from '../../doc/useNow';
import { CommitmentForm, type CommitmentDraft } from './CommitmentForm';
import { dueLabel } from './format';
import { DoneBox } from '../../ui/DoneBox';
import { firstName, shortName } from '../../ui/names';

const COMMITMENT_ROOTS = ['contacts', 'commitments'] as const;
const NOTE_ROOTS = ['notes', 'commitments', 'contacts'] as const;
const NO_SUGGESTIONS: Suggestion[] = [];
/** Reading a long note for promises is not done per keystroke: only once typing pauses this long. */
const SUGGEST_IDLE_MS = 900;

export function NoteCommitments({ doc, note, people }: { doc: Y.Doc; note: Note; people: Person[] }) {
  const now = useNow(60_000);
  const readMade = useCallback(
    (current: Y.Doc) => listCommitments(current).filter((commitment) => commitment.noteId === note.id),
    [note.id],
  );
  const made = useDocValue(doc, COMMITMENT_ROOTS, readMade);
  const readSuggestions = useCallback(
    (current: Y.Doc) => {
      try {
        return openSuggestions(current, note.id, now, TIME_ZONE);
      } catch {
        return NO_SUGGESTIONS; // the note was removed meanwhile
      }
    },
    [note.id, now],
  );
  const suggestions = useIdleDocValue(doc, NOTE_ROOTS, readSuggestions, NO_SUGGESTIONS, SUGGEST_IDLE_MS);
  const [draft, setDraft] = useState<CommitmentDraft | null>(null);
  const names = useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people]);
  const defaultPerson = note.contactIds.length === 1 ? note.contactIds[0] : null;

  return (
    <section className="card note-commitments" aria-label="Commitments in this note" data-testid="note-commitments">
      <div className="card-title-row">
        <h2 className="card-title">Commitments</h2>
        <button
          type="button"
          className="button button-quiet"
          onClick={() => setDraft({ noteId: note.id, personId: defaultPerson, direction: 'mine' })}
        >
          Add a commitment
        </button>
      </div>
      {draft ? (
        <CommitmentForm
          key={draft.suggestionKey ?? 'new'}
          doc={doc}
          people={people}
          draft={draft}
          title={draft.suggestionKey ? 'Confirm the commitment' : 'Add a commitment'}
          onDone={() => setDraft(null)}
          onCancel={() => setDraft(null)}
        />
      ) : null}
      {suggestions.length > 0 ? (
        <ul className="suggestion-list" aria-label="Suggested commitments">
          {suggestions.map((suggestion) => (
            <li key={suggestion.key} className="suggestion" data-testid="suggested-commitment">
              <div className="followup-text">
                <span>“{suggestion.sentence}”</span>
                <span className="muted">
                  {suggestion.direction === 'mine' ? 'You promised' : `${shortName(names.get(suggestion.personId ?? '') ?? 'They')} promised`}
                  {suggestion.due ? ` · due ${suggestion.due}` : ''}
                </span>
              </div>
              <span className="followup-actions">
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => dismissSuggestion(doc, note.id, suggestion.key, LOCAL_UI)}
                >
                  Dismiss
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() =>
                    setDraft({
                      noteId: note.id,
                      suggestionKey: suggestion.key,
                      personId: suggestion.personId ?? defaultPerson,
                      direction: suggestion.direction,
                      what: suggestion.what,
                      due: suggestion.due,
                    })
                  }
                >
                  Add
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {made.length > 0 ? (
        <ul className="followup-list">
          {made.map((commitment) => {
            const status = commitmentState(commitment, now, TIME_ZONE);
            const who = names.get(commitment.contactId) ?? 'someone';
            return (
              <li key={commitment.id} className="followup" data-testid="commitment" data-state={status.state}>
                <DoneBox
                  done={Boolean(commitment.doneAt)}
                  what={commitment.what}
                  onToggle={() =>
                    commitment.doneAt
                      ? reopenCommitment(doc, commitment.id, LOCAL_UI)
                      : completeCommitment(doc, commitment.id, LOCAL_UI)
                  }
                />
                <div className="followup-text">
                  <span className={commitment.doneAt ? 'done-text' : undefined}>
                    {commitment.direction === 'mine' ? `I will ${commitment.what}` : `${firstName(who)} will ${commitment.what}`}
                  </span>
                  <span className="muted">{commitment.direction === 'mine' ? `For ${shortName(who)}` : `From ${shortName(who)}`}</span>
                </div>
                <span className={`badge badge-${status.state}`}>{dueLabel(commitment.due, status)}</span>
              </li>
            );
          })}
        </ul>
      ) : suggestions.length === 0 && !draft ? (
        <p className="muted small">Promises you write here (“I’ll send…”, “Grace will…”) are offered as commitments to track.</p>
      ) : null}
    </section>
  );
}
