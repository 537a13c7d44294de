/**
 * The network health report (shared/analytics/network-health.ts) on a
 * generated network, in plain Node, against one pass over the same links
 * that builds an adjacency list (the least any graph measure must do). Both
 * read the same Y.Doc, alternating run by run.
 */
import { loadNetworkGenerator, loadTypeScript } from './bundle.mjs';
import { medianOfRuns } from './stats.mjs';

/** The generator's "now" is the report's, so the dates mean what they meant when generated. */
const NOW = new Date('2025-06-02T09:00:00.000Z');

/** From/to/strength of every live link into neighbour lists. */
function adjacencyPass(doc) {
  const started = performance.now();
  const neighbours = new Map();
  const add = (a, b, weight) => {
    let list = neighbours.get(a);
    if (!list) neighbours.set(a, (list = []));
    list.push(b, weight);
  };
  doc.getMap('links').forEach((record) => {
    if (record.get('deletedAt')) return;
    const from = record.get('from');
    const to = record.get('to');
    const strength = record.get('strength');
    add(from, to, strength);
    add(to, from, strength);
  });
  if (neighbours.size === 0) throw new Error('no links');
  return performance.now() - started;
}

export async function runNetworkHealth({ people, goalMs, goal }, { runs, log }) {
  const { generateNetwork } = await loadNetworkGenerator();
  const { networkHealth } = await loadTypeScript('shared/analytics/network-health.ts');
  let started = performance.now();
  const doc = generateNetwork({ seed: people, people, linksPerPerson: 3 });
  const generateMs = performance.now() - started;
  let last;
  const cpuMs = [];
  const result = await medianOfRuns(
    runs,
    async () => {
      const baselineMs = adjacencyPass(doc);
      started = performance.now();
      const cpu = process.cpuUsage();
      last = networkHealth(doc, { now: NOW, timeZone: 'UTC' });
      const ms = performance.now() - started;
      const { user, system } = process.cpuUsage(cpu);
      cpuMs.push((user + system) / 1000);
      return { ms, baselineMs };
    },
    log,
  );
  const medianCpu = [...cpuMs].sort((a, b) => a - b)[cpuMs.length >> 1];
  const active = last.metrics.find((metric) => metric.id === 'activeTies').value;
  const details = [
    `generated ${people.toLocaleString('en')} people, ${(people * 3).toLocaleString('en')} links in ${Math.round(generateMs)} ms (untimed)`,
    `report: ${active} active of ${last.ties} ties, ${last.circles.length} circles, ${last.reconnect.length} to reconnect, ${last.actions.length} actions`,
    // On a shared machine the wall clock waits for other work; the process's CPU time (GC threads included) does not.
    `report CPU time (this process, user + system): median ${Math.round(medianCpu)} ms, runs ${cpuMs.map(Math.round).join(', ')} ms`,
  ];
  if (process.env.KITH_BENCH_HEALTH_UI) {
    const { healthUiCheck } = await import('./health-ui.mjs');
    details.push(...(await healthUiCheck(people, log)));
  }
  return { ...result, goal, goalMs, details };
}
