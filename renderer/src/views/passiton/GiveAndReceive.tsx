/**
 * A person's give and receive, on their page: what went each way — things
 * passed on, introductions, help given and received — as a calm history,
 * not a score; and a way to log help ("Grace reviewed my deck").
 */
import { useMemo, useState, type FormEvent } from 'react';
import type * as Y from 'yjs';
import { logHelp, type Direction } from '../../../../shared/analytics/give-and-receive';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { saveWith } from '../../doc/save';
import { FieldError } from '../../ui/FieldError';
import { firstName } from '../../ui/names';

/** What exchangesWith reads: every note (shares, logged help), introduction link and helped ask. */
const ROOTS = ['contacts', 'notes', 'links', 'asks'] as const;
const SHOWN = 6;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? '' : dayFormat.format(new Date(iso)));

export function GiveAndReceive({ doc, readers, person }: { doc: Y.Doc; readers: ReadersClient; person: Person }) {
  // On the readers' replica: the history is read from every note, link and ask (half a second at 30,000 people).
  const query = useMemo(() => ({ kind: 'exchangesWith', personId: person.id }) as const, [person.id]);
  const answer = useReader(readers, query, ROOTS);
  const exchanges = (answer.current && answer.value) || [];
  const reading = !answer.current && !answer.error;
  const [logging, setLogging] = useState(false);
  const [direction, setDirection] = useState<Direction>('received');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  const first = firstName(person.name);

  const save = (event: FormEvent) => {
    event.preventDefault();
    const problem = saveWith(() => logHelp(doc, { contactId: person.id, direction, text }, LOCAL_UI));
    setError(problem);
    if (problem) return;
    setText('');
    setLogging(false);
  };

  const shown = showAll ? exchanges : exchanges.slice(0, SHOWN);

  return (
    <section className="card" aria-labelledby={`give-${person.id}`} data-testid="give-and-receive">
      <div className="card-title-row">
        <h3 id={`give-${person.id}`}>Give and receive</h3>
        <span className="header-actions">
          <button type="button" className="button button-quiet" onClick={() => setLogging(true)}>
            Log help
          </button>
        </span>
      </div>

      {logging ? (
        <form className="ask-add" aria-label="Log help" onSubmit={save} onKeyDown={(event) => event.key === 'Escape' && setLogging(false)}>
          <select aria-label="Who helped" value={direction} onChange={(event) => setDirection(event.target.value as Direction)}>
            <option value="received">{first} helped me</option>
            <option value="gave">I helped {first}</option>
          </select>
          <input
            aria-label="How"
            autoFocus
            value={text}
            placeholder={direction === 'received' ? 'reviewed my deck…' : 'read their draft…'}
            onChange={(event) => {
              setText(event.target.value);
              setError(null);
            }}
          />
          <button type="submit" className="button">
            Log
          </button>
          <button type="button" className="button button-quiet" onClick={() => setLogging(false)}>
            Cancel
          </button>
          <FieldError message={error} />
        </form>
      ) : null}

      {reading ? (
        <p className="muted" role="status" data-testid="exchanges-reading">
          Reading what went between you and {first}…
        </p>
      ) : answer.error ? (
        <p className="muted" role="status">
          Kith could not read what went between you and {first}: {answer.error}. Reload the window to try again.
        </p>
      ) : exchanges.length === 0 ? (
        <p className="muted">Nothing has gone either way yet. Things you pass on, introductions and help you log show here.</p>
      ) : (
        <ul className="exchange-list">
          {shown.map((exchange) => (
            <li key={`${exchange.noteId ?? exchange.linkId ?? exchange.askId}-${exchange.at}`} data-testid="exchange" data-direction={exchange.direction}>
              <span className={`exchange-way ${exchange.direction}`}>{exchange.direction === 'gave' ? `To ${first}` : `From ${first}`}</span>
              <span className="exchange-text">{exchange.text}</span>
              <span className="muted small">{day(exchange.at)}</span>
            </li>
          ))}
        </ul>
      )}
      {exchanges.length > SHOWN && !showAll ? (
        <button type="button" className="button button-quiet" onClick={() => setShowAll(true)}>
          Show all {exchanges.length}
        </button>
      ) : null}
    </section>
  );
}
