import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import {
  answeredWithinRate,
  followUps,
  keptOnTimeRate,
  openRequests,
  type FollowUp,
  type HelloItem,
  type WaitingRequest,
} from '../../../../shared/analytics/follow-through';
import { completeCommitment, listCommitments, reopenCommitment } from '../../../../shared/doc/commitments';
import { answerRequest, listRequests, reopenRequest } from '../../../../shared/doc/requests';
import { clearSnooze, logHello, snoozeHello } from '../../../../shared/doc/keep-in-touch';
import { addDays, dayIn } from '../../../../shared/doc/days';
import { deleteNote } from '../../../../shared/doc/notes';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useDocValue } from '../../doc/useDocValue';
import { useReader, type ReadersClient } from '../../doc/readers-client';
import { TIME_ZONE, useNow } from '../../doc/useNow';
import { Avatar } from '../../ui/Avatar';
import { Icon } from '../../ui/icons';
import { isTyping } from '../../ui/keys';
import { CommitmentForm } from './CommitmentForm';
import { CHANNEL_NAMES, RequestForm } from './RequestForm';
import { agoText, dueLabel, percent, requestLabel } from './format';
import { UndoToast, useForAWhile } from '../../ui/UndoToast';
import { EmptyState } from '../../ui/EmptyState';
import { DoneBox } from '../../ui/DoneBox';
import { firstName, shortName } from '../../ui/names';

const ROOTS = ['contacts', 'notes', 'commitments', 'requests'] as const;
/** What the hello queue reads (a note or a request counts as being in touch; snoozes are on people). */
const HELLO_ROOTS = ['contacts', 'notes', 'requests'] as const;
const SHOWN = 12;

interface FollowupsViewProps {
  doc: Y.Doc;
  readers: ReadersClient;
  people: Person[];
  onOpenPerson(id: string): void;
  /** Open with this form showing (asked for from the command palette). */
  startWith?: 'commitment' | 'request';
}

interface Toast {
  text: string;
  undo(): void;
}

function read(doc: Y.Doc, now: Date) {
  const commitments = listCommitments(doc);
  const requests = listRequests(doc);
  const { iOwe, owedToMe } = followUps(doc, now, TIME_ZONE);
  return {
    waiting: openRequests(doc, now),
    iOwe,
    owedToMe,
    kept: keptOnTimeRate(commitments, { direction: 'mine', now, timeZone: TIME_ZONE }),
    answered30: answeredWithinRate(requests, now, 30),
    answered90: answeredWithinRate(requests, now, 90),
  };
}

/** The hello queue changes with the day, not the minute: the first moment of each day the view sees. */
function useHelloClock(now: Date): Date {
  const [day, setDay] = useState(now);
  if (dayIn(now, TIME_ZONE) !== dayIn(day, TIME_ZONE)) setDay(now);
  return day;
}

