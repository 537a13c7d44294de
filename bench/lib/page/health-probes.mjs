/** Page functions for bench/lib/health-ui.mjs (run with page.evaluate / waitForFunction). */

/** Starts recording the page's long tasks; returns the page's clock. */
export function recordLongTasks() {
  window.__kithLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__kithLongTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask' });
  return performance.now();
}

/** The page's clock once the report's first metric is on screen, else null. */
export function reportShown() {
  return document.querySelector('[data-testid="metric-activeTies"]') ? performance.now() : null;
}

/** The long tasks recorded, and the health client's User Timing entries. */
export function healthTimeline() {
  return {
    tasks: window.__kithLongTasks,
    entries: performance
      .getEntries()
      .filter((entry) => entry.name.startsWith('kith:health'))
      .map((entry) => ({ name: entry.name, start: entry.startTime, duration: entry.duration })),
  };
}
