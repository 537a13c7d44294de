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
 * - `named`: the full name under the node (hover, selection, close zoom).
 */
export function mapStyle(colors: { text: string; muted: string; accent: string; surface: string; border: string }): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 'data(size)',
        height: 'data(size)',
        'background-color': 'data(orgColor)',
        // No background image, said as an empty list rather than the default 'none': with 'none',
        // cytoscape 3.34 flips each node's "backgrounding" state when it first draws it and emits a
        // style event, which made it throw away and redraw the whole cached picture in the next frame.
        'background-image': [],
      },
    },
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
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'node[tier = "me"]', style: { 'background-color': colors.accent, 'border-width': 3, 'border-color': colors.surface } },
    { selector: 'node:selected', style: { 'border-color': colors.accent, 'border-width': 4 } },
    { selector: 'node.dormant', style: { 'background-opacity': 0.45 } },
    {
      // Haystack lines are cytoscape's default curve style (the cheapest to draw).
      selector: 'edge',
      style: {
        width: 'mapData(strength, 1, 5, 1, 4)',
        'line-color': colors.border,
      },
    },
    // Dashes are lost at overview zoom anyway; MapView marks links with `detail` once zoomed in.
    { selector: 'edge.detail[kind = "introduced"]', style: { 'line-style': 'dashed', 'curve-style': 'straight' } },
    { selector: 'edge:selected', style: { 'line-color': colors.accent, width: 5 } },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: '.filtered-out', style: { display: 'none' } },
    { selector: 'node.by-community', style: { 'background-color': 'data(communityColor)' } },
    { selector: 'node.broker', style: { 'border-style': 'double', 'border-width': 6, 'border-color': colors.text } },
    { selector: 'edge.path-spoke', style: { 'curve-style': 'straight', 'line-style': 'dotted' } },
    { selector: '.on-path', style: { 'line-color': colors.accent, 'border-color': colors.accent, 'border-width': 4, width: 5 } },
    { selector: '.search-hit', style: { 'border-color': '#f5b700', 'border-width': 5 } },
    {
      selector: '.eh-preview, .eh-ghost-edge',
      style: { 'line-color': colors.accent, 'line-style': 'dashed', width: 3, 'curve-style': 'straight' },
    },
    { selector: '.eh-ghost-edge.eh-preview-active', style: { opacity: 0 } },
    { selector: '.eh-source, .eh-target', style: { 'border-color': colors.accent, 'border-width': 4 } },
  ];
}