export function FollowupsView({ doc, readers, people, onOpenPerson, startWith }: FollowupsViewProps) {
  const now = useNow();
  const data = useDocValue(doc, ROOTS, useCallback((current: Y.Doc) => read(current, now), [now]));
  const helloDay = useHelloClock(now);
  // The hello queue reads every person and note: on the readers' replica, not this thread.
  const helloQuery = useMemo(() => ({ kind: 'hellos', now: helloDay.toISOString(), timeZone: TIME_ZONE }) as const, [helloDay]);
  const { value: hellos, computing: hellosComputing, error: hellosError } = useReader(readers, helloQuery, HELLO_ROOTS);
  const [form, setForm] = useState<'commitment' | 'request' | null>(startWith ?? null);
  const [toast, setToast] = useForAWhile<Toast>();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'c') {
        event.preventDefault();
        setForm('commitment');
      } else if (event.key === 'r') {
        event.preventDefault();
        setForm('request');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const answer = (item: WaitingRequest) => {
    answerRequest(doc, item.request.id, LOCAL_UI);
    setToast({ text: `Answered ${shortName(item.person.name)}.`, undo: () => reopenRequest(doc, item.request.id, LOCAL_UI) });
  };
  const done = (item: FollowUp) => {
    completeCommitment(doc, item.commitment.id, LOCAL_UI);
    setToast({ text: `Done: ${item.commitment.what}.`, undo: () => reopenCommitment(doc, item.commitment.id, LOCAL_UI) });
  };
  const hello = (item: HelloItem) => {
    const id = logHello(doc, item.person.id, LOCAL_UI);
    setToast({ text: `Said hello to ${shortName(item.person.name)}.`, undo: () => deleteNote(doc, id, LOCAL_UI) });
  };
  const snooze = (item: HelloItem, days: number) => {
    snoozeHello(doc, item.person.id, addDays(dayIn(now, TIME_ZONE), days), LOCAL_UI);
    setToast({ text: `${shortName(item.person.name)} is snoozed for ${days === 7 ? 'a week' : days === 30 ? 'a month' : `${days} days`}.`, undo: () => clearSnooze(doc, item.person.id, LOCAL_UI) });
  };

  const nothingAtAll =
    data.waiting.length + data.iOwe.length + data.owedToMe.length + (hellos?.length ?? 0) === 0 && people.length === 0;

  return (
    <section className="view scroll" aria-labelledby="followups-title">
      <header className="view-header">
        <div>
          <h1 id="followups-title">Follow-ups</h1>
          <p className="muted">Answer within 36 hours, keep what you promise, and say hello before ties go quiet.</p>
        </div>
        <span className="header-actions">
          <button type="button" className="button" onClick={() => setForm('request')} title="Log a request (R)">
            Log a request <kbd>R</kbd>
          </button>
          <button type="button" className="button button-primary" onClick={() => setForm('commitment')} title="Add a commitment (C)">
            <Icon name="plus" size={16} />
            Add a commitment <kbd>C</kbd>
          </button>
        </span>
      </header>

      <div className="followups">
        {form === 'commitment' ? (
          <CommitmentForm doc={doc} people={people} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
        ) : form === 'request' ? (
          <RequestForm doc={doc} people={people} onDone={() => setForm(null)} onCancel={() => setForm(null)} />
        ) : null}

        <div className="rates" aria-label="How you follow through">
          <Rate
            label="Promises kept on time"
            value={percent(data.kept.rate)}
            detail={data.kept.total ? `${data.kept.kept} of ${data.kept.total} with a due date` : 'Nothing due yet'}
            testId="rate-kept"
          />
          <Rate
            label="Answered within 36 h · 30 days"
            value={percent(data.answered30.rate)}
            detail={data.answered30.total ? `${data.answered30.answeredInTime} of ${data.answered30.total} ${data.answered30.total === 1 ? 'request' : 'requests'}` : 'No requests yet'}
            testId="rate-answered-30"
          />
          <Rate
            label="Answered within 36 h · 90 days"
            value={percent(data.answered90.rate)}
            detail={data.answered90.total ? `${data.answered90.answeredInTime} of ${data.answered90.total} ${data.answered90.total === 1 ? 'request' : 'requests'}` : 'No requests yet'}
            testId="rate-answered-90"
          />
        </div>

        {nothingAtAll ? (
          <EmptyState icon="followups" title="Nothing to follow up yet">
            <p>Add the people you know, log your calls, and note what you promise. Kith then keeps the list for you.</p>
          </EmptyState>
        ) : null}

        <Section
          title="Waiting for your answer"
          count={data.waiting.length}
          empty="No one is waiting for you. When someone asks you something, log it (R) and answer within 36 hours."
          testId="waiting"
        >
          {data.waiting.map((item) => (
            <li key={item.request.id} className="followup" data-testid="request" data-state={item.status.state}>
              <span className={`badge badge-${item.status.state}`}>{requestLabel(item.status)}</span>
              <div className="followup-text">
                <span>{item.request.summary}</span>
                <span className="muted">
                  <PersonName person={item.person} onOpen={onOpenPerson} /> · {CHANNEL_NAMES[item.request.channel]} ·{' '}
                  {agoText(item.request.receivedAt, now)}
                </span>
              </div>
              <button type="button" className="button" onClick={() => answer(item)}>
                <Icon name="check" size={16} />
                Answered
              </button>
            </li>
          ))}
        </Section>

        <Section
          title="What I owe"
          count={data.iOwe.length}
          empty="No open promises. When you say “I’ll send you…”, add it (C) — or confirm it when Kith finds it in a note."
          testId="i-owe"
        >
          {data.iOwe.map((item) => (
            <CommitmentRow key={item.commitment.id} item={item} onDone={done} onOpenPerson={onOpenPerson} />
          ))}
        </Section>

        <Section title="What I am owed" count={data.owedToMe.length} empty="Nothing owed to you right now." testId="owed-to-me">
          {data.owedToMe.map((item) => (
            <CommitmentRow key={item.commitment.id} item={item} onDone={done} onOpenPerson={onOpenPerson} />
          ))}
        </Section>

        <Section
          title="Say hello"
          count={hellos?.length ?? 0}
          empty={
            hellosError
              ? `Kith could not work out who is due a hello: ${hellosError}`
              : hellos === undefined
                ? 'Working out who is due a hello…'
                : 'Everyone is in touch. People appear here when it has been longer than their keep-in-touch cadence.'
          }
          testId="hellos"
        >
          {(hellos ?? []).map((item) => (
            <li key={item.person.id} className="followup" data-testid="hello">
              <Avatar id={item.person.id} name={item.person.name} size={28} />
              <div className="followup-text">
                <PersonName person={item.person} onOpen={onOpenPerson} />
                <span className="muted">
                  {item.lastAt ? `Last in touch ${agoText(item.lastAt, now)}` : 'Nothing logged yet'} · every {item.cadenceDays} days
                  {item.overdueDays > 0 ? ` · ${item.overdueDays} ${item.overdueDays === 1 ? 'day' : 'days'} late` : ''}
                </span>
              </div>
              <span className="followup-actions">
                <select
                  aria-label={`Snooze ${item.person.name}`}
                  className="snooze"
                  value=""
                  disabled={hellosComputing}
                  onChange={(event) => snooze(item, Number(event.target.value))}
                >
                  <option value="" disabled>
                    Snooze…
                  </option>
                  <option value="7">A week</option>
                  <option value="30">A month</option>
                  <option value="90">Three months</option>
                </select>
                {/* Someone just greeted stays listed until the readers answer again: the buttons wait for that. */}
                <button type="button" className="button" disabled={hellosComputing} onClick={() => hello(item)}>
                  Said hello
                </button>
              </span>
            </li>
          ))}
        </Section>
      </div>

      {toast ? (
        <UndoToast
          onUndo={() => {
            toast.undo();
            setToast(null);
          }}
        >
          {toast.text}
        </UndoToast>
      ) : null}
    </section>
  );
}

