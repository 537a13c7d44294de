import { useEffect, useMemo, useRef, useState } from 'react';
import { useFocusTrap } from './focus';

export interface Command {
  id: string;
  label: string;
  /** Shown on the right: a shortcut or what kind of thing this is. */
  hint?: string;
  /** Extra words the command answers to. */
  keywords?: string;
  run(): void;
}

interface CommandPaletteProps {
  commands: Command[];
  onClose(): void;
}

const MAX_SHOWN = 12;
const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase();

/** A pattern per typed word that matches it at the start of a word. */
function wordPatterns(query: string): RegExp[] {
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u'));
}

/** Every word typed must start a word of the label (or keywords); earlier and shorter matches rank first. */
function rank(command: Command, patterns: RegExp[]): number {
  if (patterns.length === 0) return 0;
  const haystack = fold(`${command.label} ${command.keywords ?? ''}`);
  let score = 0;
  for (const pattern of patterns) {
    const at = haystack.search(pattern);
    if (at < 0) return -1;
    score += at;
  }
  return score + command.label.length / 100;
}

/** Ctrl/⌘+K: jump to a person or run an action, by keyboard. */
export function CommandPalette({ commands, onClose }: CommandPaletteProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);

  useEffect(() => inputRef.current?.focus(), []);

  const shown = useMemo(() => {
    const patterns = wordPatterns(query);
    return commands
      .map((command) => ({ command, score: rank(command, patterns) }))
      .filter((entry) => entry.score >= 0)
      .sort((a, b) => a.score - b.score)
      .slice(0, MAX_SHOWN)
      .map((entry) => entry.command);
  }, [commands, query]);

  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    command.run();
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        ref={dialogRef}
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      >
        <input
          ref={inputRef}
          className="palette-input"
          placeholder="Jump to a person or run an action…"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[active] ? `palette-${shown[active].id}` : undefined}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              setActive((index) => Math.min(shown.length - 1, index + 1));
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((index) => Math.max(0, index - 1));
            } else if (event.key === 'Enter') {
              event.preventDefault();
              run(shown[active]);
            }
          }}
        />
        <ul className="palette-list" role="listbox" id="palette-list">
          {shown.length === 0 ? <li className="palette-empty muted">Nothing matches “{query}”.</li> : null}
          {shown.map((command, index) => (
            <li
              key={command.id}
              id={`palette-${command.id}`}
              role="option"
              aria-selected={index === active}
              onMouseEnter={() => setActive(index)}
              onMouseDown={(event) => {
                event.preventDefault();
                run(command);
              }}
            >
              <span>{command.label}</span>
              {command.hint ? <span className="palette-hint">{command.hint}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
