/**
 * Injected into the app's page as the baseline: how long plain
 * `Y.applyUpdate` of the same bytes takes in the same page. This is its own
 * copy of yjs (Yjs may warn that it was imported twice; only this copy
 * touches the baseline doc, so the warning does not matter here).
 */
import * as Y from 'yjs';

function decodeBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

window.__kithBench = {
  /** Decodes the update (untimed), then times applying it to a fresh doc. */
  applyUpdateMs(base64) {
    const update = decodeBase64(base64);
    const doc = new Y.Doc();
    const start = performance.now();
    Y.applyUpdate(doc, update);
    const ms = performance.now() - start;
    doc.destroy();
    return ms;
  },
  /** Applies the update to a fresh doc (untimed), then times encoding its whole state: what y-indexeddb's own compaction does on the UI thread. */
  encodeStateMs(base64) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decodeBase64(base64));
    const start = performance.now();
    Y.encodeStateAsUpdate(doc);
    const ms = performance.now() - start;
    doc.destroy();
    return ms;
  },
  /** Applies the update to a fresh doc and keeps it (the memory rows' baseline: a page that holds the document). */
  holdDoc(base64) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, decodeBase64(base64));
    window.__kithBenchHeld = doc;
    return doc.getMap('contacts').size;
  },
};
