import { useEffect, useMemo, useRef, useState } from 'react';
import { useFocusTrap } from './focus';
import { rankText, wordPatterns, type PaletteMatch } from '../../../shared/search/palette';

export interface Command {
  id: string;
  label: string;
  /** Shown on the right: a shortcut or what kind of thing this is. */
  hint?: string;
  /** Extra words the command answers to. */
  keywords?: string;
  run(): void;
}

/** The palette's people: two commands each, ranked elsewhere (the readers worker) by the same rules. */
export interface PalettePeopleSource {
  find(query: string): Promise<PaletteMatch[]>;
  command(match: PaletteMatch): Command;
}

interface CommandPaletteProps {
  commands: Command[];
  people?: PalettePeopleSource;
  onClose(): void;
}

const MAX_SHOWN = 12;

/** The best commands for `query`: the window's own and, once they came for this query, the people's. */
function best(commands: Command[], query: string, people: PalettePeopleSource | undefined, matches: PaletteMatch[]): Command[] {
  const patterns = wordPatterns(query);
  const ranked = commands
    .map((command) => ({ command, score: rankText(command.label, command.keywords, patterns) }))
    .filter((entry) => entry.score >= 0);
  if (people && patterns.length) ranked.push(...matches.map((match) => ({ command: people.command(match), score: match.score })));
  return ranked
    .sort((a, b) => a.score - b.score)
    .slice(0, MAX_SHOWN)
    .map((entry) => entry.command);
}

/** Ctrl/⌘+K: jump to a person or run an action, by keyboard. Every word typed must start a word of a command. */
export function CommandPalette({ commands, people, onClose }: CommandPaletteProps) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [found, setFound] = useState<{ query: string; matches: PaletteMatch[] }>({ query: '', matches: [] });
  /** The people found last, as soon as they come: an Enter that arrives before React draws them must see them (or it would wait for an answer already given). */
  const foundNow = useRef(found);
  const [error, setError] = useState<string | null>(null);
  /** Enter was pressed before the people for this query came: the query, to run its first command when they do. */
  const enterPressed = useRef<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef);
  /** What a late Enter runs with: the commands and onClose of the latest render, without asking for people again. */
  const latest = useRef({ commands, onClose });
  useEffect(() => {
    latest.current = { commands, onClose };
  });

  useEffect(() => inputRef.current?.focus(), []);

  const typed = wordPatterns(query).length > 0;
  useEffect(() => {
    if (!people || !typed) return;
    let alive = true;
    people.find(query).then(
      (matches) => {
        if (!alive) return;
        if (enterPressed.current === query) {
          enterPressed.current = null;
          const first = best(latest.current.commands, query, people, matches)[0];
          if (first) {
            latest.current.onClose();
            first.run();
            return;
          }
        }
        foundNow.current = { query, matches };
        setFound(foundNow.current);
      },
      (failure: Error) => alive && setError(failure.message),
    );
    return () => {
      alive = false;
    };
  }, [people, query, typed]);
  const finding = Boolean(people) && typed && found.query !== query && !error;

  const shown = useMemo(() => best(commands, query, people, found.query === query ? found.matches : []), [commands, people, found, query]);

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
              // Before the people for this query came, Enter runs the first command once they do.
              const now = foundNow.current;
              if (people && typed && now.query !== query && !error) enterPressed.current = query;
              else run(now === found ? shown[active] : best(commands, query, people, now.query === query ? now.matches : [])[0]);
            }
          }}
        />
        <ul className="palette-list" role="listbox" id="palette-list">
          {error ? (
            <li className="palette-empty muted" role="alert">
              People could not be searched: {error}
            </li>
          ) : shown.length === 0 && finding ? (
            <li className="palette-empty muted" role="status">
              Looking…
            </li>
          ) : shown.length === 0 ? (
            <li className="palette-empty muted">Nothing matches “{query}”.</li>
          ) : null}
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
