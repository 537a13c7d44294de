/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which `p` percent of the values lie (nearest rank). */
export function percentile(values, p) {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Runs `measure` `runs` times; each call returns `{ ms, baselineMs }` for one
 * run, so subject and baseline alternate and share whatever noise the
 * machine has at that moment. Resolves to the medians and every sample.
 */
export async function medianOfRuns(runs, measure, log = () => {}) {
  const samples = { ms: [], baselineMs: [] };
  for (let run = 1; run <= runs; run++) {
    const { ms, baselineMs } = await measure(run);
    samples.ms.push(ms);
    samples.baselineMs.push(baselineMs);
    log(`run ${run}/${runs}: ${ms.toFixed(1)} ms, baseline ${baselineMs.toFixed(1)} ms`);
  }
  return { ms: median(samples.ms), baselineMs: median(samples.baselineMs), samples };
}
