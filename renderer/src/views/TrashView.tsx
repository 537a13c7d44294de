import { useState } from 'react';
import type * as Y from 'yjs';
import { purgePerson, restorePerson, type Person } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { restoreNote } from '../../../shared/doc/notes';
import { useNotesIndex, type NotesIndex } from '../doc/notes-index';
import { KIND_LABELS } from './notes/NotePage';
import { preview } from './notes/NotesView';
import { Avatar } from '../ui/Avatar';
import { EmptyState } from '../ui/EmptyState';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface TrashViewProps {
  doc: Y.Doc;
  trashed: Person[];
  onRestored(id: string): void;
  notes: NotesIndex;
  onRestoredNote(id: string): void;
}

/** People moved to the Trash: restore them, or remove them for good (after a confirmation). */
export function TrashView({ doc, trashed, onRestored, notes, onRestoredNote }: TrashViewProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  useNotesIndex(notes);
  const trashedNotes = notes.trashed();
  const counts = [
    trashed.length ? `${trashed.length} ${trashed.length === 1 ? 'person' : 'people'}` : '',
    trashedNotes.length ? `${trashedNotes.length} ${trashedNotes.length === 1 ? 'note' : 'notes'}` : '',
  ].filter(Boolean);
  const sorted = [...trashed].sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''));

  return (
    <section className="view" aria-labelledby="trash-title">
      <header className="view-header">
        <div>
          <h1 id="trash-title">Trash</h1>
          <p className="muted" data-testid="trash-count">
            {counts.length === 0 ? 'Empty' : counts.join(' · ')}
          </p>
        </div>
      </header>
      {trashed.length === 0 && trashedNotes.length === 0 ? (
        <EmptyState icon="trash" title="Nothing in the Trash">
          <p>People you remove wait here, with their notes and links, until you restore them or remove them for good.</p>
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
                    notes.flush();
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
    </section>
  );
}
