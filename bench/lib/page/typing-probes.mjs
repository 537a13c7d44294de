/**
 * Page functions for the note-typing bench (serialised by Playwright; each
 * stands alone: no imports, no closures over Node-side values).
 *
 * `installTypingProbe` goes in as an init script (`context.addInitScript`),
 * so it runs before the app's own code: harness-only instrumentation, the
 * app is unchanged. While armed it records, per key:
 * - the keydown (a capturing listener on window, the first to see it):
 *   `event.timeStamp` (when the browser received the key) and
 *   `performance.now()` in the listener;
 * - every write into an IndexedDB object store called `updates` that
 *   follows it (y-indexeddb calls `add` on that store from the Y.Doc's
 *   'update' handler, so the call's time is when the update left the
 *   Y.Doc), and when that write's readwrite transaction fires `complete`
 *   (the update is stored).
 * A write belongs to the last keydown before it. The key's own update is
 * its first write (the editor writes the Y.Doc synchronously as it handles
 * the key); later ones (the note's edited time after a pause, a sync) are
 * counted but do not extend the key's time.
 */

export function installTypingProbe() {
  if (window.__kithTyping) return;
  const state = { armed: false, keys: [], waiters: [] };
  const settled = (key) => key.updates.length > 0 && key.updates[0].storedAt !== null;
  const notify = () => {
    state.waiters = state.waiters.filter((waiter) => {
      const key = state.keys[waiter.index];
      if (!key || !settled(key)) return true;
      clearTimeout(waiter.timer);
      waiter.resolve(true);
      return false;
    });
  };
  window.addEventListener(
    'keydown',
    (event) => {
      if (!state.armed) return;
      state.keys.push({ key: event.key, stamp: event.timeStamp, at: performance.now(), updates: [] });
    },
    { capture: true },
  );
  for (const name of ['add', 'put']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (...args) {
      const request = original.apply(this, args);
      const key = state.keys[state.keys.length - 1];
      if (state.armed && key && this.name === 'updates') {
        const update = { at: performance.now(), storedAt: null, bytes: args[0]?.byteLength ?? 0 };
        key.updates.push(update);
        this.transaction.addEventListener('complete', () => {
          update.storedAt = performance.now();
          notify();
        });
      }
      return request;
    };
  }
  window.__kithTyping = {
    arm() {
      state.keys.length = 0;
      state.armed = true;
    },
    disarm() {
      state.armed = false;
      return state.keys;
    },
    /** Resolves true once key `index` has had a keydown and its first write is stored; false after `timeout` ms. */
    stored(index, timeout) {
      const key = state.keys[index];
      if (key && settled(key)) return Promise.resolve(true);
      return new Promise((resolve) => {
        const waiter = { index, resolve, timer: 0 };
        waiter.timer = setTimeout(() => {
          state.waiters = state.waiters.filter((other) => other !== waiter);
          resolve(false);
        }, timeout);
        state.waiters.push(waiter);
      });
    },
  };
}

export function armTyping() {
  window.__kithTyping.arm();
  return true;
}

/** Stops recording; resolves to every key with its writes (times from the page's clock). */
export function disarmTyping() {
  return window.__kithTyping.disarm();
}

/** See installTypingProbe: true once key `index`'s update is stored, false after `timeout` ms. */
export function keyStored({ index, timeout }) {
  return window.__kithTyping.stored(index, timeout);
}

/** The rows of the Notes list are shown and the first one's preview starts with `start`. */
export function firstNoteRowIs(start) {
  const row = document.querySelector('[data-testid="note-row"]');
  return Boolean(row && (row.querySelector('.row-preview')?.textContent ?? '').startsWith(start));
}

/** The note page's editor holds `paragraphs` paragraphs. */
export function noteEditorReady(paragraphs) {
  const editor = document.querySelector('[data-testid="note-page"] [role="textbox"][aria-label="Note text"]');
  return Boolean(editor && editor.querySelectorAll(':scope > p').length === paragraphs);
}

/**
 * Puts the caret at the end of paragraph `index` of the note's editor (DOM
 * selection, which ProseMirror reads on selectionchange), scrolled to the
 * middle of its pane. Resolves to the paragraph's text length.
 */
export async function caretAtParagraphEnd(index) {
  const editor = document.querySelector('[data-testid="note-page"] [role="textbox"][aria-label="Note text"]');
  const paragraph = editor.querySelectorAll(':scope > p')[index];
  paragraph.scrollIntoView({ block: 'center' });
  editor.focus();
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) last = walker.currentNode;
  getSelection().collapse(last, last.length);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return paragraph.textContent.length;
}

/** The text of paragraph `index` of the note's editor. */
export function paragraphText(index) {
  const editor = document.querySelector('[data-testid="note-page"] [role="textbox"][aria-label="Note text"]');
  return editor.querySelectorAll(':scope > p')[index]?.textContent ?? '';
}
