/**
 * Functions that Playwright serialises and runs inside a page
 * (`page.evaluate(fn, arg)`, `page.waitForFunction(fn, arg)`). Each one
 * stands alone: no imports, no closures over Node-side values.
 */

/** performance.now() once the People view shows `expected` people and at least one row, else false. */
export function listReady(expected) {
  const count = document.querySelector('[data-testid="people-count"]');
  if (!count || Number((count.textContent ?? '').replace(/\D/g, '')) !== expected) return false;
  if (!document.querySelector('[data-testid="person-row"]')) return false;
  return performance.now();
}

/** Like listReady, once the list is the document's own, not the one kept from the last start (the kept list's banner is gone). */
export function documentListReady(expected) {
  if (document.querySelector('[data-testid="kept-people-banner"]')) return false;
  const count = document.querySelector('[data-testid="people-count"]');
  if (!count || Number((count.textContent ?? '').replace(/\D/g, '')) !== expected) return false;
  if (!document.querySelector('[data-testid="person-row"]')) return false;
  return performance.now();
}

/** How many people the window has kept for its next start (renderer/src/doc/people-cache.ts); 0 when none. */
export async function keptPeopleCount() {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('kith.kept-people');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('heads')) return 0;
    const heads = await new Promise((resolve, reject) => {
      const request = db.transaction('heads').objectStore('heads').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return heads[0]?.count ?? 0;
  } finally {
    db.close();
  }
}

/**
 * Adds a base64-encoded Yjs update as one record to y-indexeddb 9's store:
 * database `name` (version 1; object stores `updates`, autoIncrement, and
 * `custom`), created when missing. Resolves to the number of records.
 */
export async function addYIndexedDbUpdate({ name, base64 }) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('updates', { autoIncrement: true });
      request.result.createObjectStore('custom');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(['updates'], 'readwrite');
      const store = transaction.objectStore('updates');
      store.add(bytes);
      const count = store.count();
      transaction.oncomplete = () => resolve(count.result);
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** Resolves when the main thread has been idle once (or after `timeout` ms). */
export function idleOnce(timeout) {
  return new Promise((resolve) => requestIdleCallback(() => resolve(), { timeout }));
}

/** Times Y.applyUpdate with the copy of yjs that apply-update.mjs put on the page. */
export function applyUpdateMs(base64) {
  return window.__kithBench.applyUpdateMs(base64);
}

/** Times Y.encodeStateAsUpdate of a doc holding the update, with apply-update.mjs's yjs. */
export function encodeStateMs(base64) {
  return window.__kithBench.encodeStateMs(base64);
}

/** True once the Notes list shows rows. */
export function noteRowsShown() {
  return Boolean(document.querySelector('[data-testid="note-row"]'));
}

/** True once a note page's editor is shown. */
export function noteEditorShown() {
  return Boolean(document.querySelector('[data-testid="note-page"] [role="textbox"][aria-label="Note text"]'));
}

/** How many updates y-indexeddb's `updates` store of `name` holds. */
export function storedUpdateCount(name) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const count = db.transaction('updates', 'readonly').objectStore('updates').count();
      count.onsuccess = () => resolve(count.result);
      count.onerror = () => reject(count.error);
      db.close();
    };
  });
}

/** An init script: every long task (> 50 ms on the main thread) of the page, kept in window.__kithLongTasks. */
export function recordLongTasks() {
  window.__kithLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__kithLongTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The long tasks that started in [from, to) of the page's clock, longest first. */
export function longTasksBetween({ from, to }) {
  return window.__kithLongTasks.filter((task) => task.start >= from && task.start < to).sort((a, b) => b.duration - a.duration);
}

/** The page's JS heap in use (Chromium's performance.memory), or null. */
export function usedHeapBytes() {
  return performance.memory?.usedJSHeapSize ?? null;
}

/** True once People's list shows search results and is no longer waiting for an answer. */
export function searchResultsShown() {
  const list = document.querySelector('[role="listbox"][aria-label="People"]');
  return Boolean(list && list.getAttribute('aria-busy') !== 'true' && list.querySelector('[data-testid="search-result"]'));
}

/** Applies the update with apply-update.mjs's yjs and keeps the doc on the page; resolves to its number of people. */
export function holdDoc(base64) {
  return window.__kithBench.holdDoc(base64);
}
