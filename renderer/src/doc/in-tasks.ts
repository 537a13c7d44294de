/**
 * Runs a generator's steps a task at a time: steps until `budgetMs` is
 * spent, then the rest in a later task, so that the event loop (input,
 * drawing, the host's messages) runs in between. The first task's steps run
 * at once, inside the call: work that fits in one task is done when it
 * returns. When it took more than one task, `done` runs in a task of its
 * own, so that what it starts (drawing the result) is not added to the last
 * step's task.
 */
export interface InTasks<P, R> {
  budgetMs: number;
  /** After each task but the last, with what the generator last yielded. */
  onProgress?(progress: P): void;
  done(result: R): void;
}

interface PostTask {
  postTask(run: () => void, options: { priority: 'user-blocking' }): Promise<void>;
}

/**
 * A later task, ahead of the messages queued meanwhile where the browser
 * can (Chromium's scheduler.postTask): what is read is what the window is
 * waiting to show, and the sync handshakes that start beside it can wait.
 */
function later(run: () => void): void {
  const scheduler = (globalThis as { scheduler?: PostTask }).scheduler;
  if (scheduler) void scheduler.postTask(run, { priority: 'user-blocking' });
  else setTimeout(run, 0);
}

/** Starts the steps; the returned function stops them (`done` is then never called). */
export function runInTasks<P, R>(steps: Generator<P, R, void>, options: InTasks<P, R>): () => void {
  let stopped = false;
  let first = true;
  const finish = (result: R) => {
    if (!stopped) options.done(result);
  };
  const task = () => {
    if (stopped) return;
    const until = performance.now() + options.budgetMs;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        if (first) return finish(step.value);
        return later(() => finish(step.value));
      }
      if (performance.now() >= until) {
        options.onProgress?.(step.value);
        break;
      }
    }
    first = false;
    later(task);
  };
  task();
  return () => {
    stopped = true;
  };
}