function Rate({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="rate card" data-testid={testId}>
      <span className="rate-value">{value}</span>
      <span className="rate-label">{label}</span>
      <span className="muted">{detail}</span>
    </div>
  );
}

function Section({ title, count, empty, testId, children }: { title: string; count: number; empty: string; testId: string; children: React.ReactNode[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? children : children.slice(0, SHOWN);
  return (
    <section className="card followup-section" aria-label={title} data-testid={testId}>
      <h2 className="card-title">
        {title} {count ? <span className="count">{count}</span> : null}
      </h2>
      {count === 0 ? <p className="muted">{empty}</p> : <ul className="followup-list">{shown}</ul>}
      {children.length > SHOWN && !all ? (
        <button type="button" className="button button-quiet" onClick={() => setAll(true)}>
          Show all {children.length}
        </button>
      ) : null}
    </section>
  );
}

function PersonName({ person, onOpen }: { person: Person; onOpen(id: string): void }) {
  return (
    <button type="button" className="link-button" onClick={() => onOpen(person.id)}>
      {person.name}
    </button>
  );
}

function CommitmentRow({ item, onDone, onOpenPerson }: { item: FollowUp; onDone(item: FollowUp): void; onOpenPerson(id: string): void }) {
  const { commitment, person, status } = item;
  return (
    <li className="followup" data-testid="commitment" data-state={status.state}>
      <DoneBox done={false} what={commitment.what} onToggle={() => onDone(item)} />
      <div className="followup-text">
        <span>
          {commitment.direction === 'theirs' ? `${firstName(person.name)} will ` : ''}
          {commitment.what}
        </span>
        <span className="muted">
          {commitment.direction === 'mine' ? 'For ' : 'From '}
          <PersonName person={person} onOpen={onOpenPerson} />
        </span>
      </div>
      <span className={`badge badge-${status.state}`}>{dueLabel(commitment.due, status)}</span>
    </li>
  );
}
