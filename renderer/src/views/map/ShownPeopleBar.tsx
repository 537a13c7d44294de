/**
 * People another view sent to the map (an Insights bar, a circle): the map
 * shows only them until the user asks for everyone again.
 */

export interface ShownPeople {
  /** What they are, for the bar: "Acme", "Engineering outside your organisation". */
  label: string;
  personIds: readonly string[];
}

export function ShownPeopleBar({ shown, onClear }: { shown: ShownPeople; onClear(): void }) {
  const count = shown.personIds.length;
  return (
    <div className="map-shown" role="status" data-testid="map-shown">
      <span>
        Showing {count} {count === 1 ? 'person' : 'people'}: <strong>{shown.label}</strong>
      </span>
      <button type="button" className="button" onClick={onClear}>
        Show everyone
      </button>
    </div>
  );
}
