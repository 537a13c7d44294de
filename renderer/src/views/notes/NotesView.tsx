import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { useVirtualizer } from '@tanstack/react-virtual';
import { deleteNote, getNote, restoreNote, type Note } from '../../../../shared/doc/notes';
import type { Person } from '../../../../shared/doc/people';
import { LOCAL_UI } from '../../../../shared/doc/origins';
import { useReader, type ReadersClient } from '../../doc/readers-client';
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
  readers: ReadersClient;
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
/** What the list reads: the notes, and the names of who was there (the filter looks at them). */
const LIST_ROOTS = ['notes', 'contacts'] as const;
const countFormat = new Intl.NumberFormat();
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

const NO_IDS: string[] = [];

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
  readers,
  people,
  selectedId,
  freshId,
  onSelect,
  onLogCall,
  onOpenPerson,
  renderExtras,
  presence,
}: NotesViewProps) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  // Sorted and filtered on the readers' notes index (60,000 notes at 30,000 people); the rows drawn are read here.
  const listQuery = useMemo(() => ({ kind: 'notesList', filter: deferredQuery }) as const, [deferredQuery]);
  const answer = useReader(readers, listQuery, LIST_ROOTS);
  const visible = answer.value?.ids ?? NO_IDS;
  const total = answer.value?.total;
  const [trashed, setTrashed] = useForAWhile<Note>();
  const listRef = useRef<HTMLDivElement>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const names = useMemo(() => new Map(people.map((person) => [person.id, person.name])), [people]);

  const peopleOf = (note: Note) =>
    note.contactIds.map((id) => names.get(id)).filter((name): name is string => Boolean(name));

  const selected = selectedId ? getNote(doc, selectedId) : null;

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  const selectedIndex = selectedId ? visible.indexOf(selectedId) : -1;
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
    onSelect(visible[next]!);
  };

  // Enter on a row goes into the note's text once its page has rendered.
  const [openings, setOpenings] = useState(0);
  useEffect(() => {
    if (openings) document.querySelector<HTMLElement>('.note-page .note-prose')?.focus();
  }, [openings]);
  const openSelected = () => {
    if (!visible.length) return;
    if (selectedIndex < 0) onSelect(visible[0]!);
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
            {total === undefined ? 'Counting your notes…' : `${countFormat.format(total)} ${total === 1 ? 'note' : 'notes'}`}
          </p>
        </div>
        <button type="button" className="button button-primary" onClick={onLogCall} title={`Log a call (${MOD_LABEL}+L)`}>
          <Icon name="plus" size={16} />
          Log a call
          <kbd>{MOD_LABEL}+L</kbd>
        </button>
      </header>

      {total === 0 && !selected ? (
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
              {answer.error ? (
                <p className="list-empty field-error" role="alert">
                  Kith could not list your notes: {answer.error}. Reload the window to try again.
                </p>
              ) : visible.length === 0 && (!answer.current || answer.computing) ? (
                <p className="list-empty muted" role="status" data-testid="notes-computing">
                  {deferredQuery.trim() ? `Looking for “${deferredQuery.trim()}” in your notes…` : 'Reading your notes…'}
                </p>
              ) : visible.length === 0 ? (
                <p className="list-empty muted">No note mentions “{deferredQuery.trim()}”.</p>
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {virtualizer.getVirtualItems().map((item) => {
                    const note = getNote(doc, visible[item.index]!);
                    // Removed since the list was answered: its place stays until the next answer.
                    if (!note) return null;
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
