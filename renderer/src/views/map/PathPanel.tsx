import type { MapEdge } from '../../../../shared/analytics/graph';
import { ME_NODE } from '../../../../shared/doc/layout';
import { LINK_KIND_LABELS } from './LinkFields';

interface PathPanelProps {
  path: string[] | null;
  target: string;
  edges: MapEdge[];
  nameOf(id: string): string;
  onClose(): void;
}

/** The best chain of introductions from me to someone, through the strongest ties. */
export function PathPanel({ path, target, edges, nameOf, onClose }: PathPanelProps) {
  const hop = (from: string, to: string) => {
    if (from === ME_NODE) return 'you know them';
    const link = edges.find((edge) => (edge.source === from && edge.target === to) || (edge.source === to && edge.target === from));
    return link ? `${LINK_KIND_LABELS[link.kind].toLowerCase()}, strength ${link.strength}` : '';
  };
  return (
    <aside className="side-panel card" aria-label="Introduction path" data-testid="path-panel">
      <h3>Who can introduce you to {target}</h3>
      {path && path.length > 2 ? (
        <ol className="path-list">
          {path.slice(1).map((id, index) => (
            <li key={id}>
              <strong>{nameOf(id)}</strong> <span className="muted">({hop(path[index]!, id)})</span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">
          No one in your network links to {target} yet. Link the people who know them on the map, and the best chain of
          introductions appears here.
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Clear
        </button>
      </div>
    </aside>
  );
}
