import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createPerson, updatePerson } from '../../shared/doc/people';
import { createRequest } from '../../shared/doc/requests';
import { createCommitment } from '../../shared/doc/commitments';
import { LOCAL_UI } from '../../shared/doc/origins';
import { defaultSettings, type ReminderPayload, type ReminderSettings } from '../../shared/host/contract';
import { CHECK_EVERY_MS, HELLOS_EVERY_MS, SETTLE_MS, SHOWN_FILE, startReminders, type Timers } from './reminders';
import { startHost, type Emit, type Host } from './host';

const HOUR = 3600 * 1000;
const MINUTE = 60 * 1000;

/** Timers and a clock that move only when the test says so. */
class FakeTime implements Timers {
  private nextId = 1;
  private readonly tasks = new Map<number, { at: number; every: number | null; callback: () => void }>();
  constructor(public now: number) {}
  readonly clock = () => new Date(this.now);
  setTimeout(callback: () => void, ms: number) {
    this.tasks.set(this.nextId, { at: this.now + ms, every: null, callback });
    return this.nextId++;
  }
  setInterval(callback: () => void, ms: number) {
    this.tasks.set(this.nextId, { at: this.now + ms, every: ms, callback });
    return this.nextId++;
  }
  clearTimeout(handle: unknown) {
    this.tasks.delete(handle as number);
  }
  clearInterval(handle: unknown) {
    this.tasks.delete(handle as number);
  }
  /** Moves the clock on, running each timer as its time comes, and lets the checks' writes finish. */
  async advance(ms: number) {
    const end = this.now + ms;
    for (;;) {
      const [id, task] = [...this.tasks].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (id === undefined || !task || task.at > end) break;
      this.now = task.at;
      if (task.every === null) this.tasks.delete(id);
      else task.at += task.every;
      // A check decides and delivers synchronously; only its file write is left to wait for.
      task.callback();
    }
    this.now = end;
    await settle();
  }
}

/** Lets pending file writes (real I/O) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

const START = Date.parse('2026-03-10T20:00:00Z');
const RECEIVED = '2026-03-10T00:00:00Z';

const dirs: string[] = [];
const closers: Array<() => Promise<unknown>> = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kith-reminders-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A document with Ada, who asked for something at RECEIVED (20 hours before START: not yet amber). */
function docWithRequest() {
  const doc = new Y.Doc();
  const at = (iso: string) => () => new Date(iso);
  const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI, at('2026-03-09T09:00:00Z'));
  const request = createRequest(doc, { contactId: ada, channel: 'email', summary: 'Intro to a VC', receivedAt: RECEIVED }, LOCAL_UI, at(RECEIVED));
  return { doc, ada, request };
}

async function service(options: {
  doc: Y.Doc;
  dir: string;
  time: FakeTime;
  settings?: () => ReminderSettings;
  canDeliver?: () => boolean;
}) {
  const delivered: ReminderPayload[] = [];
  const report = vi.fn();
  const reminders = await startReminders({
    doc: options.doc,
    dataDir: options.dir,
    settings: options.settings ?? (() => defaultSettings().reminders),
    canDeliver: options.canDeliver ?? (() => true),
    deliver: (batch) => delivered.push(...batch),
    clock: options.time.clock,
    timeZone: () => 'UTC',
    timers: options.time,
    report,
  });
  closers.push(() => reminders.close());
  return { reminders, delivered, report, keys: () => delivered.map((reminder) => reminder.key) };
}

const shownKeys = async (dir: string) =>
  Object.keys((JSON.parse(await readFile(join(dir, SHOWN_FILE), 'utf8')) as { shown: object }).shown);

