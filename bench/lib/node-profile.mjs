/**
 * A CPU profile of this Node process (the inspector's Profiler) around one
 * action, summarised by function: self time and total (inclusive) time, as
 * lib/profile.mjs does for a page. Bundles from lib/bundle.mjs are not
 * minified, so the names are the source's.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

export async function startNodeProfile({ intervalUs = 500 } = {}) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  return {
    /** Stops, writes the raw profile to `path` (open it in DevTools' Performance panel), resolves to the summary lines. */
    async stop(path, top = 20) {
      const { profile } = await session.post('Profiler.stop');
      await session.post('Profiler.disable');
      session.disconnect();
      if (path) await writeFile(path, JSON.stringify(profile));
      return summariseProfile(profile, top);
    },
  };
}

/**
 * Self and total time per function (name file:line), the top `top` of each,
 * as lines. Samples taken while the profiler was starting (inside
 * startNodeProfile: the inspector collecting every compiled function) are
 * left out.
 */
export function summariseProfile(profile, top = 20) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
    return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
  };
  const self = new Map();
  const total = new Map();
  let all = 0;
  let starting = 0;
  const isStarting = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) if (byId.get(at).callFrame.functionName === 'startNodeProfile') return true;
    return false;
  };
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (isStarting(id)) return void (starting += ms);
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
  return [`profiled ${all.toFixed(0)} ms (and ${starting.toFixed(0)} ms starting the profiler, left out)`, 'self time:', ...rank(self), 'total time:', ...rank(total)];
}
