/**
 * Reaching one device that may answer at several addresses (its LAN
 * addresses, or this machine when both run here): try them in order, each
 * next one `staggerMs` after the previous started (at once when it failed),
 * and keep the first that answers. The others are aborted the moment one
 * wins, so the device never sees a second connection from this one linger
 * beside the first — an attempt that completes anyway is handed to
 * `discard`.
 */
import type { Timers } from '../reminders';

export interface FirstToAnswerOptions<T> {
  /** How long after one attempt the next starts if the first has not failed yet. */
  staggerMs: number;
  /** How long one attempt may take before it is aborted. */
  timeoutMs: number;
  timers: Timers;
  /** Receives a result that arrived after another attempt had won. */
  discard(value: T): void;
}

export function firstToAnswer<K, T>(
  targets: readonly K[],
  attempt: (target: K, signal: AbortSignal) => Promise<T>,
  options: FirstToAnswerOptions<T>,
): Promise<T> {
  const { timers } = options;
  return new Promise<T>((resolve, reject) => {
    if (targets.length === 0) return reject(new Error('There is nowhere to try'));
    const controllers: AbortController[] = [];
    let started = 0;
    let failed = 0;
    let settled = false;
    let lastError: unknown = null;
    let stagger: unknown = null;

    const stopStagger = () => {
      if (stagger !== null) timers.clearTimeout(stagger);
      stagger = null;
    };
    const startNext = () => {
      stopStagger();
      if (settled || started >= targets.length) return;
      const index = started++;
      const controller = new AbortController();
      controllers.push(controller);
      const timeout = timers.setTimeout(() => controller.abort(), options.timeoutMs);
      if (started < targets.length) stagger = timers.setTimeout(startNext, options.staggerMs);
      let running: Promise<T>;
      try {
        running = attempt(targets[index]!, controller.signal);
      } catch (error) {
        running = Promise.reject(error);
      }
      running.then(
        (value) => {
          timers.clearTimeout(timeout);
          if (settled) return options.discard(value);
          settled = true;
          stopStagger();
          for (const other of controllers) if (other !== controller) other.abort();
          resolve(value);
        },
        (error: unknown) => {
          timers.clearTimeout(timeout);
          if (settled) return;
          lastError = error;
          if (++failed === targets.length) {
            settled = true;
            reject(lastError instanceof Error ? lastError : new Error(String(lastError)));
          } else {
            startNext();
          }
        },
      );
    };
    startNext();
  });
}

/**
 * `promise`, or a rejection after `ms`. A value that arrives after the
 * timeout (a link, say) is handed to `onLate`, so it is not left open.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers, onLate: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = timers.setTimeout(() => {
      late = true;
      reject(new Error('timed out'));
    }, ms);
    promise.then(
      (value) => {
        timers.clearTimeout(timer);
        if (late) onLate(value);
        else resolve(value);
      },
      (error: unknown) => {
        timers.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