describe('the reminders service', () => {
  it('delivers a request turning amber, then red, each once', async () => {
    const dir = await dataDir();
    const { doc, ada, request } = docWithRequest();
    const time = new FakeTime(START);
    const { delivered, keys, reminders } = await service({ doc, dir, time });

    await time.advance(3 * HOUR);
    expect(delivered).toEqual([]);
    await time.advance(1 * HOUR + MINUTE); // 24 hours: amber
    expect(keys()).toEqual([`${request}:amber`]);
    expect(delivered[0]).toMatchObject({ kind: 'request', title: 'Ada is waiting for an answer', personIds: [ada] });
    await time.advance(12 * HOUR); // past 36 hours: red
    expect(keys()).toEqual([`${request}:amber`, `${request}:red`]);
    expect(delivered[1]?.title).toBe('Ada has waited more than 36 hours');
    await time.advance(24 * HOUR);
    expect(keys()).toHaveLength(2);
    await reminders.close(); // waits for the file that remembers what was shown
    expect(await shownKeys(dir)).toEqual([`${request}:amber`, `${request}:red`]);
  });

  it('does not repeat a reminder after a restart', async () => {
    const dir = await dataDir();
    const { doc, request } = docWithRequest();
    const time = new FakeTime(START + 5 * HOUR);
    const first = await service({ doc, dir, time });
    await first.reminders.check();
    expect(first.keys()).toEqual([`${request}:amber`]);
    await first.reminders.close();

    const second = await service({ doc, dir, time });
    await time.advance(10 * MINUTE);
    expect(second.delivered).toEqual([]);
    await time.advance(12 * HOUR);
    expect(second.keys()).toEqual([`${request}:red`]);
    expect(second.report).not.toHaveBeenCalled();
  });

  it('delivers no kind that is switched off, and what waited once it is switched on', async () => {
    const dir = await dataDir();
    const { doc, ada, request } = docWithRequest();
    const commitment = createCommitment(doc, { contactId: ada, direction: 'mine', what: 'Send the deck', due: '2026-03-12' }, LOCAL_UI);
    const time = new FakeTime(START + 5 * HOUR);
    let settings: ReminderSettings = { commitments: true, requests: false, hellos: true };
    const { reminders, keys } = await service({ doc, dir, time, settings: () => settings });
    await time.advance(5 * MINUTE);
    expect(keys()).toEqual([`${commitment}:2026-03-12:due-tomorrow`]);

    settings = { ...settings, requests: true };
    reminders.soon();
    await time.advance(SETTLE_MS);
    expect(keys()).toEqual([`${commitment}:2026-03-12:due-tomorrow`, `${request}:amber`]);
  });

  it('holds reminders while nothing can show them, and delivers them when something can', async () => {
    const dir = await dataDir();
    const { doc, request } = docWithRequest();
    const time = new FakeTime(START + 5 * HOUR);
    let windows = 0;
    const { reminders, keys } = await service({ doc, dir, time, canDeliver: () => windows > 0 });
    await time.advance(30 * MINUTE);
    expect(keys()).toEqual([]);
    await expect(readFile(join(dir, SHOWN_FILE))).rejects.toThrow(/ENOENT/);

    windows = 1;
    reminders.soon();
    await time.advance(SETTLE_MS);
    expect(keys()).toEqual([`${request}:amber`]);
  });

  it('looks shortly after the document changes, once for a burst of edits', async () => {
    const dir = await dataDir();
    const doc = new Y.Doc();
    const time = new FakeTime(START);
    const { keys } = await service({ doc, dir, time });
    await time.advance(SETTLE_MS);
    const ada = createPerson(doc, { name: 'Ada' }, LOCAL_UI, time.clock);
    const ids = ['2026-03-09T06:00:00Z', '2026-03-09T07:00:00Z'].map((receivedAt) =>
      createRequest(doc, { contactId: ada, channel: 'call', summary: `Call at ${receivedAt}`, receivedAt }, LOCAL_UI, time.clock),
    );
    await time.advance(SETTLE_MS - 1);
    expect(keys()).toEqual([]);
    await time.advance(1);
    expect(keys().sort()).toEqual(ids.map((id) => `${id}:red`).sort());
  });

  it('delivers the hello queue once a day, working it out at most every few minutes', async () => {
    const dir = await dataDir();
    const doc = new Y.Doc();
    const grace = createPerson(doc, { name: 'Grace', tier: 'acquaintance' }, LOCAL_UI, () => new Date('2026-02-01T09:00:00Z'));
    const time = new FakeTime(START);
    const { keys } = await service({ doc, dir, time });
    await time.advance(SETTLE_MS);
    expect(keys()).toEqual([]);

    // Grace becomes due a hello a minute later; the queue was looked at a minute ago, so it waits its turn.
    await time.advance(MINUTE);
    updatePerson(doc, grace, 'cadenceDays', 14, LOCAL_UI);
    await time.advance(SETTLE_MS);
    expect(keys()).toEqual([]);
    await time.advance(HELLOS_EVERY_MS);
    expect(keys()).toEqual(['hellos:2026-03-10']);

    // 30 hours on it is 02:xx on the 12th: that day's reminder waits for 09:00.
    await time.advance(30 * HOUR);
    expect(keys()).toEqual(['hellos:2026-03-10', 'hellos:2026-03-11']);
    await time.advance(7 * HOUR);
    expect(keys()).toEqual(['hellos:2026-03-10', 'hellos:2026-03-11', 'hellos:2026-03-12']);
  });

  it('delivers each key once even when checks overlap', async () => {
    const dir = await dataDir();
    const { doc } = docWithRequest();
    const time = new FakeTime(START + 5 * HOUR);
    const { reminders, delivered } = await service({ doc, dir, time });
    await Promise.all([reminders.check(), reminders.check(), reminders.check()]);
    expect(delivered).toHaveLength(1);
  });

  it('forgets keys shown more than 60 days ago, and reads a damaged file as nothing shown', async () => {
    const dir = await dataDir();
    const old = new Date(START - 61 * 24 * HOUR).toISOString();
    const recent = new Date(START - 24 * HOUR).toISOString();
    await writeFile(join(dir, SHOWN_FILE), JSON.stringify({ shown: { 'request:old:red': old, 'request:recent:red': recent } }));
    const { doc, request } = docWithRequest();
    const time = new FakeTime(START + 5 * HOUR);
    const { reminders } = await service({ doc, dir, time });
    await reminders.check();
    expect((await shownKeys(dir)).sort()).toEqual(['request:recent:red', `${request}:amber`].sort());

    const damagedDir = await dataDir();
    await writeFile(join(damagedDir, SHOWN_FILE), '{"shown": ');
    const again = await service({ doc, dir: damagedDir, time });
    expect(again.report).toHaveBeenCalledOnce();
    await again.reminders.check();
    expect(again.keys()).toEqual([`${request}:amber`]);
  });

  it('stops looking when closed', async () => {
    const dir = await dataDir();
    const { doc } = docWithRequest();
    const time = new FakeTime(START + 5 * HOUR);
    const { reminders, delivered } = await service({ doc, dir, time });
    await reminders.close();
    await time.advance(CHECK_EVERY_MS * 3);
    await reminders.check();
    expect(delivered).toEqual([]);
  });
});

