import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type * as Y from 'yjs';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TIERS, deletePerson, restorePerson, type Person, type Tier } from '../../../shared/doc/people';
import type { SearchFilters } from '../../../shared/search/people-search';
import { useReader, type ReadersClient } from '../doc/readers-client';
import { SearchResults } from './SearchResults';
import { TIER_LABELS } from './ProfileFields';
import { LOCAL_UI } from '../../../shared/doc/origins';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { isTyping } from '../ui/keys';
import { focusLanding } from '../ui/focus';
import { AddPersonForm } from './AddPersonForm';
import { PersonDetail } from './PersonDetail';
import { Connections, Referrals, WhatYouShare } from './PersonPanels';
import { Timeline } from './Timeline';
import type { Suggestions } from '../doc/suggestions';
import { FilterBox, listKeys } from '../ui/ListPane';
import { UndoToast, useForAWhile } from '../ui/UndoToast';
import { EmptyState } from '../ui/EmptyState';
import { openImport } from './import/ImportFlow';
import { shortName } from '../ui/names';

interface PeopleViewProps {
  doc: Y.Doc;
  readers: ReadersClient;
  people: Person[];
  suggestions: Suggestions;
  selectedId: string | null;
  onSelect(id: string | null): void;
  adding: boolean;
  onAdding(adding: boolean): void;
  onOpenMe(): void;
  duplicateCount: number;
  onReviewDuplicates(): void;
  onOpenNote(id: string): void;
  onLogCall(personIds: string[]): void;
  /** Actions on a person's timeline beyond logging a call. */
  timelineActions?(person: Person): ReactNode;
  /** Panels about a person's follow-through (commitments, requests). */
  followPanels?(person: Person): ReactNode;
  /** Exports everyone a search and its filters find (not only the first results shown). */
  onExport?(kind: 'vcard' | 'csv', selection: { query: string; filters: SearchFilters }): void;
  /** The list is the one kept from the last start (people-cache.ts): it can be looked through, nothing changed. */
  readOnly?: boolean;
}

const ROW_HEIGHT = 56;
const countFormat = new Intl.NumberFormat();

