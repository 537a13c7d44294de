/**
 * Page functions for the map benches (serialised by page.evaluate; each
 * stands alone). They find the map as the app exposes it for automation:
 * the element `[data-testid="map"]` with the cytoscape instance as `cy`.
 */

/**
 * Arms the first-render watch before the switch to the Map: a capturing
 * keydown listener notes the time of Ctrl+2 (before the app's own listener
 * runs), and an animation-frame loop waits for the map's cy to hold
 * `nodes` nodes and `edges` edges, then for two more frames (cytoscape
 * draws in its own animation frame). The result lands in
 * `window.__kithMapReady` (a promise of times relative to the key press).
 */
export function armMapWatch({ nodes, edges }) {
  let pressedAt = null;
  const onKey = (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === '2' && pressedAt === null) pressedAt = performance.now();
  };
  window.addEventListener('keydown', onKey, { capture: true });
  window.__kithMapReady = new Promise((resolve) => {
    let cyAt = null;
    const poll = () => {
      const cy = document.querySelector('[data-testid="map"]')?.cy;
      if (cy && pressedAt !== null && cyAt === null) cyAt = performance.now();
      if (cy && pressedAt !== null && cy.nodes().length === nodes && cy.edges().length === edges) {
        const elementsAt = performance.now();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            window.removeEventListener('keydown', onKey, { capture: true });
            const now = performance.now();
            resolve({ ms: now - pressedAt, cyMs: cyAt - pressedAt, elementsMs: elementsAt - pressedAt, zoom: cy.zoom() });
          }),
        );
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  return true;
}

export function mapReady() {
  return window.__kithMapReady;
}

/** The map container's client rectangle. */
export function mapRect() {
  const rect = document.querySelector('[data-testid="map"]').getBoundingClientRect();
  return { left: rect.left, top: rect.top, width: rect.width, height: rect.height };
}

/**
 * A client point on the map's background (no node or edge and no overlay under it), on
 * the left of the canvas for a drag to the right (`side` = 'left') or on
 * the right for a drag to the left; null when there is none.
 */
export function emptyMapPoint(side) {
  const element = document.querySelector('[data-testid="map"]');
  const cy = element.cy;
  const rect = element.getBoundingClientRect();
  const renderer = cy.renderer();
  const pan = cy.pan();
  const zoom = cy.zoom();
  const xs = side === 'left' ? [0.02, 0.05, 0.08, 0.12, 0.16, 0.2] : [0.98, 0.95, 0.92, 0.88, 0.84, 0.8];
  for (const fx of xs) {
    for (const fy of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9]) {
      const x = rect.width * fx;
      const y = rect.height * fy;
      // Overlays (the legend, controls) must not be under it either.
      if (!element.contains(document.elementFromPoint(rect.left + x, rect.top + y))) continue;
      const hit = renderer.findNearestElement((x - pan.x) / zoom, (y - pan.y) / zoom, true, false);
      if (!hit) return { x: rect.left + x, y: rect.top + y };
    }
  }
  return null;
}

/** Starts recording animation-frame times (`requestAnimationFrame`'s timestamps). */
export function startFrames() {
  const recorder = { times: [], running: true };
  const tick = (time) => {
    if (!recorder.running) return;
    recorder.times.push(time);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__kithFrames = recorder;
  return true;
}

/** Stops the recorder; resolves to the frame times (ms between consecutive frames). */
export function stopFrames() {
  const recorder = window.__kithFrames;
  recorder.running = false;
  const deltas = [];
  for (let i = 1; i < recorder.times.length; i++) deltas.push(recorder.times[i] - recorder.times[i - 1]);
  return deltas;
}

/** The current zoom (to check that both maps saw the same gesture). */
export function mapZoom() {
  return document.querySelector('[data-testid="map"]').cy.zoom();
}

/**
 * map-30000: notes the time of Ctrl+2, then resolves once the map's cy holds `nodes` nodes and `edges` edges, two frames on. */
export function armOverviewWatch({ nodes, edges }) {
  let pressedAt = null;
  const onKey = (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === '2' && pressedAt === null) pressedAt = performance.now();
  };
  window.addEventListener('keydown', onKey, { capture: true });
  window.__kithMapReady = new Promise((resolve) => {
    const poll = () => {
      const cy = document.querySelector('[data-testid="map"]')?.cy;
      if (cy && pressedAt !== null && cy.nodes().length === nodes && cy.edges().length === edges) {
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            window.removeEventListener('keydown', onKey, { capture: true });
            resolve({ ms: performance.now() - pressedAt, pressedAt, zoom: cy.zoom() });
          }),
        );
        return;
      }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  });
  return true;
}

/** map-30000: sets the view to `zoom` centred on model point `at`; resolves once the app has drawn people there (or at once for the bare map). */
export async function zoomTo({ zoom, at, waitForPeople }) {
  const cy = document.querySelector('[data-testid="map"]').cy;
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * at.x, y: cy.height() / 2 - zoom * at.y } });
  if (!waitForPeople) return { nodes: cy.nodes().length };
  const started = performance.now();
  await new Promise((resolve) => {
    const poll = () => (cy.nodes('[tier != "me"][^members]').length > 0 ? resolve() : requestAnimationFrame(poll));
    poll();
  });
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { nodes: cy.nodes().length, edges: cy.edges().length, ms: performance.now() - started };
}
