import type cytoscape from 'cytoscape';

/** Colours read from the page's CSS variables, so the map follows the light and dark themes. */
export function mapStyle(colors: { text: string; muted: string; accent: string; surface: string; border: string }): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 'data(size)',
        height: 'data(size)',
        'background-color': 'data(orgColor)',
        'border-width': 2,
        'border-color': colors.surface,
        label: 'data(initials)',
        color: '#ffffff',
        'font-size': 'mapData(size, 20, 70, 8, 20)',
        'font-weight': 600,
        'text-valign': 'center',
        'text-halign': 'center',
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
    { selector: 'node[tier = "me"]', style: { 'background-color': colors.accent, 'border-width': 3 } },
    { selector: 'node:selected', style: { 'border-color': colors.accent, 'border-width': 4 } },
    { selector: 'node.dormant', style: { 'background-opacity': 0.45 } },
    {
      selector: 'edge',
      style: {
        width: 'mapData(strength, 1, 5, 1, 4)',
        'line-color': colors.border,
        'curve-style': 'haystack',
        opacity: 0.9,
      },
    },
    { selector: 'edge[kind = "introduced"]', style: { 'line-style': 'dashed', 'curve-style': 'straight' } },
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
