import { useId, useMemo, useState } from 'react';
import type { Person } from '../../../shared/doc/people';
import { FieldError } from './FieldError';

interface PersonPickerProps {
  label: string;
  people: Person[];
  value: string;
  /** People who may not be picked (the person themself). */
  exclude?: string;
  onCommit(personId: string): string | null;
  testId?: string;
  placeholder?: string;
}

const MAX_OPTIONS = 8;

/** Picks one person by typing part of their name; ↑/↓ and Enter, or a click. */
export function PersonPicker({ label, people, value, exclude, onCommit, testId, placeholder = 'Type a name' }: PersonPickerProps) {
  const id = useId();
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // No scan while nothing is chosen: the map renders this on every settled view, with 30,000 people.
  const chosen = value ? people.find((person) => person.id === value) : undefined;

  const options = useMemo(() => {
    if (query === null) return [];
    const needle = query.toLocaleLowerCase().trim();
    return people
      .filter((person) => person.id !== exclude && person.name.toLocaleLowerCase().includes(needle))
      .slice(0, MAX_OPTIONS);
  }, [people, query, exclude]);

  const pick = (personId: string) => {
    const problem = onCommit(personId);
    setError(problem);
    if (!problem) setQuery(null);
  };

  return (
    <div className="field picker" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <div className="picker-row">
        <input
          id={id}
          role="combobox"
          aria-expanded={options.length > 0}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={options[active] ? `${id}-option-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          placeholder={placeholder}
          value={query ?? chosen?.name ?? ''}
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onBlur={() => setQuery(null)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && options.length) {
              event.preventDefault();
              setActive((index) => (index + 1) % options.length);
            } else if (event.key === 'ArrowUp' && options.length) {
              event.preventDefault();
              setActive((index) => (index <= 0 ? options.length - 1 : index - 1));
            } else if (event.key === 'Enter' && options[active]) {
              event.preventDefault();
              pick(options[active].id);
            } else if (event.key === 'Escape') {
              setQuery(null);
            }
          }}
        />
        {chosen ? (
          <button type="button" className="button button-quiet" onClick={() => pick('')} aria-label={`Clear ${label}`}>
            Clear
          </button>
        ) : null}
      </div>
      {options.length > 0 ? (
        <ul className="suggestions" role="listbox" id={`${id}-list`}>
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                pick(person.id);
              }}
            >
              {person.name}
              {person.org ? <span className="muted"> · {person.org}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <FieldError message={error} id={`${id}-error`} />
    </div>
  );
}
