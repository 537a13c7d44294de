/**
 * The keyboard of Kith's list panes (people, notes): the filter box above a
 * list, where ↓ moves into the list and Escape clears it; and the list,
 * where ↑/↓ or k/j move the selection and Enter goes into the row's page.
 */
import type { KeyboardEvent, RefObject } from 'react';
import { Icon } from './icons';

interface FilterBoxProps {
  inputRef: RefObject<HTMLInputElement | null>;
  /** The list ↓ moves into. */
  listRef: RefObject<HTMLElement | null>;
  value: string;
  onChange(value: string): void;
  /** Moves the list's selection by `step`. */
  move(step: number): void;
  label: string;
  placeholder: string;
  onFocus?(): void;
}

export function FilterBox({ inputRef, listRef, value, onChange, move, label, placeholder, onFocus }: FilterBoxProps) {
  return (
    <label className="filter">
      <Icon name="search" size={16} />
      <input
        ref={inputRef}
        type="search"
        onFocus={onFocus}
        placeholder={placeholder}
        aria-label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            listRef.current?.focus();
            move(1);
          } else if (event.key === 'Escape') {
            onChange('');
          }
        }}
      />
    </label>
  );
}

/** A list's key handler: ↑/↓ and k/j move the selection by one; Enter opens the selected row (its page takes focus). */
export function listKeys(move: (step: number) => void, open?: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' && open) {
      event.preventDefault();
      open();
    } else if (event.key === 'ArrowDown' || event.key === 'j') {
      event.preventDefault();
      move(1);
    } else if (event.key === 'ArrowUp' || event.key === 'k') {
      event.preventDefault();
      move(-1);
    }
  };
}
