import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { useVirtualizer } from '@tanstack/react-virtual';
import { deleteNote, getNote, restoreNote, type Note } from '../../../../shared/doc/notes';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { foldText } from '../../../../shared/analytics/normalize';
import { useNotesIndex, type NotesIndex } from '../../doc/notes-index';
import { Icon } from '../../ui/icons';
import { isTyping, MOD_LABEL } from '../../ui/keys';
import { KIND_LABELS, NotePage } from './NotePage';
import type { PresenceView } from '../../../../shared/host/contract';
import { openElsewhere } from '../../host/presence';
import { FilterBox, listKeys } from '../../ui/ListPane';
import { UndoToast, useForAWhile } from '../../ui/UndoToast';
import { EmptyState } from '../../ui/EmptyState';

interface NotesViewProps {
  doc: Y.Doc;
  notes: NotesIndex;
  people: Person[];
  selectedId: string | null;
  /** The note just started by "Log a call": its text gets the caret. */
  freshId: string | null;
  onSelect(id: string | null): void;
  onLogCall(): void;
  onOpenPerson(id: string): void;
  /** Panels under a note's text (its commitments). */
  renderExtras?(note: Note): ReactNode;
  /** The other devices online now and the notes open on them. */
  presence?: PresenceView;
}

const ROW_HEIGHT = 68;
const countFormat = new Intl.NumberFormat();
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

export function noteWhen(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  return `${dayFormat.format(date)} · ${timeFormat.format(date)}`;
}

/** The first words of a note, for a list row. */
export function preview(text: string, length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export function NotesView({
  doc,
  notes,
  people,
  selectedId,
  freshId,
  onSelect,
  onLogCall,
  onOpenPerson,
  renderExtras,
  presence,
}: NotesViewProps) {
  useNotesIndex(notes);
  const all = notes.list();
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [trashed, setTrashed] = useForAWhile<Note>();
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const names = useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people]);

  const peopleOf = (note: Note) =>
    note.contactIds.map((id) => names.get(id)).filter((name): name is string => Boolean(name));

  const visible = useMemo(() => {
    const words = foldText(deferredQuery).split(/\s+/).filter(Boolean);
    if (words.length === 0) return all;
    return all.filter((note) => {
      const haystack = foldText(`${note.text} ${note.contactIds.map((id) => names.get(id) ?? '').join(' ')} ${KIND_LABELS[note.kind]}`);
      return words.every((word) => haystack.includes(word));
    });
  }, [all, deferredQuery, names]);

  // The index lags the document by a moment; a note removed meanwhile is not opened.
  const selected = selectedId && getNote(doc, selectedId) ? notes.get(selectedId) : undefined;

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const selectedIndex = visible.findIndex((note) => note.id === selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '/') {
        event.preventDefault();
        filterRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const move = (step: number) => {
    if (!visible.length) return;
    const next = Math.min(visible.length - 1, Math.max(0, selectedIndex < 0 ? 0 : selectedIndex + step));
    onSelect(visible[next]!.id);
  };

  // Enter on a row goes into the note's text once its page has rendered.
  const [openings, setOpenings] = useState(0);
  useEffect(() => {
    if (openings) document.querySelector<HTMLElement>('.note-page .note-prose')?.focus();
  }, [openings]);
  const openSelected = () => {
    if (!visible.length) return;
    if (selectedIndex < 0) onSelect(visible[0]!.id);
    setOpenings((count) => count + 1);
  };

  const trash = (note: Note) => {
    deleteNote(doc, note.id, LOCAL_UI);
    onSelect(null);
    setTrashed(note);
  };

  return (
    <section className="view" aria-labelledby="notes-title">
      <header className="view-header">
        <div>
          <h1 id="notes-title">Notes</h1>
          <p className="muted" data-testid="notes-count">
            {countFormat.format(all.length)} {all.length === 1 ? 'note' : 'notes'}
          </p>
        </div>
        <button type="button" className="button button-primary" onClick={onLogCall} title={`Log a call (${MOD_LABEL}+L)`}>
          <Icon name="plus" size={16} />
          Log a call
          <kbd>{MOD_LABEL}+L</kbd>
        </button>
      </header>

      {all.length === 0 && !selected ? (
        <EmptyState icon="notes" title="Write it down while it is fresh">
          <p>
            Right after a call or a coffee, log it: who was there, what you talked about, what you promised. It is saved
            as you type, on this computer, with or without a connection — and it resets the keep-in-touch clock for
            everyone on it.
          </p>
          <button type="button" className="button button-primary" onClick={onLogCall}>
            <Icon name="plus" size={16} />
            Log your first call
          </button>
        </EmptyState>
      ) : (
        <div className="split">
          <div className="list-pane">
            <FilterBox
              inputRef={filterRef}
              listRef={listRef}
              placeholder="Find in notes…  /"
              label="Find in notes"
              value={query}
              onChange={setQuery}
              move={move}
            />
            <div
              className="list"
              ref={listRef}
              tabIndex={0}
              role="listbox"
              aria-label="Notes"
              aria-activedescendant={selectedId ? `note-row-${selectedId}` : undefined}
              onKeyDown={listKeys(move, openSelected)}
            >
              {visible.length === 0 ? (
                <p className="list-empty muted">No note mentions “{deferredQuery.trim()}”.</p>
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {virtualizer.getVirtualItems().map((item) => {
                    const note = visible[item.index]!;
                    const who = peopleOf(note);
                    return (
                      <div
                        key={note.id}
                        id={`note-row-${note.id}`}
                        role="option"
                        aria-selected={note.id === selectedId}
                        className="row note-row"
                        data-testid="note-row"
                        style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                        onClick={() => onSelect(note.id)}
                      >
                        <div className="row-text">
                          <span className="row-name">
                            {who.length ? who.join(', ') : <span className="muted">No one yet</span>}
                          </span>
                          <span className="row-sub">
                            {KIND_LABELS[note.kind]} · {noteWhen(note.at)}
                          </span>
                          <span className="row-preview">{preview(note.text) || <em className="muted">Empty</em>}</span>
                        </div>
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          </div>
          <div className="detail-pane">
            {selected && !selected.deletedAt ? (
              <NotePage
                key={selected.id}
                doc={doc}
                note={selected}
                people={people}
                autoFocus={selected.id === freshId}
                onOpenPerson={onOpenPerson}
                onTrash={trash}
                openElsewhere={presence ? openElsewhere(presence, selected.id) : []}
              >
                {renderExtras?.(selected)}
              </NotePage>
            ) : (
              <div className="detail-empty muted">Select a note to read or edit it, or log a new call.</div>
            )}
          </div>
        </div>
      )}

      {trashed ? (
        <UndoToast
          onUndo={() => {
            restoreNote(doc, trashed.id, LOCAL_UI);
            onSelect(trashed.id);
            setTrashed(null);
          }}
        >
          Deleted the note.
        </UndoToast>
      ) : null}
    </section>
  );
}
