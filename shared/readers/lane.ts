/**
 * The order in which the readers worker takes what the window sent.
 *
 * The worker is one thread, and at 30,000 people one view can take seconds
 * (the search index, duplicates, communities). Messages are taken one per
 * task, so what arrived during a long step is all in hand before the next
 * choice: the map's queries go first (a map waits for nothing the other
 * views are computing), then the other queries in the order asked, then
 * the warm-up, one view per step.
 *
 * Consistency (messages.ts) holds: a change from the window reaches the
 * replica only after every query asked before it is answered, so each
 * answer is still computed on the document the window had when it asked.
 */
import type { Readers } from './readers';
import type { Query, ToReaders } from './messages';

const FIRST: ReadonlySet<Query['kind']> = new Set(['mapOverview', 'mapPeople']);

type Asked = Extract<ToReaders, { type: 'query' }>;

export class ReadersLane {
  private readonly asked: Asked[] = [];
  private warming: (() => void)[] | null = null;
  private scheduled = false;

  /** `later(run)`: run it in a task of its own, after the messages already queued (setTimeout 0 in a Worker). */
  constructor(
    private readonly readers: Readers,
    private readonly later: (run: () => void) => void,
  ) {}

  receive(message: ToReaders): void {
    // Before the window's step2 the readers hold queries themselves, in order, and answer them once it is in (an early one once the stored copy is).
    if (message.type === 'query' && this.readers.canAnswer(message)) {
      this.asked.push(message);
      this.wake();
      return;
    }
    if (message.type === 'sync') this.answerAll();
    this.readers.receive(message);
    if (this.readers.synced && this.warming === null) {
      this.warming = this.readers.warmSteps();
      this.wake();
    }
  }

  /** Queries taken and not yet answered (tests). */
  get waiting(): number {
    return this.asked.length;
  }

  /** One step: the first query by priority, else one view of the warm-up. */
  step(): void {
    const next = this.takeNext();
    if (next) this.readers.receive(next);
    else this.warming?.shift()?.();
  }

  private takeNext(): Asked | undefined {
    const index = this.asked.findIndex((message) => FIRST.has(message.query.kind));
    return this.asked.splice(index === -1 ? 0 : index, 1)[0];
  }

  private answerAll(): void {
    while (this.asked.length) this.readers.receive(this.takeNext()!);
  }

  private wake(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.later(() => {
      this.scheduled = false;
      this.step();
      if (this.asked.length || this.warming?.length) this.wake();
    });
  }
}
