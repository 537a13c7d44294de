export interface Position {
  x: number;
  y: number;
}

/** Lay out `nodes`; those in `fixed` stay where they are. */
export interface LayoutRequest {
  id: number;
  /** Node ids with their diameters, so the layout keeps them apart. */
  nodes: [id: string, size: number][];
  edges: [string, string][];
  fixed: Record<string, Position>;
  /** The node everyone else is loosely tied to (me), so the picture is one connected whole. */
  hub: string;
  /** A group key (organisation) per node, for placing newcomers who have no placed link. */
  groups?: Record<string, string>;
}

/** Positions of the nodes that were not fixed. */
export interface LayoutResult {
  id: number;
  positions: Record<string, Position>;
}
