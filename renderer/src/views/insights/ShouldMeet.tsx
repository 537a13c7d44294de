/**
 * Insights' first section: pairs of contacts who are not linked yet but have
 * much in common, with the reasons, and one click to introduce them (a link
 * and a note on both).
 */
import { useState } from 'react';
import type * as Y from 'yjs';
import { introduce } from '../../../../shared/analytics/should-meet';
import type { Person } from '../../../../shared/doc/people';
import { openAsks, type Ask } from '../../../../shared/doc/asks';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { useDocValue } from '../../doc/useDocValue';
import { saveWith } from '../../doc/save';
import { Avatar } from '../../ui/Avatar';
import { FieldError } from '../../ui/FieldError';
import { EmptyState } from '../../ui/EmptyState';
import { firstName } from '../../ui/names';

const ROOTS = ['contacts', 'links'] as const;
const ASK_ROOTS = ['asks'] as const;
const SHOWN = 12;
const QUERY = { kind: 'shouldMeet', limit: SHOWN } as const;

interface ShouldMeetProps {
  doc: Y.Doc;
  readers: ReadersClient;
  onOpenPerson(id: string): void;
}

export function ShouldMeet({ doc, readers, onOpenPerson }: ShouldMeetProps) {
  // Computed on the readers' replica: seconds at 30,000 people, which the window must not wait for.
  const { value: pairs, error: readError } = useReader(readers, QUERY, ROOTS);
  // Open asks are few (people's, not the network's): read here, beside the pairs.
  const asks = useDocValue(doc, ASK_ROOTS, openAsks);
  const asksOf = (pair: { a: string; b: string }) => asks.filter((ask) => ask.contactId === pair.a || ask.contactId === pair.b);
  const [error, setError] = useState<string | null>(null);
  /** The asks ticked as answered by an introduction, by ask id. */
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const nameOf = (pair: { first: Person; second: Person }, ask: Ask) => firstName((ask.contactId === pair.first.id ? pair.first : pair.second).name);

  return (
    <section aria-labelledby="should-meet-title" className="insights-section">
      <h2 id="should-meet-title">People who should meet</h2>
      <FieldError message={error ?? (readError && `Kith could not work out who should meet: ${readError}`)} />
      {pairs === undefined ? (
        <p className="muted" role="status" data-testid="should-meet-computing">
          Looking for people who should meet…
        </p>
      ) : pairs.length === 0 ? (
        <EmptyState icon="people" title="No introductions to suggest yet">
          <p>Add interests, schools, hometowns and expertise to people; pairs who share them and are not linked show up here.</p>
        </EmptyState>
      ) : (
        <ul className="meet-list">
          {pairs.map((pair) => (
            <li key={`${pair.a}|${pair.b}`} className="card meet-card" data-testid="should-meet">
              <div className="meet-people">
                {[pair.first, pair.second].map((person) => (
                  <MeetPerson key={person.id} person={person} onOpen={() => onOpenPerson(person.id)} />
                ))}
              </div>
              <ul className="reasons">
                {pair.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
              {asksOf(pair).length ? (
                <ul className="plain-list meet-asks" aria-label="Asks this introduction would answer">
                  {asksOf(pair).map((ask) => (
                    <li key={ask.id}>
                      <label>
                        <input
                          type="checkbox"
                          checked={answers[ask.id] ?? false}
                          onChange={(event) => setAnswers({ ...answers, [ask.id]: event.target.checked })}
                        />{' '}
                        Answers {nameOf(pair, ask)}’s ask: {ask.what}
                      </label>
                    </li>
                  ))}
                </ul>
              ) : null}
              <div className="form-actions">
                <button
                  type="button"
                  className="button button-primary"
                  onClick={() => {
                    const askIds = asksOf(pair).filter((ask) => answers[ask.id]).map((ask) => ask.id);
                    setError(saveWith(() => introduce(doc, pair.a, pair.b, { askIds }, LOCAL_UI)));
                  }}
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

function MeetPerson({ person, onOpen }: { person: Person; onOpen(): void }) {
  return (
    <button type="button" className="meet-person" onClick={onOpen}>
      <Avatar id={person.id} name={person.name} />
      <span>
        <span className="row-name">{person.name}</span>
        <span className="row-sub">{[person.role, person.org].filter(Boolean).join(' · ')}</span>
      </span>
    </button>
  );
}