describe('reminders in the host', () => {
  async function host(dir: string, time: FakeTime, notifier?: (batch: readonly ReminderPayload[]) => void): Promise<Host> {
    const started = await startHost({
      dataDir: dir,
      mode: notifier ? 'electron' : 'browser',
      version: 'test',
      notifier,
      clock: time.clock,
      timers: time,
      timeZone: () => 'UTC',
    });
    closers.push(() => started.close());
    return started;
  }

  function window(target: Host) {
    const events: Array<[string, unknown]> = [];
    const emit: Emit = (event, payload) => {
      if (event !== 'docMessage') events.push([event, payload]);
    };
    return { session: target.openSession(emit), events };
  }

  function addDueRequest(target: Host) {
    const ada = createPerson(target.doc, { name: 'Ada' }, LOCAL_UI, () => new Date('2026-03-09T09:00:00Z'));
    return createRequest(target.doc, { contactId: ada, channel: 'email', summary: 'Intro', receivedAt: RECEIVED }, LOCAL_UI, () => new Date(RECEIVED));
  }

  it('in browser mode, holds reminders until a window connects, then sends them to it once', async () => {
    const time = new FakeTime(START + 5 * HOUR);
    const target = await host(await dataDir(), time);
    const request = addDueRequest(target);
    await time.advance(3 * CHECK_EVERY_MS);

    const first = window(target);
    await time.advance(SETTLE_MS);
    expect(first.events).toEqual([['reminder', expect.objectContaining({ key: `${request}:amber`, kind: 'request' })]]);

    const second = window(target);
    await time.advance(CHECK_EVERY_MS);
    expect(second.events).toEqual([]);
    expect(first.events).toHaveLength(1);
  });

  it('with a notifier (Electron), delivers with no window open, to the notifier', async () => {
    const time = new FakeTime(START + 5 * HOUR);
    const notifier = vi.fn();
    const target = await host(await dataDir(), time, notifier);
    const request = addDueRequest(target);
    await time.advance(SETTLE_MS);
    expect(notifier).toHaveBeenCalledOnce();
    expect(notifier.mock.calls[0]?.[0]).toEqual([expect.objectContaining({ key: `${request}:amber` })]);
  });

  it('keeps settings per device, tells every window when they change, and follows them', async () => {
    const dir = await dataDir();
    const time = new FakeTime(START + 5 * HOUR);
    const target = await host(dir, time);
    const one = window(target);
    const two = window(target);
    expect(await target.handlers.getSettings(one.session)).toEqual(defaultSettings());
    const off = { ...defaultSettings(), reminders: { commitments: true, requests: false, hellos: true } };
    await expect(target.handlers.setSettings(one.session, { reminders: { requests: false } })).resolves.toEqual(off);
    expect(one.events).toEqual([['settingsChanged', off]]);
    expect(two.events).toEqual([['settingsChanged', off]]);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual(off);

    const request = addDueRequest(target);
    await time.advance(2 * CHECK_EVERY_MS);
    expect(two.events).toHaveLength(1);
    await target.handlers.setSettings(two.session, { reminders: { requests: true } });
    await time.advance(SETTLE_MS);
    expect(two.events.at(-1)).toEqual(['reminder', expect.objectContaining({ key: `${request}:amber` })]);
  });
});
