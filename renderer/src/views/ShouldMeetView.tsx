import { useCallback, useState } from 'react';
import type * as Y from 'yjs';
import { introduce, suggestIntroductions } from '../../../shared/analytics/should-meet';
import { getPerson } from '../../../shared/doc/people';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { useDocValue } from '../doc/useDocValue';
import { Avatar } from '../ui/Avatar';
import { saveWith } from '../doc/save';
import { FieldError } from '../ui/FieldError';
import { EmptyState } from '../ui/EmptyState';
import { firstName } from '../ui/names';

const ROOTS = ['contacts', 'links'] as const;
const SHOWN = 12;

interface ShouldMeetViewProps {
  doc: Y.Doc;
  onOpenPerson(id: string): void;
}

/** Pairs of your contacts who are not linked yet but have much in common — passing people on is how networks grow. */
export function ShouldMeetView({ doc, onOpenPerson }: ShouldMeetViewProps) {
  const read = useCallback(
    (current: Y.Doc) =>
      suggestIntroductions(current, { limit: SHOWN }).flatMap((pair) => {
        const a = getPerson(current, pair.a);
        const b = getPerson(current, pair.b);
        return a && b ? [{ ...pair, first: a, second: b }] : [];
      }),
    [],
  );
  const pairs = useDocValue(doc, ROOTS, read);
  const [error, setError] = useState<string | null>(null);

  return (
    <section className="view scroll" aria-labelledby="meet-title">
      <header className="view-header">
        <div>
          <h1 id="meet-title">Insights</h1>
          <p className="muted">People in your network who should meet, and why. Introducing them records a link and a note on both.</p>
        </div>
      </header>
      <FieldError message={error} />
      <h2>People who should meet</h2>
      {pairs.length === 0 ? (
        <EmptyState icon="people" title="No introductions to suggest yet">
          <p>Add interests, schools, hometowns and expertise to people; pairs who share them and are not linked show up here.</p>
        </EmptyState>
      ) : (
        <ul className="meet-list">
          {pairs.map((pair) => (
            <li key={`${pair.a}|${pair.b}`} className="card meet-card" data-testid="should-meet">
              <div className="meet-people">
                {[pair.first, pair.second].map((person) => (
                  <button key={person.id} type="button" className="meet-person" onClick={() => onOpenPerson(person.id)}>
                    <Avatar id={person.id} name={person.name} />
                    <span>
                      <span className="row-name">{person.name}</span>
                      <span className="row-sub">{[person.role, person.org].filter(Boolean).join(' · ')}</span>
                    </span>
                  </button>
                ))}
              </div>
              <ul className="reasons">
                {pair.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => setError(saveWith(() => introduce(doc, pair.a, pair.b, {}, LOCAL_UI)))}
                >
                  Introduce {firstName(pair.first.name)} and {firstName(pair.second.name)}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
