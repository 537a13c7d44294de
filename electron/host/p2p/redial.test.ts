import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { GIVE_UP_AFTER, MAX_RETRY_MS, Redialer } from './redial';
import type { Link } from './lan';
import type { Timers } from '../reminders';

/** Timers a test moves by hand. */
function manualTimers() {
  let now = 0;
  const pending = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (run, ms) => {
      pending.set(next, { at: now + ms, run });
      return next++;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    setInterval: () => 0,
    clearInterval: () => undefined,
  };
  return {
    timers,
    /** Runs the next timer; returns how long after the previous one it was due. */
    async step(): Promise<number> {
      const [id, timer] = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0]!;
      pending.delete(id);
      const waited = timer.at - now;
      now = timer.at;
      timer.run();
      await new Promise((resolve) => setImmediate(resolve));
      return waited;
    },
    get pending() {
      return pending.size;
    },
  };
}

function fakeLink(key: number): Link & { stream: EventEmitter & { destroy(): void } } {
  const stream = Object.assign(new EventEmitter(), { destroy: () => stream.emit('close') });
  return { stream, remotePublicKey: new Uint8Array(32).fill(key), initiator: true, transport: 'lan', address: null } as never;
}

describe('redialling known addresses', () => {
  it('backs off exponentially with jitter up to a minute, and gives up on an address that is not a device of the network', async () => {
    const clock = manualTimers();
    let dials = 0;
    const redialer = new Redialer({
      dial: async () => {
        dials++;
        throw new Error('refused');
      },
      onLink: () => undefined,
      isOnline: () => false,
      timers: clock.timers,
      random: () => 1,
    });
    redialer.want('10.0.0.2', 4000);
    const waits: number[] = [];
    while (clock.pending) waits.push(await clock.step());
    expect(dials).toBe(GIVE_UP_AFTER);
    expect(waits).toEqual([0, 1000, 2000, 4000, 8000]);
  });

  it('keeps trying the address of a paired device, never waiting more than a minute', async () => {
    const clock = manualTimers();
    const redialer = new Redialer({
      dial: async () => {
        throw new Error('down');
      },
      onLink: () => undefined,
      isOnline: () => false,
      timers: clock.timers,
      random: () => 1,
    });
    redialer.want('10.0.0.2', 4000, { keep: true });
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push(await clock.step());
    expect(Math.max(...waits)).toBe(MAX_RETRY_MS);
    expect(clock.pending).toBe(1);
    redialer.close();
    expect(clock.pending).toBe(0);
  });

  it('does not dial a device that is online, and dials again when it goes offline', async () => {
    const clock = manualTimers();
    let online = false;
    const links: ReturnType<typeof fakeLink>[] = [];
    const redialer = new Redialer({
      dial: async () => {
        const link = fakeLink(7);
        links.push(link);
        return link;
      },
      onLink: () => {
        online = true;
      },
      isOnline: () => online,
      timers: clock.timers,
      random: () => 0.5,
    });
    redialer.want('10.0.0.2', 4000);
    await clock.step();
    expect(links).toHaveLength(1);
    // mDNS sees it again while it is online: nothing to do.
    redialer.want('10.0.0.2', 4000);
    redialer.kick('07'.repeat(32));
    expect(clock.pending).toBe(0);
    online = false;
    links[0]!.stream.destroy();
    expect(await clock.step()).toBe(750);
    expect(links).toHaveLength(2);
  });
});
