import type { LegendEntry } from '../../../../shared/analytics/graph';
import type { ColourBy } from './MapToolbar';

/** What the colours mean: organisations (largest first), or a word on circles. */
export function MapLegend({ colourBy, legend }: { colourBy: ColourBy; legend: LegendEntry[] }) {
  if (colourBy === 'community') {
    return (
      <p className="legend legend-note">
        Colours are circles: people more linked to each other than to the rest. A double ring marks a broker who bridges
        circles.
      </p>
    );
  }
  if (legend.length === 0) return null;
  return (
    <ul className="legend" aria-label="Organisations">
      {legend.map((entry) => (
        <li key={entry.org}>
          <span className="swatch" style={{ background: entry.color }} />
          {entry.org || 'No organisation'} <span className="muted">{entry.count}</span>
        </li>
      ))}
    </ul>
  );
}
