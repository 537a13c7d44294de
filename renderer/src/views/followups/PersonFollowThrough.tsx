/**
 * A person's follow-through, on their page: when a hello is due, what is
 * waiting for an answer, what each of us promised, and how often I kept my
 * word to them.
 */
import { useCallback, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { commitmentState, keptOnTimeRate, requestState, sortOwed } from '../../../../shared/analytics/follow-through';
import { commitmentsOf, completeCommitment } from '../../../../shared/doc/commitments';
import { answerRequest, requestsOf } from '../../../../shared/doc/requests';
import { clearSnooze, logHello, snoozeHello } from '../../../../shared/doc/keep-in-touch';
import { addDays, dayIn } from '../../../../shared/doc/days';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { TIME_ZONE, useNow } from '../../doc/useNow';
import { CommitmentForm } from './CommitmentForm';
import { RequestForm } from './RequestForm';
import { agoText, dayDate, dueLabel, percent, requestLabel } from './format';
import { DoneBox } from '../../ui/DoneBox';
import { firstName } from '../../ui/names';

const ROOTS = ['commitments', 'requests'] as const;
/** What a hello status reads: the person (and their snooze), and every note and request for the last contact. */
const HELLO_ROOTS = ['contacts', 'notes', 'requests'] as const;
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

interface PersonFollowThroughProps {
  doc: Y.Doc;
  readers: ReadersClient;
  person: Person;
  people: Person[];
}

export function PersonFollowThrough({ doc, readers, person, people }: PersonFollowThroughProps) {
  const now = useNow();
  // On the readers' replica: the last contact is read from every note (a third of a second at 30,000 people).
  const helloQuery = useMemo(() => ({ kind: 'helloStatus', personId: person.id, now: now.toISOString(), timeZone: TIME_ZONE }) as const, [person.id, now]);
  const helloAnswer = useReader(readers, helloQuery, HELLO_ROOTS);
  // While the minute moves on, the status just read for this person stands; another person's never does.
  const hello = helloAnswer.current || helloAnswer.value?.person.id === person.id ? helloAnswer.value : undefined;
  const read = useCallback(
    (current: Y.Doc) => {
      const commitments = commitmentsOf(current, person.id);
      return {
        open: sortOwed(commitments.filter((commitment) => !commitment.doneAt), now, TIME_ZONE),
        kept: keptOnTimeRate(commitments, { direction: 'mine', now, timeZone: TIME_ZONE }),
        waiting: requestsOf(current, person.id).filter((request) => !request.answeredAt),
      };
    },
    [person.id, now],
  );
  const { open, kept, waiting } = useDocValue(doc, ROOTS, read);
  const [form, setForm] = useState<'commitment' | 'request' | null>(null);
  const first = firstName(person.name);

  // Under a listed promise, "no dated promises" would read as wrong: say only what is true of the ones there.
  const mineDated = open.some((commitment) => commitment.direction === 'mine' && commitment.due);
  const keptLine = kept.total
    ? `Promises to ${first} kept on time: ${percent(kept.rate)} (${kept.kept} of ${kept.total})`
    : mineDated
      ? `Kept on time: counted once a promise to ${first} comes due.`
      : open.length === 0
        ? `No dated promises to ${first} yet.`
        : null;

  const helloLine = () => {
    if (helloAnswer.error) return `Kith could not work out when a hello is due: ${helloAnswer.error}. Reload the window to try again.`;
    if (hello === undefined) return 'Working out when a hello is due…';
    if (!hello) return null;
    const last = hello.lastAt ? `Last in touch ${agoText(hello.lastAt, now)}` : 'Nothing logged yet';
    if (hello.snoozed && hello.snoozedUntil) {
      return `${last} · snoozed until ${dayFormat.format(dayDate(hello.snoozedUntil))}`;
    }
    if (hello.overdueDays > 0) return `${last} · a hello is ${hello.overdueDays} ${hello.overdueDays === 1 ? 'day' : 'days'} late`;
    if (hello.overdueDays === 0) return `${last} · a hello is due today`;
    return `${last} · next hello by ${dayFormat.format(dayDate(hello.dueDay))} (every ${hello.cadenceDays} days)`;
  };

  return (
    <section className="card" aria-label="Follow-through" data-testid="follow-through">
      <div className="card-title-row">
        <h3>Follow-through</h3>
        <span className="header-actions">
          <button type="button" className="button button-quiet" onClick={() => setForm('request')}>
            Log a request
          </button>
          <button type="button" className="button button-quiet" onClick={() => setForm('commitment')}>
            Add a commitment
          </button>
        </span>
      </div>
      <div className="hello-line">
        <span className={hello && hello.overdueDays >= 0 && !hello.snoozed ? 'due' : 'muted'} data-testid="hello-status">
          {helloLine()}
        </span>
        <span className="followup-actions">
          {hello?.snoozed ? (
            <button type="button" className="button button-quiet" onClick={() => clearSnooze(doc, person.id, LOCAL_UI)}>
              End snooze
            </button>
          ) : hello && hello.overdueDays >= 0 ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => snoozeHello(doc, person.id, addDays(dayIn(now, TIME_ZONE), 7), LOCAL_UI)}
            >
              Snooze a week
            </button>
          ) : null}
          <button type="button" className="button" onClick={() => logHello(doc, person.id, LOCAL_UI)}>
            Said hello
          </button>
        </span>
      </div>

      {form === 'commitment' ? (
        <CommitmentForm doc={doc} people={people} fixedPerson={person} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
      ) : form === 'request' ? (
        <RequestForm doc={doc} people={people} fixedPerson={person} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
      ) : null}

      {waiting.length || open.length ? (
        <ul className="followup-list">
          {waiting.map((request) => {
            const status = requestState(request, now);
            return (
              <li key={request.id} className="followup" data-testid="request" data-state={status.state}>
                <span className={`badge badge-${status.state}`}>{requestLabel(status)}</span>
                <div className="followup-text">
                  <span>{request.summary}</span>
                  <span className="muted">Asked {agoText(request.receivedAt, now)}</span>
                </div>
                <button type="button" className="button" onClick={() => answerRequest(doc, request.id, LOCAL_UI)}>
                  Answered
                </button>
              </li>
            );
          })}
          {open.map((commitment) => {
            const status = commitmentState(commitment, now, TIME_ZONE);
            return (
              <li key={commitment.id} className="followup" data-testid="commitment" data-state={status.state}>
                <DoneBox done={false} what={commitment.what} onToggle={() => completeCommitment(doc, commitment.id, LOCAL_UI)} />
                <div className="followup-text">
                  <span>
                    {commitment.direction === 'mine' ? 'I will ' : `${first} will `}
                    {commitment.what}
                  </span>
                </div>
                <span className={`badge badge-${status.state}`}>{dueLabel(commitment.due, status)}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {keptLine ? (
        <p className="muted small" data-testid="person-kept-rate">
          {keptLine}
        </p>
      ) : null}
    </section>
  );
}

