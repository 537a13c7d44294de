import { useState } from 'react';
import type * as Y from 'yjs';
import { purgePerson, restorePerson, type Person } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface TrashViewProps {
  doc: Y.Doc;
  trashed: Person[];
  onRestored(id: string): void;
}

/** People moved to the Trash: restore them, or remove them for good (after a confirmation). */
export function TrashView({ doc, trashed, onRestored }: TrashViewProps) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const sorted = [...trashed].sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''));

  return (
    <section className="view" aria-labelledby="trash-title">
      <header className="view-header">
        <div>
          <h1 id="trash-title">Trash</h1>
          <p className="muted" data-testid="trash-count">
            {trashed.length === 0 ? 'Empty' : `${trashed.length} ${trashed.length === 1 ? 'person' : 'people'}`}
          </p>
        </div>
      </header>
      {trashed.length === 0 ? (
        <div className="empty">
          <div className="empty-icon">
            <Icon name="trash" size={28} />
          </div>
          <h2>Nothing in the Trash</h2>
          <p>People you remove wait here, with their notes and links, until you restore them or remove them for good.</p>
        </div>
      ) : (
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
    </section>
  );
}
