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
        return void setTimeout(() => finish(step.value), 0);
      }
      if (performance.now() >= until) {
        options.onProgress?.(step.value);
        break;
      }
    }
    first = false;
    setTimeout(task, 0);
  };
  task();
  return () => {
    stopped = true;
  };
}
