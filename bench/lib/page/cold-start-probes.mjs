/**
 * Page functions of the cold-start bench (cases/cold-start-5000.mjs), for
 * `page.evaluate` / `page.waitForFunction`; each stands alone.
 */

/**
 * Runs in the page: records, on its own clock, the first frame with the
 * list drawn, then each keydown, and the first frame after an "s" in which
 * search shows results for it. Resolves false when the list was already
 * drawn (the bench attached too late to time it).
 */
export function watchInteractive(expected) {
  const probe = { listAt: null, keyAt: null, echoAt: null, resultsAt: null };
  window.__kithColdStart = probe;
  const listDrawn = () => {
    const count = document.querySelector('[data-testid="people-count"]');
    return Boolean(count && Number((count.textContent ?? '').replace(/\D/g, '')) === expected && document.querySelector('[data-testid="person-row"]'));
  };
  if (listDrawn()) return false;
  addEventListener('keydown', (event) => { if (event.key === 's') probe.keyAt = event.timeStamp; }, true);
  const frame = () => {
    const now = performance.now();
    if (probe.listAt === null && listDrawn()) probe.listAt = now;
    if (probe.keyAt !== null) {
      const input = document.querySelector('input[aria-label="Search people"]');
      const list = document.querySelector('[role="listbox"][aria-label="People"]');
      const typed = input?.value === 's';
      if (probe.echoAt === null && typed && list) probe.echoAt = now;
      if (typed && list && list.getAttribute('aria-busy') !== 'true' && list.querySelector('[data-testid="search-result"]')) {
        probe.resultsAt = now;
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return true;
}

/** The page's timeOrigin once its document is at `prefix` (not the blank one before the navigation commits), else null. */
export function timeOriginAt(prefix) {
  return location.href.startsWith(prefix) ? performance.timeOrigin : null;
}

/** True once watchInteractive has recorded `key` (listAt, resultsAt). */
export function coldStartReached(key) {
  return window.__kithColdStart?.[key] != null;
}

/** What watchInteractive recorded, on the page's clock. */
export function coldStartTimes() {
  return window.__kithColdStart;
}

/** The start of the page's paint entry `name` (first-paint, first-contentful-paint) on its clock, else false. */
export function paintAt(name) {
  return performance.getEntriesByName(name)[0]?.startTime ?? false;
}
