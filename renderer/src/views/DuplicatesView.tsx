import { useState } from 'react';
import type * as Y from 'yjs';
import { mergePeople } from '../../../shared/doc/merge';
import type { Person } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { useReader, type ReadersClient } from '../doc/readers-client';
import { Avatar } from '../ui/Avatar';
import { saveWith } from '../doc/save';
import { FieldError } from '../ui/FieldError';
import { EmptyState } from '../ui/EmptyState';
import { shortName } from '../ui/names';

const ROOTS = ['contacts'] as const;
const QUERY = { kind: 'duplicates' } as const;


function Summary({ person }: { person: Person }) {
  const details = [person.role, person.org, ...person.emails, ...person.phones].filter(Boolean);
  return (
    <div className="dup-person">
      <Avatar id={person.id} name={person.name} />
      <div className="row-text">
        <span className="row-name">{person.name}</span>
        <span className="row-sub">{details.join(' · ') || 'No details'}</span>
      </div>
    </div>
  );
}

interface DuplicatesViewProps {
  doc: Y.Doc;
  readers: ReadersClient;
  onOpenPerson(id: string): void;
}

/** Review likely duplicates and merge them, keeping every value, note, link and commitment of both. */
export function DuplicatesView({ doc, readers, onOpenPerson }: DuplicatesViewProps) {
  // A pair just merged stays listed until the readers answer again: its buttons wait for that.
  const { value: pairs, computing, error: readError } = useReader(readers, QUERY, ROOTS);
  const [error, setError] = useState<string | null>(null);

  const merge = (keep: Person, other: Person) => {
    const problem = saveWith(() => mergePeople(doc, keep.id, other.id, LOCAL_UI));
    setError(problem);
    if (!problem) onOpenPerson(keep.id);
  };

  return (
    <section className="view scroll" aria-labelledby="dup-title">
      <header className="view-header">
        <div>
          <h1 id="dup-title">Possible duplicates</h1>
          <p className="muted">
            Merging keeps everything: every field value, note, link and commitment of both. The merged-away entry goes to
            the Trash.
          </p>
        </div>
      </header>
      <FieldError message={error ?? (readError && `Kith could not look for duplicates: ${readError}`)} />
      {pairs === undefined ? (
        <p className="muted" role="status">
          Looking for duplicates…
        </p>
      ) : pairs.length === 0 ? (
        <EmptyState icon="check" title="No duplicates found">
          <p>Kith looks for the same email or phone, and near-same names at the same organisation.</p>
        </EmptyState>
      ) : (
        <ul className="meet-list">
          {pairs.map((pair) => (
            <li key={`${pair.a.id}|${pair.b.id}`} className="card" data-testid="duplicate">
              <Summary person={pair.a} />
              <Summary person={pair.b} />
              <ul className="reasons">
                {pair.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <div className="form-actions">
                <button type="button" className="button" disabled={computing} onClick={() => merge(pair.a, pair.b)}>
                  Keep {shortName(pair.a.name)}
                </button>
                <button type="button" className="button" disabled={computing} onClick={() => merge(pair.b, pair.a)}>
                  Keep {shortName(pair.b.name)}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
