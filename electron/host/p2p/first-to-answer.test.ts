import { describe, expect, it } from 'vitest';
import { firstToAnswer } from './first-to-answer';
import { nodeTimers } from '../reminders';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An attempt that answers (or fails) when the test says, and records its signal. */
function controllable() {
  const calls: { target: string; signal: AbortSignal; answer(value: string): void; fail(message: string): void; at: number }[] = [];
  const started = Date.now();
  const attempt = (target: string, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error(`aborted ${target}`)));
      calls.push({ target, signal, answer: resolve, fail: (message) => reject(new Error(message)), at: Date.now() - started });
    });
  return { calls, attempt };
}

const options = (discarded: string[] = []) => ({ staggerMs: 40, timeoutMs: 1_000, timers: nodeTimers, discard: (value: string) => discarded.push(value) });

describe('firstToAnswer', () => {
  it('uses the first target when it answers before the next is due, and starts no other', async () => {
    const { calls, attempt } = controllable();
    const result = firstToAnswer(['a', 'b', 'c'], attempt, options());
    calls[0]!.answer('link a');
    await expect(result).resolves.toBe('link a');
    await sleep(100);
    expect(calls.map((call) => call.target)).toEqual(['a']);
  });

  it('starts the next target after the stagger, and aborts the others when one wins', async () => {
    const { calls, attempt } = controllable();
    const result = firstToAnswer(['a', 'b', 'c'], attempt, options());
    await sleep(60);
    expect(calls.map((call) => call.target)).toEqual(['a', 'b']);
    expect(calls[1]!.at).toBeGreaterThanOrEqual(35);
    calls[1]!.answer('link b');
    await expect(result).resolves.toBe('link b');
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    await sleep(100);
    expect(calls).toHaveLength(2);
  });

  it('moves on at once when a target fails', async () => {
    const { calls, attempt } = controllable();
    const result = firstToAnswer(['a', 'b'], attempt, options());
    calls[0]!.fail('refused');
    await sleep(5);
    expect(calls.map((call) => call.target)).toEqual(['a', 'b']);
    expect(calls[1]!.at).toBeLessThan(35);
    calls[1]!.answer('link b');
    await expect(result).resolves.toBe('link b');
  });

  it('rejects with the last error when every target fails, and on no targets', async () => {
    const { calls, attempt } = controllable();
    const result = firstToAnswer(['a', 'b'], attempt, options());
    calls[0]!.fail('refused a');
    await sleep(5);
    calls[1]!.fail('refused b');
    await expect(result).rejects.toThrow('refused b');
    await expect(firstToAnswer([], attempt, options())).rejects.toThrow(/nowhere/);
  });

  it('aborts an attempt that takes longer than the timeout', async () => {
    const { calls, attempt } = controllable();
    const result = firstToAnswer(['a'], attempt, { ...options(), timeoutMs: 30 });
    await expect(result).rejects.toThrow('aborted a');
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('hands a result that arrives after the winner to discard', async () => {
    const discarded: string[] = [];
    const calls: ((value: string) => void)[] = [];
    // An attempt that ignores its signal, as a handshake already under way may.
    const stubborn = (_target: string) => new Promise<string>((resolve) => calls.push(resolve));
    const result = firstToAnswer(['a', 'b'], stubborn, options(discarded));
    await sleep(60);
    calls[1]!('link b');
    await expect(result).resolves.toBe('link b');
    calls[0]!('link a');
    await sleep(5);
    expect(discarded).toEqual(['link a']);
  });
});
