import type cytoscape from 'cytoscape';

/**
 * Colours read from the page's CSS variables, so the map follows the light and dark themes.
 *
 * Cost matters here: cytoscape applies every property of every matching
 * rule to every element, one by one, before its first frame (with 5,000
 * people and 15,000 links that was most of the map's opening time). So the
 * base rules hold only what shows at any zoom — a node's size and colour, a
 * link's width and colour; everything else is a cytoscape default or sits
 * behind a class:
 * - `detail`: the white ring and the initials, and the dashes of an
 *   "introduced" link, which only show once zoomed in far enough to see
 *   them (MapView adds the class then, and from the start on a small
 *   network);
 * - `named`: the full name under the node (hover, selection, close zoom),
 *   cut with an ellipsis so a long name does not run across the map.
 *
 * Mappings sit behind selectors that require their data (`node[size]`,
 * `edge[strength]`): edgehandles' ghost node and preview edge and the path's
 * spokes carry none, and cytoscape warns about (and mis-sizes) an element a
 * mapping has no value for. A rule that sets `width` for links says `edge`:
 * on a node `width` would squash it into an ellipsis.
 */
export interface MapColours {
  text: string;
  accent: string;
  surface: string;
  /** Links: readable against `surface` on both themes (styles.css, `--map-link`). */
  link: string;
  /** The dark theme: faded people are darkened toward its background rather than lightened. */
  dark: boolean;
}

/** The longest a name label runs (model px) before it ends in an ellipsis. */
export const NAME_MAX_WIDTH = 130;

export function mapStyle(colors: MapColours): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node[size]',
      style: {
        width: 'data(size)',
        height: 'data(size)',
      },
    },
    {
      selector: 'node',
      style: {
        // No background image, said as an empty list rather than the default 'none': with 'none',
        // cytoscape 3.34 flips each node's "backgrounding" state when it first draws it and emits a
        // style event, which made it throw away and redraw the whole cached picture in the next frame.
        'background-image': [],
      },
    },
    { selector: 'node[orgColor]', style: { 'background-color': 'data(orgColor)' } },
    {
      selector: 'node.detail',
      style: {
        'border-width': 2,
        'border-color': colors.surface,
        label: 'data(initials)',
        color: '#ffffff',
        'font-size': 'mapData(size, 20, 70, 8, 20)',
        'font-weight': 600,
        'text-valign': 'center',
        'min-zoomed-font-size': 7,
      },
    },
    {
      selector: 'node.named',
      style: {
        label: 'data(name)',
        color: colors.text,
        'font-size': 11,
        'font-weight': 500,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-background-color': colors.surface,
        'text-background-opacity': 0.8,
        'text-background-padding': '2px',
        'text-wrap': 'ellipsis',
        'text-max-width': `${NAME_MAX_WIDTH}px`,
        'min-zoomed-font-size': 8,
      },
    },
    // A large network's groups (group-elements.ts): a see-through disc where its people will be, so
    // the links between groups show across it; the name and head count in the middle.
    {
      selector: 'node.group',
      style: {
        label: 'data(label)',
        'font-size': 'data(fontSize)',
        'font-weight': 600,
        color: colors.text,
        'text-valign': 'center',
        'text-wrap': 'wrap',
        'text-outline-color': colors.surface,
        'text-outline-width': 'mapData(fontSize, 24, 400, 2, 20)',
        'background-opacity': 0.45,
        'border-width': 'mapData(size, 100, 8000, 4, 40)',
        'border-color': 'data(orgColor)',
        'min-zoomed-font-size': 7,
      },
    },
    // A disc too small for its name at this zoom (group-elements.ts, groupLabelFit): the name at a
    // readable size on screen, wrapped to the disc's place in its row; or, with no room even for that,
    // only while hovered or focused, drawn above the discs around it.
    {
      selector: 'node.group.label-small, node.group.label-none.hover-named',
      style: {
        'font-size': 'data(labelFont)',
        'text-max-width': 'data(labelWidth)',
        'text-outline-width': 'data(labelOutline)',
        'line-height': 1.1,
      },
    },
    { selector: 'node.group.label-none', style: { label: '' } },
    { selector: 'node.group.label-none.hover-named', style: { label: 'data(label)', 'z-index': 10 } },
    { selector: 'edge.group-link', style: { width: 'data(width)', opacity: 0.45 } },
    { selector: 'node[tier = "me"]', style: { 'background-color': colors.accent, 'border-width': 3, 'border-color': colors.surface } },
    { selector: 'node:selected', style: { 'border-color': colors.accent, 'border-width': 4 } },
    // Faded toward the background, but opaque: a see-through node shows the links that end at its centre.
    { selector: 'node.dormant', style: { 'background-blacken': colors.dark ? 0.55 : -0.55 } },
    {
      // Haystack lines are cytoscape's default curve style (the cheapest to draw).
      selector: 'edge',
      style: { 'line-color': colors.link },
    },
    { selector: 'edge[strength]', style: { width: 'mapData(strength, 1, 5, 1, 4)' } },
    // Dashes are lost at overview zoom anyway; MapView marks links with `detail` once zoomed in.
    { selector: 'edge.detail[kind = "introduced"]', style: { 'line-style': 'dashed', 'curve-style': 'straight' } },
    { selector: 'edge:selected', style: { 'line-color': colors.accent, width: 5 } },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: '.filtered-out', style: { display: 'none' } },
    { selector: 'node.by-community', style: { 'background-color': 'data(communityColor)' } },
    { selector: 'node.broker', style: { 'border-style': 'double', 'border-width': 6, 'border-color': colors.text } },
    { selector: 'edge.path-spoke', style: { 'curve-style': 'straight', 'line-style': 'dotted' } },
    { selector: 'node.on-path', style: { 'border-color': colors.accent, 'border-width': 4 } },
    { selector: 'edge.on-path', style: { 'line-color': colors.accent, width: 5 } },
    { selector: '.search-hit', style: { 'border-color': '#f5b700', 'border-width': 5 } },
    {
      selector: '.eh-preview, .eh-ghost-edge',
      style: { 'line-color': colors.accent, 'line-style': 'dashed', width: 3, 'curve-style': 'straight' },
    },
    { selector: '.eh-ghost-edge.eh-preview-active', style: { opacity: 0 } },
    { selector: '.eh-source, .eh-target', style: { 'border-color': colors.accent, 'border-width': 4 } },
    // The keyboard's focus (useMapKeyboard): a ring in the text colour, apart from selection's accent border.
    { selector: 'node.kb-focus', style: { 'outline-width': 3, 'outline-color': colors.text, 'outline-offset': 3, 'outline-opacity': 1 } },
    {
      selector: 'edge.kb-focus',
      style: { 'curve-style': 'straight', 'underlay-color': colors.text, 'underlay-opacity': 0.45, 'underlay-padding': 4 },
    },
  ];
}
