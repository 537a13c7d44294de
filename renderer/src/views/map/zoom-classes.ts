/**
 * What the map shows at its current zoom: names (`named`) and rings and
 * initials (`detail`, map-style.ts), on everyone of a small network and on
 * the people in view of a larger one once zoomed in far enough.
 */
import type cytoscape from 'cytoscape';
import type { Position } from './layout-messages';

/** Below this many people every name is shown; above it, names appear on hover, and on people in view once zoomed in. */
const NAMES_ALWAYS_UP_TO = 150;
const NAMES_FROM_ZOOM = 1.4;
/**
 * Rings and initials (the `detail` class, map-style.ts): on everyone of a
 * network this small; on a larger one on the people in view from this zoom
 * on, where the biggest initials become readable (below it they are under
 * cytoscape's min-zoomed-font-size anyway and a 2 px ring is a fraction of
 * a pixel). Leaving them out of the overview saves styling 5,000 people with
 * eight more properties before the first frame; marking only who is in
 * view keeps zooming in from restyling all of them at once (a 2 s freeze).
 * Once marked, people keep the class.
 */
const DETAIL_ALWAYS_UP_TO = 1000;
export const DETAIL_FROM_ZOOM = 0.25;
/** People this far (a share of the view's size) outside the view are marked too, so a short pan shows them ready. */
const VIEW_MARGIN = 0.25;
/** Marking waits until the view has been still this long (ms), so a gesture restyles once, at its end. */
export const MARK_AFTER_MS = 100;

/**
 * What the map shows at its current zoom, per cytoscape instance. Not in
 * cy.scratch(): setting the core's scratch makes cytoscape restyle every
 * element (once per zoom event, that froze wheel zooming for seconds).
 */
interface ZoomState {
  nodeCount: number;
  /** Every person has `detail` (a small network). */
  detailShown: boolean;
  /** Every person has `named` (a small network). */
  namesShown: boolean;
  /** Some people were named for being in view: zooming out must take the names away again. */
  namedInView: boolean;
}
const zoomStates = new WeakMap<cytoscape.Core, ZoomState>();
export function zoomState(cy: cytoscape.Core): ZoomState {
  let state = zoomStates.get(cy);
  if (!state) zoomStates.set(cy, (state = { nodeCount: 0, detailShown: false, namesShown: false, namedInView: false }));
  return state;
}

export type ViewBox = { x1: number; y1: number; x2: number; y2: number };

/** Model coordinates of the view, widened by VIEW_MARGIN on each side. */
export function viewBox(cy: cytoscape.Core): ViewBox {
  const { x1, y1, x2, y2, w, h } = cy.extent();
  return { x1: x1 - w * VIEW_MARGIN, y1: y1 - h * VIEW_MARGIN, x2: x2 + w * VIEW_MARGIN, y2: y2 + h * VIEW_MARGIN };
}

const inBox = (box: ViewBox, { x, y }: Position) => x >= box.x1 && x <= box.x2 && y >= box.y1 && y <= box.y2;

/** The zoom classes a person added at `position` starts with (so they are styled once). */
export function zoomClassesAt(cy: cytoscape.Core, box: ViewBox, position: Position): string {
  const { detailShown, namesShown } = zoomState(cy);
  const zoom = cy.zoom();
  const detail = detailShown || (zoom >= DETAIL_FROM_ZOOM && inBox(box, position));
  const named = namesShown || (zoom >= NAMES_FROM_ZOOM && inBox(box, position));
  return `${detail ? ' detail' : ''}${named ? ' named' : ''}`;
}

/**
 * Names and rings/initials by zoom (NAMES_*, DETAIL_*): on every person of
 * a small network; on a large one, on the people in view once zoomed in far
 * enough, and names off again when zoomed out. Called before each patch and
 * when the view has settled — never per added element, which made opening
 * a map of 5,000 people quadratic. On an empty map it only sets the flags:
 * patchElements gives new people their classes in their definitions.
 */
export function showZoomClasses(cy: cytoscape.Core): void {
  const state = zoomState(cy);
  const everyDetail = state.detailShown || state.nodeCount <= DETAIL_ALWAYS_UP_TO;
  const everyName = state.nodeCount <= NAMES_ALWAYS_UP_TO;
  const detailChanged = everyDetail !== state.detailShown;
  const namesChanged = everyName !== state.namesShown;
  state.detailShown = everyDetail;
  state.namesShown = everyName;
  if (cy.nodes().empty()) return;
  const zoom = cy.zoom();
  const detailInView = !everyDetail && zoom >= DETAIL_FROM_ZOOM;
  const namesInView = !everyName && zoom >= NAMES_FROM_ZOOM;
  const namesGone = !everyName && !namesInView && (namesChanged || state.namedInView);
  if (!detailChanged && !namesChanged && !detailInView && !namesInView && !namesGone) return;
  const box = viewBox(cy);
  const inView = detailInView || namesInView ? cy.nodes().filter((node) => inBox(box, node.position())) : cy.collection();
  const newlyDetailed = detailChanged ? cy.nodes() : detailInView ? inView.not('.detail') : cy.collection();
  const newlyNamed = everyName && namesChanged ? cy.nodes() : namesInView ? inView.not('.named') : cy.collection();
  if (newlyDetailed.empty() && newlyNamed.empty() && !namesGone) return;
  cy.batch(() => {
    newlyDetailed.addClass('detail');
    newlyDetailed.connectedEdges('[kind = "introduced"]').addClass('detail');
    newlyNamed.addClass('named');
    if (namesGone) cy.nodes('.named').not('.hover-named').removeClass('named');
  });
  if (namesInView) state.namedInView = true;
  if (namesGone) state.namedInView = false;
}

/**
 * Calls `run` once the view has been still for MARK_AFTER_MS with no button
 * held: a drag that pauses (a slow hand, a busy machine) restyles and asks
 * for the people in view once, at its release, while cytoscape pans its
 * texture meanwhile. Returns the unsubscribe.
 */
export function onSettledView(cy: cytoscape.Core, run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held = false;
  const settle = () => {
    clearTimeout(timer);
    if (!held) timer = setTimeout(run, MARK_AFTER_MS);
  };
  const hold = () => {
    held = true;
    clearTimeout(timer);
  };
  // tapend follows every tapstart: cytoscape listens for the release on the window.
  const release = () => {
    if (!held) return;
    held = false;
    settle();
  };
  cy.on('viewport', settle);
  cy.on('tapstart', hold);
  cy.on('tapend', release);
  return () => {
    clearTimeout(timer);
    cy.off('viewport', settle);
    cy.off('tapstart', hold);
    cy.off('tapend', release);
  };
}

/** True when a person's name stays up without hovering: a small network, or zoomed in to names. */
export function namesStayUp(cy: cytoscape.Core): boolean {
  return zoomState(cy).namesShown || cy.zoom() >= NAMES_FROM_ZOOM;
}
