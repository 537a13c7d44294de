import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FieldError } from './FieldError';

interface ChipsFieldProps {
  label: string;
  values: string[];
  /** Values already used elsewhere, most used first. */
  suggestions?: string[];
  placeholder?: string;
  /** Saves the whole list; returns an error message (and saves nothing) when it is invalid. */
  onCommit(values: string[]): string | null;
  testId?: string;
  /** How a saved value shows in its chip (a link, say); the text itself by default. */
  renderValue?(value: string): ReactNode;
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .trim();

const MAX_SUGGESTIONS = 6;

/**
 * A list field as chips. Type and press Enter (or comma) to add, Backspace
 * on an empty box to remove the last one, ↑/↓ and Enter to take a
 * suggestion. An invalid entry stays in the box with the reason beside it.
 */
export function ChipsField({ label, values, suggestions = [], placeholder, onCommit, testId, renderValue }: ChipsFieldProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  const matches = useMemo(() => {
    const needle = fold(draft);
    const taken = new Set(values.map(fold));
    return suggestions
      .filter((value) => !taken.has(fold(value)) && (!needle || fold(value).includes(needle)))
      .slice(0, MAX_SUGGESTIONS);
  }, [draft, suggestions, values]);

  const commit = (next: string[]) => {
    const problem = onCommit(next);
    setError(problem);
    return problem === null;
  };

  const add = (text: string) => {
    const value = text.trim();
    if (!value) return;
    if (values.some((existing) => fold(existing) === fold(value))) {
      setDraft('');
      return;
    }
    if (commit([...values, value])) {
      setDraft('');
      setActive(-1);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const showing = open && matches.length > 0;
    if (event.key === 'ArrowDown' && showing) {
      event.preventDefault();
      setActive((index) => (index + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && showing) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? matches.length - 1 : index - 1));
    } else if (event.key === 'Enter' || (event.key === ',' && draft.trim())) {
      event.preventDefault();
      add(showing && active >= 0 ? matches[active]! : draft);
    } else if (event.key === 'Backspace' && draft === '' && values.length > 0) {
      commit(values.slice(0, -1));
    } else if (event.key === 'Escape') {
      if (open && draft) event.stopPropagation();
      setDraft('');
      setError(null);
      setOpen(false);
    }
  };

  return (
    <div className="field" data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <div className="chips" onClick={() => inputRef.current?.focus()}>
        {values.map((value, index) => (
          <span className="chip" key={`${value}-${index}`}>
            {renderValue ? renderValue(value) : value}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${value}`}
              onClick={(event) => {
                event.stopPropagation();
                commit(values.filter((_, at) => at !== index));
              }}
            >
              ×
            </button>
          </span>
        ))}
        <input
          ref={inputRef}
          id={id}
          value={draft}
          placeholder={values.length ? '' : placeholder}
          role="combobox"
          aria-expanded={open && matches.length > 0}
          aria-controls={`${id}-list`}
          aria-activedescendant={active >= 0 ? `${id}-option-${active}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setActive(-1);
            setOpen(true);
            if (error) setError(null);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            if (draft.trim()) add(draft);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {open && matches.length > 0 ? (
        <ul className="suggestions" role="listbox" id={`${id}-list`}>
          {matches.map((value, index) => (
            <li
              key={value}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                add(value);
              }}
            >
              {value}
            </li>
          ))}
        </ul>
      ) : null}
      <FieldError message={error} id={`${id}-error`} />
    </div>
  );
}
