import type { SearchResult } from '../../../shared/search/people-search';
import { Avatar } from '../ui/Avatar';
import { Highlighted } from '../ui/Highlighted';

const HOOK_LABELS = { interests: 'Into', schools: 'Studied at', hometown: 'From' } as const;

interface SearchResultsProps {
  results: SearchResult[];
  selectedId: string | null;
  onSelect(id: string): void;
}

/** Search results, each saying why it matched and what personal hooks the person has. */
export function SearchResults({ results, selectedId, onSelect }: SearchResultsProps) {
  return (
    // A group, not a list: the rows are the options of the People listbox around it.
    <ul className="results" role="group" aria-label="Search results">
      {results.map(({ person, matches, hooks }) => (
        <li
          key={person.id}
          id={`row-${person.id}`}
          role="option"
          aria-selected={person.id === selectedId}
          className="result"
          data-testid="search-result"
          onClick={() => onSelect(person.id)}
        >
          <Avatar id={person.id} name={person.name} />
          <div className="row-text">
            <span className="row-name">{person.name}</span>
            <span className="row-sub">{[person.role, person.org].filter(Boolean).join(' · ')}</span>
            {matches
              .filter((match) => match.field !== 'name')
              .slice(0, 2)
              .map((match) => (
                <span className="why" key={`${match.field}-${match.noteId ?? ''}`} data-testid="why">
                  <span className="why-field">{match.fieldLabel}</span>{' '}
                  <Highlighted text={match.snippet} ranges={match.ranges} />
                </span>
              ))}
            {hooks.length > 0 ? (
              <span className="hooks">
                {hooks.slice(0, 3).map((hook) => (
                  <span className="hook" key={`${hook.field}-${hook.value}`}>
                    {HOOK_LABELS[hook.field]} {hook.value}
                  </span>
                ))}
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