const SEARCH_LIMIT = 100;
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const NO_FILTERS: SearchFilters = {};
/** What search results read: people's fields, and the notes that name them. */
const SEARCH_ROOTS = ['contacts', 'notes'] as const;
export function PeopleView({ doc, readers, people, suggestions, selectedId, onSelect: setSelectedId, adding, onAdding: setAdding, onOpenMe, duplicateCount, onReviewDuplicates, onOpenNote, onLogCall, timelineActions, followPanels, onExport, readOnly = false }: PeopleViewProps) {
  const [query, setQuery] = useState('');
  const [trashed, setTrashed] = useForAWhile<Person>();
  const filterRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const detailPane = useRef<HTMLDivElement>(null);

  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  /** Counts requests to move focus onto the open person's page once it has rendered (Enter on a row, a person added). */
  const [landings, setLandings] = useState(0);
  useEffect(() => {
    if (landings) focusLanding();
  }, [landings]);
  const searching = query.trim() !== '' || Object.values(filters).some(Boolean);
  // Searched on the readers' replica, asked again after edits; the last answer stays shown while the next one comes.
  const searchQuery = useMemo(
    () => (searching ? ({ kind: 'search', query, filters, limit: SEARCH_LIMIT } as const) : null),
    [searching, query, filters],
  );
  const found = useReader(readers, searchQuery, SEARCH_ROOTS);
  const results = useMemo(() => found.value ?? [], [found.value]);
  const visible = useMemo(() => (searching ? results.map((result) => result.person) : people), [searching, results, people]);
  const selected = people.find((person) => person.id === selectedId) ?? null;

  // TanStack Virtual returns fresh functions each render; Kith does not use the React Compiler, so nothing is lost.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: searching ? 0 : visible.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'n') {
        if (readOnly) return;
        event.preventDefault();
        setAdding(true);
      } else if (event.key === '/') {
        event.preventDefault();
        filterRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [setAdding, readOnly]);

  const selectedIndex = visible.findIndex((person) => person.id === selectedId);
  useEffect(() => {
    if (selectedIndex < 0) return;
    if (searching) document.getElementById(`row-${visible[selectedIndex]!.id}`)?.scrollIntoView({ block: 'nearest' });
    else virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer, searching, visible]);

  // Another person's page opens at its top, not where the last one was scrolled to.
  useLayoutEffect(() => {
    detailPane.current?.scrollTo({ top: 0 });
  }, [selectedId]);

  const select = (id: string) => {
    setSelectedId(id);
    setAdding(false);
  };

  const moveSelection = (step: number) => {
    if (!visible.length) return;
    const next = Math.min(visible.length - 1, Math.max(0, selectedIndex < 0 ? 0 : selectedIndex + step));
    select(visible[next]!.id);
  };

  const openSelected = () => {
    if (!visible.length) return;
    if (selectedIndex < 0) select(visible[0]!.id);
    setLandings((count) => count + 1);
  };

  const panelProps = (person: Person) => ({ readers, person, onOpenPerson: select, onOpenMe });

  const trash = (person: Person) => {
    deletePerson(doc, person.id, LOCAL_UI);
    setSelectedId(null);
    setTrashed(person);
  };

  const countText = `${countFormat.format(people.length)} ${people.length === 1 ? 'person' : 'people'}`;

  return (
    <section className="view" aria-labelledby="people-title">
      <header className="view-header">
        <div>
          <h1 id="people-title">People</h1>
          <p className="muted" data-testid="people-count">
            {countText}
          </p>
        </div>
        <span className="header-actions">
        {readOnly ? null : duplicateCount > 0 ? (
          <button type="button" className="button" onClick={onReviewDuplicates}>
            Review {duplicateCount} possible {duplicateCount === 1 ? 'duplicate' : 'duplicates'}
          </button>
        ) : null}
        {readOnly ? null : (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)} title="Add a person (N)">
            <Icon name="plus" size={16} />
            Add person
            <kbd>N</kbd>
          </button>
        )}
        </span>
      </header>

      {people.length === 0 && !adding ? (
        <EmptyState icon="people" title="Your network starts with one person">
          <p>
            Add someone you talked to this week — a colleague, a mentor, someone you met at an event. Kith keeps them on
            this computer, even without a network connection.
          </p>
          <div className="empty-actions">
            <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
              <Icon name="plus" size={16} />
              Add your first person
            </button>
            <button type="button" className="button" onClick={openImport}>
              <Icon name="transfer" size={16} />
              Import contacts
            </button>
          </div>
          <p className="hint">
            Already keep them in Google, Apple, Outlook or LinkedIn? Import their export (vCard or CSV), or drop the file on
            this window.
          </p>
          <p className="hint">
            Your own schools, hometown and interests, in{' '}
            <button type="button" className="link-button" onClick={onOpenMe}>
              Your profile
            </button>
            , let Kith show what you share with each person.
          </p>
        </EmptyState>
      ) : (
        <div className="split">
          <div className="list-pane">
            <FilterBox
              inputRef={filterRef}
              listRef={listRef}
              placeholder="Search people, expertise, notes…  /"
              label="Search people"
              value={query}
              onChange={setQuery}
              move={moveSelection}
            />
            <div className="filters" aria-label="Filters">
              <FilterSelect label="Organisation" value={filters.org} options={suggestions.org} onChange={(org) => setFilters({ ...filters, org })} />
              <FilterSelect label="Tag" value={filters.tag} options={suggestions.tags} onChange={(tag) => setFilters({ ...filters, tag })} />
              <FilterSelect
                label="Closeness"
                value={filters.tier}
                options={[...TIERS]}
                labels={TIER_LABELS}
                onChange={(tier) => setFilters({ ...filters, tier: tier as Tier | undefined })}
              />
              <FilterSelect label="Location" value={filters.location} options={suggestions.location} onChange={(location) => setFilters({ ...filters, location })} />
            </div>
            {searching && results.length > 0 && onExport && !readOnly ? (
              <div className="list-export" data-testid="export-found">
                <span className="muted">
                  {results.length < SEARCH_LIMIT
                    ? `${countFormat.format(results.length)} found`
                    : `The first ${countFormat.format(SEARCH_LIMIT)} shown`}
                </span>
                <span className="list-export-actions">
                  Export {results.length < SEARCH_LIMIT ? (results.length === 1 ? 'them' : 'these') : 'all found'} as
                  <button type="button" className="link-button" onClick={() => onExport('vcard', { query, filters })}>
                    vCard
                  </button>
                  <button type="button" className="link-button" onClick={() => onExport('csv', { query, filters })}>
                    CSV
                  </button>
                </span>
              </div>
            ) : null}
            <div
              className="list"
              ref={listRef}
              tabIndex={0}
              role="listbox"
              aria-label="People"
              aria-busy={searching && found.computing}
              aria-activedescendant={selectedId ? `row-${selectedId}` : undefined}
              onKeyDown={listKeys(moveSelection, openSelected)}
            >
              {searching && found.error ? (
                <p className="list-empty muted" role="alert">Kith could not search: {found.error}</p>
              ) : searching && results.length === 0 && found.computing ? (
                <p className="list-empty muted" role="status" data-testid="search-computing">
                  Searching…
                </p>
              ) : searching && results.length === 0 ? (
                <p className="list-empty muted">No one matches{query.trim() ? ` “${query.trim()}”` : ' these filters'}.</p>
              ) : searching ? (
                <SearchResults results={results} selectedId={selectedId} onSelect={select} />
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                  {virtualizer.getVirtualItems().map((item) => {
                    const person = visible[item.index]!;
                    return (
                      <div
                        key={person.id}
                        id={`row-${person.id}`}
                        role="option"
                        aria-selected={person.id === selectedId}
                        className="row"
                        data-testid="person-row"
                        style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                        onClick={() => select(person.id)}
                      >
                        <Avatar id={person.id} name={person.name} />
                        <div className="row-text">
                          <span className="row-name">{person.name}</span>
                          <span className="row-sub">{[person.role, person.org].filter(Boolean).join(' · ')}</span>
                        </div>
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          </div>
          <div className="detail-pane" ref={detailPane} inert={readOnly && selected !== null}>
            {adding && !readOnly ? (
              <AddPersonForm
                doc={doc}
                onAdded={(id) => {
                  setQuery('');
                  select(id);
                  setLandings((count) => count + 1);
                }}
                onCancel={() => setAdding(false)}
              />
            ) : selected ? (
              <PersonDetail
                key={selected.id}
                doc={doc}
                person={selected}
                people={people}
                suggestions={suggestions}
                onTrash={trash}
              >
                <WhatYouShare {...panelProps(selected)} />
                <Referrals {...panelProps(selected)} />
                <Connections {...panelProps(selected)} />
                {followPanels?.(selected)}
                <Timeline
                  doc={doc}
                  person={selected}
                  readers={readers}
                  onOpenNote={onOpenNote}
                  onLogCall={onLogCall}
                  actions={timelineActions?.(selected)}
                />
              </PersonDetail>
            ) : (
              <div className="detail-empty muted">Select a person to see and edit their details.</div>
            )}
          </div>
        </div>
      )}

      {trashed ? (
        <UndoToast
          onUndo={() => {
            restorePerson(doc, trashed.id, LOCAL_UI);
            setSelectedId(trashed.id);
            setTrashed(null);
          }}
        >
          Moved {shortName(trashed.name)} to Trash.
        </UndoToast>
      ) : null}
    </section>
  );
}

interface FilterSelectProps {
  label: string;
  value: string | undefined;
  options: string[];
  labels?: Record<string, string>;
  onChange(value: string | undefined): void;
}

/** One search filter; the empty choice means any. */
function FilterSelect({ label, value, options, labels, onChange }: FilterSelectProps) {
  return (
    <select aria-label={label} value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
      <option value="">Any {label.toLowerCase()}</option>
      {[...options].sort(collator.compare).map((option) => (
        <option key={option} value={option}>
          {labels?.[option] ?? option}
        </option>
      ))}
    </select>
  );
}
