/**
 * Insights' giving back: two gentle lists — people who helped lately whom
 * the user has not given anything to in a long while, and close ties not
 * given to in a year — each with something to pass on. Not a score: no
 * counts, no balance, only a nudge and a way to act on it.
 */
import { useMemo } from 'react';
import type { GentleItem } from '../../../../shared/analytics/give-and-receive';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { useNow } from '../../doc/useNow';
import { Avatar } from '../../ui/Avatar';

const ROOTS = ['contacts', 'notes', 'links', 'asks'] as const;
const SHOWN = 8;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

interface GivingBackProps {
  readers: ReadersClient;
  onOpenPerson(id: string): void;
  onPassItOn(): void;
}

function GentleList({ items, empty, line, onOpenPerson, testId }: { items: GentleItem[]; empty: string; line(item: GentleItem): string; onOpenPerson(id: string): void; testId: string }) {
  if (!items.length) return <p className="muted">{empty}</p>;
  return (
    <ul className="gentle-list">
      {items.slice(0, SHOWN).map((item) => (
        <li key={item.person.id} className="card gentle-item" data-testid={testId}>
          <button type="button" className="gentle-person" onClick={() => onOpenPerson(item.person.id)}>
            <Avatar id={item.person.id} name={item.person.name} size={28} />
            <span>
              <strong>{item.person.name}</strong>
              <span className="muted small"> · {line(item)}</span>
            </span>
          </button>
          {item.suggestion ? (
            <p className="gentle-suggestion">
              {item.suggestion.kind === 'ask' ? item.suggestion.text : `You could pass on “${item.suggestion.text}”, which you shared lately`}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function GivingBack({ readers, onOpenPerson, onPassItOn }: GivingBackProps) {
  const now = useNow(60 * 60 * 1000);
  // On the readers' replica: both lists read every note and search the network for what to pass on (seconds at 30,000 people).
  const query = useMemo(() => ({ kind: 'givingBack', now: now.toISOString(), limit: SHOWN }) as const, [now]);
  const { value, error } = useReader(readers, query, ROOTS);
  const when = (iso: string | null) => (iso ? dayFormat.format(new Date(iso)) : '');

  return (
    <section aria-labelledby="giving-back-title" className="insights-section">
      <div className="card-title-row">
        <h2 id="giving-back-title">Giving back</h2>
        <button type="button" className="button button-quiet" onClick={onPassItOn}>
          Pass something on
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          Kith could not work out whom to give back to: {error}
        </p>
      ) : !value ? (
        <p className="muted" role="status" data-testid="giving-back-computing">
          Looking at what went each way…
        </p>
      ) : (
        <>
          <h3 className="gentle-title">People who helped you lately whom you haven’t given anything to in a long while</h3>
          <GentleList
            items={value.helped}
            testId="helped-lately"
            onOpenPerson={onOpenPerson}
            empty="No one yet. When someone helps you, log it on their page (Give and receive); they show here if you have not given them anything in a while."
            line={(item) => `helped you ${when(item.receivedAt)}${item.gaveAt ? `, you last gave ${when(item.gaveAt)}` : ''}`}
          />
          <h3 className="gentle-title">Ties you haven’t given to in a year</h3>
          <GentleList
            items={value.ties}
            testId="ties-not-given"
            onOpenPerson={onOpenPerson}
            empty="None: every close tie has had something from you this year, or is newer than a year in Kith."
            line={(item) => (item.gaveAt ? `last gave ${when(item.gaveAt)}` : 'nothing given yet in Kith')}
          />
        </>
      )}
    </section>
  );
}
