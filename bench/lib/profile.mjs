/**
 * A CPU profile of a page (Chrome DevTools Protocol) around one action,
 * summarised by function: self time and total (inclusive) time. Function
 * names are only useful on an unminified build (see bench/README.md,
 * "Profiling the map").
 */
import { writeFile } from 'node:fs/promises';

export async function startProfile(page, { intervalUs = 1000 } = {}) {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  return {
    /** Stops, writes the raw profile to `path` (open it in DevTools' Performance panel), resolves to the summary lines. */
    async stop(path, top = 15) {
      const { profile } = await session.send('Profiler.stop');
      await session.detach().catch(() => {});
      if (path) await writeFile(path, JSON.stringify(profile));
      return summariseProfile(profile, top);
    },
  };
}

/**
 * Self and total time per function (name file:line), the top `top` of each,
 * as lines. With `leaveOut`, samples taken inside the function of that name
 * (a profiler starting up, say) are counted apart and left out.
 */
export function summariseProfile(profile, top = 15, { leaveOut } = {}) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
    return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
  };
  const inside = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === leaveOut) return true;
    return false;
  };
  const self = new Map();
  const total = new Map();
  let all = 0;
  let leftOut = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (leaveOut && inside(id)) return void (leftOut += ms);
    all += ms;
    const node = byId.get(id);
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at));
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  const rank = (map) =>
    [...map]
      .filter(([key]) => !/^\((root|program|idle|garbage collector)\)/.test(key) || key.startsWith('(garbage'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, ms]) => `${ms.toFixed(0).padStart(7)} ms  ${key}`);
  const heading = leaveOut ? `profiled ${all.toFixed(0)} ms (and ${leftOut.toFixed(0)} ms in ${leaveOut}, left out)` : `profiled ${all.toFixed(0)} ms`;
  return [heading, 'self time:', ...rank(self), 'total time:', ...rank(total)];
}

/**
 * The longest stretch of the profile with no idle sample — the longest task,
 * near enough (two tasks with no idle time between them count as one) — as a
 * profile of its own, for summariseProfile, with its length in ms.
 */
export function longestBusyStretch(profile) {
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let ms = 0;
  profile.samples.forEach((id, index) => {
    if (idle.has(id)) {
      from = index + 1;
      ms = 0;
      return;
    }
    ms += (profile.timeDeltas[index] ?? 0) / 1000;
    if (ms > best.ms) best = { from, to: index + 1, ms };
  });
  return {
    ms: best.ms,
    profile: { ...profile, samples: profile.samples.slice(best.from, best.to), timeDeltas: profile.timeDeltas.slice(best.from, best.to) },
  };
}
