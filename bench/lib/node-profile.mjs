/**
 * A CPU profile of this Node process (the inspector's Profiler) around one
 * action, summarised by function: self time and total (inclusive) time, as
 * lib/profile.mjs does for a page. Bundles from lib/bundle.mjs are not
 * minified, so the names are the source's.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { summariseProfile } from './profile.mjs';

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
      // Samples taken while the profiler was starting (the inspector collecting every compiled function) are left out.
      return summariseProfile(profile, top, { leaveOut: 'startNodeProfile' });
    },
  };
}
