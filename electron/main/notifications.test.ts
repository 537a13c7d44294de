import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReminderPayload } from '../../shared/host/contract';
import { createPerson } from '../../shared/doc/people';
import { createRequest } from '../../shared/doc/requests';
import { LOCAL_UI } from '../../shared/doc/origins';
import { startHost } from '../host/host';

// The real package cannot load here (no Electron binary): a Notification that records what it shows.
const electron = vi.hoisted(() => {
  class Notification {
    static supported = true;
    static shown: Notification[] = [];
    static isSupported() {
      return Notification.supported;
    }
    private readonly listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    constructor(readonly options: { title: string; body: string }) {}
    on(event: string, listener: (...args: unknown[]) => void) {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
    show() {
      Notification.shown.push(this);
    }
  }
  return { Notification };
});
vi.mock('electron', () => electron);

const { MAX_NOTIFICATIONS_AT_ONCE, desktopNotifier, notificationLink } = await import('./notifications');
const { DeepLinkRouter } = await import('./deep-links');
const { Notification } = electron;

const reminder = (n: number): ReminderPayload => ({
  key: `request:${n}:amber`,
  kind: 'request',
  title: `Person ${n} is waiting for an answer`,
  body: `Ask ${n}`,
  personIds: [`person:${n}`],
});

beforeEach(() => {
  Notification.shown = [];
  Notification.supported = true;
});

describe('desktopNotifier', () => {
  it('shows each reminder as a desktop notification', () => {
    const notify = desktopNotifier({ onClick: vi.fn() });
    notify([reminder(1), reminder(2)]);
    expect(Notification.shown.map((shown) => shown.options)).toEqual([
      { title: 'Person 1 is waiting for an answer', body: 'Ask 1' },
      { title: 'Person 2 is waiting for an answer', body: 'Ask 2' },
    ]);
  });

  it('opens the person a clicked notification is about', () => {
    const onClick = vi.fn();
    desktopNotifier({ onClick })([reminder(1), { ...reminder(2), kind: 'hellos', personIds: [] }]);
    Notification.shown[0]?.emit('click', {});
    expect(onClick).toHaveBeenLastCalledWith('person:1');
    Notification.shown[1]?.emit('click', {});
    expect(onClick).toHaveBeenLastCalledWith(null);
  });

  it('does not flood: past a few at once, the rest are one summary', () => {
    const onClick = vi.fn();
    desktopNotifier({ onClick })([1, 2, 3, 4, 5, 6].map(reminder));
    expect(Notification.shown).toHaveLength(MAX_NOTIFICATIONS_AT_ONCE);
    const summary = Notification.shown.at(-1)!;
    expect(summary.options.title).toBe(`${6 - (MAX_NOTIFICATIONS_AT_ONCE - 1)} more reminders`);
    expect(summary.options.body).toContain('Person 6 is waiting for an answer');
    summary.emit('click', {});
    expect(onClick).toHaveBeenCalledWith(null);
  });

  it('shows nothing where the system has no notifications', () => {
    Notification.supported = false;
    desktopNotifier({ onClick: vi.fn() })([reminder(1)]);
    expect(Notification.shown).toEqual([]);
  });
});

describe('notificationLink', () => {
  it('opens the person through their deep link, which the router sends to a ready window or keeps', () => {
    expect(notificationLink('person:k3v9x0q2m7c1a8zt')).toBe('kith://person/k3v9x0q2m7c1a8zt');
    const sent: unknown[] = [];
    const router = new DeepLinkRouter({ send: (link) => (sent.push(link), true) });
    expect(router.handle(notificationLink('person:k3v9x0q2m7c1a8zt'))).toBe('kept');
    expect(router.take()).toEqual({ kind: 'person', id: 'person:k3v9x0q2m7c1a8zt' });
    expect(router.handle(notificationLink('person:abc'))).toBe('shown');
    expect(sent).toEqual([{ kind: 'person', id: 'person:abc' }]);
  });

  it('opens no person for a summary, nor for an id that cannot be a link', () => {
    expect(notificationLink(null)).toBeNull();
    expect(notificationLink('person:Not An Id')).toBeNull();
  });
});

describe('the host’s reminders, shown by main', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kith-notify-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('appear on the desktop with no window open, once, and a click opens the person', async () => {
    const onClick = vi.fn();
    const host = await startHost({ dataDir, mode: 'electron', version: 'test', notifier: desktopNotifier({ onClick }) });
    try {
      const ada = createPerson(host.doc, { name: 'Ada' }, LOCAL_UI);
      const receivedAt = new Date(Date.now() - 40 * 3600 * 1000).toISOString();
      createRequest(host.doc, { contactId: ada, channel: 'call', summary: 'A reference', receivedAt }, LOCAL_UI);
      await host.reminders.check();
      await host.reminders.check();
      expect(Notification.shown.map((shown) => shown.options)).toEqual([
        { title: 'Ada has waited more than 36 hours', body: 'A reference — answer now, or say when you will' },
      ]);
      Notification.shown[0]?.emit('click', {});
      expect(onClick).toHaveBeenCalledWith(ada);
      expect(notificationLink(ada)).toBe(`kith://person/${ada.slice('person:'.length)}`);
    } finally {
      await host.close();
    }
  });
});
