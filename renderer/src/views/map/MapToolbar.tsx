import { TIERS, type Tier } from '../../../../shared/doc/people';
import { TIER_LABELS } from '../ProfileFields';
import type { MapFilters } from './decorate';
import type { Arrangement } from './useMapLayout';

export type ColourBy = 'org' | 'community';

interface MapToolbarProps {
  /** A large network's map (drawn by groups): arranged by its groups, so there is no other arrangement to pick. */
  grouped?: boolean;
  arrangement: Arrangement;
  onArrange(next: Arrangement): void;
  colourBy: ColourBy;
  onColourBy(next: ColourBy): void;
  filters: MapFilters;
  onFilters(next: MapFilters): void;
  /** The organisations and tags people on the map have, sorted. */
  options: { orgs: string[]; tags: string[] };
  find: string;
  onFind(text: string): void;
  /** Enter in the find box: focus the match on the map. */
  onFindEnter(): void;
}

/** How the map is arranged and coloured, whom it shows, and whom to find on it. */
export function MapToolbar({
  grouped = false,
  arrangement,
  onArrange,
  colourBy,
  onColourBy,
  filters,
  onFilters,
  options,
  find,
  onFind,
  onFindEnter,
}: MapToolbarProps) {
  return (
    <div className="map-toolbar" aria-label="Map view">
      {grouped ? null : (
        <div className="segmented" role="group" aria-label="Arrangement">
          <button type="button" aria-pressed={arrangement === 'free'} onClick={() => onArrange('free')}>
            Free
          </button>
          <button type="button" aria-pressed={arrangement === 'ego'} onClick={() => onArrange('ego')}>
            Me at the centre
          </button>
        </div>
      )}
      <div className="segmented" role="group" aria-label="Colour by">
        <button type="button" aria-pressed={colourBy === 'org'} onClick={() => onColourBy('org')}>
          Organisations
        </button>
        <button type="button" aria-pressed={colourBy === 'community'} onClick={() => onColourBy('community')}>
          Circles
        </button>
      </div>
      <select aria-label="Organisation filter" value={filters.org ?? ''} onChange={(event) => onFilters({ ...filters, org: event.target.value || undefined })}>
        <option value="">Any organisation</option>
        {options.orgs.map((org) => (
          <option key={org}>{org}</option>
        ))}
      </select>
      <select aria-label="Tag filter" value={filters.tag ?? ''} onChange={(event) => onFilters({ ...filters, tag: event.target.value || undefined })}>
        <option value="">Any tag</option>
        {options.tags.map((tag) => (
          <option key={tag}>{tag}</option>
        ))}
      </select>
      <select
        aria-label="Closeness filter"
        value={filters.tier ?? ''}
        onChange={(event) => onFilters({ ...filters, tier: (event.target.value || undefined) as Tier | undefined })}
      >
        <option value="">Any closeness</option>
        {TIERS.map((tier) => (
          <option key={tier} value={tier}>
            {TIER_LABELS[tier]}
          </option>
        ))}
      </select>
      <label className="check" title="Only people due a hello, as Follow-ups lists them">
        <input type="checkbox" checked={Boolean(filters.dormantOnly)} onChange={(event) => onFilters({ ...filters, dormantOnly: event.target.checked })} />
        Going quiet
      </label>
      <input
        className="map-find"
        type="search"
        aria-label="Find on the map"
        placeholder="Find on the map"
        value={find}
        onChange={(event) => onFind(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            onFindEnter();
          }
        }}
      />
    </div>
  );
}
