import { useState } from 'react';
import * as Y from 'yjs';
import { purgePerson, restorePerson, type Person } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { restoreNote } from '../../../shared/doc/notes';
import { listAsks, restoreAsk, type Ask } from '../../../shared/doc/asks';
import { root, type RootName } from '../../../shared/doc/schema';
import { ValidationError } from '../../../shared/doc/errors';
import { useDocValue } from '../doc/useDocValue';
import { useReader, type ReadersClient } from '../doc/readers-client';
import { KIND_LABELS } from './notes/NotePage';
import { preview } from './notes/NotesView';
import { Avatar } from '../ui/Avatar';
import { EmptyState } from '../ui/EmptyState';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Asks name their person: a person's removal or rename shows here too. */
const ASK_ROOTS: readonly RootName[] = ['asks', 'contacts'];
const NOTE_ROOTS: readonly RootName[] = ['notes'];
const TRASHED_NOTES = { kind: 'trashedNotes' } as const;

interface TrashedAsk {
  ask: Ask;
  personName: string;
}

/** Asks in the Trash, the most recently removed first. */
function readTrashedAsks(doc: Y.Doc): TrashedAsk[] {
  const names = new Map<string, string>();
  root(doc, 'contacts').forEach((record, id) => {
    const name = record instanceof Y.Map ? record.get('name') : null;
    if (typeof name === 'string') names.set(id, name);
  });
  return listAsks(doc, { includeDeleted: true })
    .filter((ask) => ask.deletedAt)
    .sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''))
    .map((ask) => ({ ask, personName: names.get(ask.contactId) ?? 'Someone no longer in Kith' }));
}

interface TrashViewProps {
  doc: Y.Doc;
  trashed: Person[];
  onRestored(id: string): void;
  readers: ReadersClient;
  onRestoredNote(id: string): void;
  /** An ask was restored: show its person, where it is listed. */
  onRestoredAsk(personId: string): void;
}

/** People moved to the Trash: restore them, or remove them for good (after a confirmation). */
export function TrashView({ doc, trashed, onRestored, readers, onRestoredNote, onRestoredAsk }: TrashViewProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [askProblem, setAskProblem] = useState<{ id: string; message: string } | null>(null);
  // From the readers' notes index (60,000 notes at 30,000 people); until it answers the Trash says it is looking.
  const notesAnswer = useReader(readers, TRASHED_NOTES, NOTE_ROOTS);
  const trashedNotes = notesAnswer.value ?? [];
  const trashedAsks = useDocValue(doc, ASK_ROOTS, readTrashedAsks);
  const counts = [
    trashed.length ? `${trashed.length} ${trashed.length === 1 ? 'person' : 'people'}` : '',
    trashedNotes.length ? `${trashedNotes.length} ${trashedNotes.length === 1 ? 'note' : 'notes'}` : '',
    trashedAsks.length ? `${trashedAsks.length} ${trashedAsks.length === 1 ? 'ask' : 'asks'}` : '',
  ].filter(Boolean);
  const notesKnown = notesAnswer.value !== undefined;
  const restoreTrashedAsk = (ask: Ask) => {
    try {
      restoreAsk(doc, ask.id, LOCAL_UI);
      setAskProblem(null);
      onRestoredAsk(ask.contactId);
    } catch (error) {
      // Its person is in the Trash too: say so beside the ask rather than fail silently.
      if (!(error instanceof ValidationError)) throw error;
      setAskProblem({ id: ask.id, message: error.message });
    }
  };
  const sorted = [...trashed].sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''));

  return (
    <section className="view" aria-labelledby="trash-title">
      <header className="view-header">
        <div>
          <h1 id="trash-title">Trash</h1>
          <p className="muted" data-testid="trash-count">
            {notesAnswer.error
              ? `Kith could not read the notes in the Trash: ${notesAnswer.error}. Reload the window to try again.`
              : !notesKnown
                ? [...counts, 'looking for notes…'].join(' · ')
                : counts.length === 0
                  ? 'Empty'
                  : counts.join(' · ')}
          </p>
        </div>
      </header>
      {notesKnown && trashed.length === 0 && trashedNotes.length === 0 && trashedAsks.length === 0 ? (
        <EmptyState icon="trash" title="Nothing in the Trash">
          <p>
            People, notes and asks you remove wait here — a person with their notes and links — until you restore them or remove them
            for good.
          </p>
        </EmptyState>
      ) : trashed.length === 0 ? null : (
        <ul className="card trash-list">
          {sorted.map((person) => (
            <li key={person.id} className="trash-row" data-testid="trash-row">
              <Avatar id={person.id} name={person.name} />
              <div className="row-text">
                <span className="row-name">{person.name}</span>
                <span className="row-sub">
                  {[person.org, person.deletedAt ? `removed ${when.format(new Date(person.deletedAt))}` : ''].filter(Boolean).join(' · ')}
                </span>
              </div>
              {confirming === person.id ? (
                <span className="confirm">
                  Remove for good? This cannot be undone.
                  <button
                    type="button"
                    className="button button-danger"
                    onClick={() => {
                      purgePerson(doc, person.id, LOCAL_UI);
                      setConfirming(null);
                    }}
                  >
                    Remove
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </span>
              ) : (
                <span className="trash-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      restorePerson(doc, person.id, LOCAL_UI);
                      onRestored(person.id);
                    }}
                  >
                    Restore
                  </button>
                  <button type="button" className="button button-quiet" onClick={() => setConfirming(person.id)}>
                    Remove for good…
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {trashedNotes.length > 0 ? (
        <ul className="card trash-list" aria-label="Notes in the Trash">
          {trashedNotes.map((note) => (
            <li key={note.id} className="trash-row" data-testid="trash-note">
              <div className="row-text">
                <span className="row-name">{preview(note.text, 90) || 'An empty note'}</span>
                <span className="row-sub">
                  {KIND_LABELS[note.kind]}
                  {note.deletedAt ? ` · removed ${when.format(new Date(note.deletedAt))}` : ''}
                </span>
              </div>
              <span className="trash-actions">
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    restoreNote(doc, note.id, LOCAL_UI);
                    onRestoredNote(note.id);
                  }}
                >
                  Restore
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {trashedAsks.length > 0 ? (
        <ul className="card trash-list" aria-label="Asks in the Trash">
          {trashedAsks.map(({ ask, personName }) => (
            <li key={ask.id} className="trash-row" data-testid="trash-ask">
              <div className="row-text">
                <span className="row-name">{ask.what}</span>
                <span className="row-sub">
                  {`${personName}’s ask`}
                  {ask.deletedAt ? ` · removed ${when.format(new Date(ask.deletedAt))}` : ''}
                </span>
                {askProblem?.id === ask.id ? (
                  <span className="field-error" role="alert">
                    {askProblem.message}
                  </span>
                ) : null}
              </div>
              <span className="trash-actions">
                <button type="button" className="button" onClick={() => restoreTrashedAsk(ask)}>
                  Restore
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
