import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DocStore } from './doc/store';
import type { BackupFile, DeepLink, KithApi, MenuCommand } from '../../shared/host/contract';
import { SettingsView } from './views/SettingsView';
import { DevicesView } from './views/DevicesView';
import { ReminderBanner } from './ui/ReminderBanner';
import { ExternalLinks, hostOpener } from './ui/ExternalLink';
import { StorageBanner } from './ui/StorageBanner';
import { usePeople, usePeopleKept, usePeopleReading } from './doc/usePeople';
import type { PeopleReadProgress } from '../../shared/doc/people';
import type { Suggestions } from './doc/suggestions';
import { Sidebar, LINKED_VIEWS, OTHER_VIEWS, VIEWS, type ViewId } from './Sidebar';
import { PeopleView } from './views/PeopleView';
import { TrashView } from './views/TrashView';
import { MeView } from './views/MeView';
import { InsightsView } from './views/insights/InsightsView';
import { MapView, type MapCommand } from './views/map/MapView';
import type { ShownPeople } from './views/map/ShownPeopleBar';
import { DuplicatesView } from './views/DuplicatesView';
import { useReader } from './doc/readers-client';
import { CommandPalette, type Command, type PalettePeopleSource } from './ui/CommandPalette';
import { personCommandText } from '../../shared/search/palette';
import { isTyping, MOD_LABEL, OPEN_PERSON_EVENT } from './ui/keys';
import { focusedTextEditor, runEditCommand } from './ui/edit-commands';
import { NotesView } from './views/notes/NotesView';
import { usePresence, useTellOpenNote } from './host/presence';
import { useStorageHealth } from './host/storage';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { focusLanding, focusWasLost } from './ui/focus';
import { FollowupsView } from './views/followups/FollowupsView';
import { PersonFollowThrough } from './views/followups/PersonFollowThrough';
import { NoteCommitments } from './views/followups/NoteCommitments';
import { discardIfEmpty, startNote } from '../../shared/doc/notes';
import { LOCAL_UI } from '../../shared/doc/origins';
import { PassItOn } from './views/passiton/PassItOn';
import { ThingsToPassOn } from './views/passiton/ThingsToPassOn';
import { GiveAndReceive } from './views/passiton/GiveAndReceive';
import { ImportFlow, openImport } from './views/import/ImportFlow';
import { DataView } from './views/import/DataView';
import { startExport, type ExportKind, type ExportSelection } from './views/import/exports';
import { ExportStatus } from './views/import/ExportStatus';
import { startRestore, whenNetworkLoaded } from './views/import/restores';
import { holdUnload } from './doc/hold-unload';

/** How long to wait for the host before showing an empty network as empty. */
const HOST_WAIT_MS = 1500;

const CONTACTS = ['contacts'] as const;
const DUPLICATE_COUNT = { kind: 'duplicateCount' } as const;
const SUGGESTIONS = { kind: 'suggestions' } as const;
const NO_SUGGESTIONS: Suggestions = { org: [], function: [], location: [], tags: [], interests: [], expertise: [], schools: [], hometown: [], pastOrgs: [] };
const PALETTE_PEOPLE = 12;
const count = new Intl.NumberFormat();

/** Where the list's read of everyone is: people read, then the sort. */
function readingText({ read, of }: PeopleReadProgress): string {
  if (of === 0) return 'reading people';
  return read < of ? `${count.format(read)} of ${count.format(of)} people read` : `putting ${count.format(of)} people in order`;
}

export function App({ store, api }: { store: DocStore; api: KithApi }) {
  // Only what decides readiness: the save state changes on every edit, and only the sidebar shows it.
  const localLoaded = useSyncExternalStore(store.subscribe, () => store.getStatus().localLoaded);
  const hostSynced = useSyncExternalStore(store.subscribe, () => store.getStatus().hostSynced);
  const awaitingHost = useSyncExternalStore(store.subscribe, store.isAwaitingHost);
  const link = useSyncExternalStore(store.subscribe, () => store.getStatus().link);
  const loadingMb = useSyncExternalStore(store.subscribe, () => store.getStatus().loadingMb);
  // Part of a change from the host is applied and the rest is on its way: no edits until it is all in (store.ts says why).
  const receiving = useSyncExternalStore(store.subscribe, () => store.getStatus().receiving);
  // The same while this window writes an import or a restore in slices, or undoes or redoes one.
  const writing = useSyncExternalStore(store.subscribe, () => store.getStatus().writing);
  // The list kept from the last start is shown while this profile's copy loads: People may be looked through, nothing edited.
  const kept = usePeopleKept(store.doc);
  const inertFrame = receiving || writing !== null;
  const held = inertFrame || kept;
  // Closing mid-write would leave part of it stored here and none of it on the host (hold-unload.ts).
  useEffect(() => (writing === null ? undefined : holdUnload(window)), [writing]);
  const loadingOfMb = useSyncExternalStore(store.subscribe, () => store.getStatus().loadingOfMb);
  const everyone = usePeople(store.doc, { includeDeleted: true });
  // After a load everyone is read a task at a time (usePeople.ts); the list before it shows until then.
  const peopleReading = usePeopleReading(store.doc);
  const people = useMemo(() => everyone.filter((person) => !person.deletedAt), [everyone]);
  const trashed = useMemo(() => everyone.filter((person) => person.deletedAt), [everyone]);
  // Counted over everyone on the readers' replica (half a second at 30,000 people); the forms offer none until then.
  const suggestions = useReader(store.readers, SUGGESTIONS, CONTACTS).value ?? NO_SUGGESTIONS;
  // The readers keep the duplicates as people change; until they first answer there is nothing to review.
  const duplicateCount = useReader(store.readers, DUPLICATE_COUNT, CONTACTS).value ?? 0;
  const [view, setView] = useState<ViewId>('people');
  /** People another view sent to the map (Insights' bars and circles); dropped when the map is left. */
  const [mapShown, setMapShown] = useState<ShownPeople | null>(null);
  if (mapShown && view !== 'map') setMapShown(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [passOpen, setPassOpen] = useState(false);
  const [waitedForHost, setWaitedForHost] = useState(false);
  const [noteId, setNoteId] = useState<string | null>(null);
  /** A form the Follow-ups view opens with (from the palette), with a counter so asking twice opens it again. */
  const [followupStart, setFollowupStart] = useState<{ form: 'commitment' | 'request'; nonce: number } | null>(null);
  /** The note "Log a call" just started: removed again if it is left with no text and no one on it. */
  const [freshNoteId, setFreshNoteId] = useState<string | null>(null);
  /** The palette's "Link to…", for the map to take up once it is shown. */
  const [mapCommand, setMapCommand] = useState<MapCommand | null>(null);
  const mapCommandDone = useCallback(() => setMapCommand(null), []);

  // Electron's page cannot open links itself: the host hands them to the system. A browser opens them as links.
  const [linkError, setLinkError] = useState<string | null>(null);
  const openLink = useMemo(() => (store.info.mode === 'electron' ? hostOpener(api, setLinkError) : null), [api, store.info.mode]);

  // Which notes are open on the other devices, and which one this window has open.
  const presence = usePresence(api, link);
  const storageHealth = useStorageHealth(api, link);
  useTellOpenNote(api, link, view === 'notes' ? noteId : null);

  // A view switched from the keyboard (Ctrl/⌘+1…6, the palette) took the focused element with it: land in the new view.
  const shownView = useRef(view);
  useEffect(() => {
    if (shownView.current === view) return;
    shownView.current = view;
    if (focusWasLost()) focusLanding();
  }, [view]);

  useEffect(() => {
    const timer = setTimeout(() => setWaitedForHost(true), HOST_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);

  const leaveFreshNote = useCallback(
    (next: string | null) => {
      if (freshNoteId && freshNoteId !== next) {
        if (discardIfEmpty(store.doc, freshNoteId, LOCAL_UI)) {
          setNoteId((current) => (current === freshNoteId ? null : current));
        }
        setFreshNoteId(null);
      }
    },
    [store, freshNoteId],
  );

  const runExport = useCallback(
    (kind: ExportKind, selection: ExportSelection = null) => startExport(store.doc, store.info.docName, kind, selection),
    [store],
  );

  const openPerson = useCallback(
    (id: string) => {
      leaveFreshNote(null);
      setView('people');
      setAdding(false);
      setSelectedId(id);
    },
    [leaveFreshNote],
  );

  useEffect(() => {
    const onOpen = (event: Event) => {
      const id = (event as CustomEvent<unknown>).detail;
      if (typeof id === 'string') openPerson(id);
    };
    window.addEventListener(OPEN_PERSON_EVENT, onOpen);
    return () => window.removeEventListener(OPEN_PERSON_EVENT, onOpen);
  }, [openPerson]);

  const openNote = useCallback(
    (id: string | null) => {
      leaveFreshNote(id);
      setNoteId(id);
      setView('notes');
    },
    [leaveFreshNote],
  );

  // A kith:// link the system opened Kith with (asked once the window is up), or one opened while it runs.
  useEffect(() => {
    let live = true;
    const open = (link: DeepLink | null) => {
      if (!live || !link) return;
      if (link.kind === 'person') openPerson(link.id);
      else openNote(link.id);
    };
    const stop = api.onDeepLink(open);
    api.pendingDeepLink().then(open, () => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [api, openPerson, openNote]);

  // A backup the system opened Kith with (a double-clicked .kithbackup): Import and export restores it, once the whole network is here, as a chosen one.
  useEffect(() => {
    let live = true;
    const restore = (file: BackupFile | null) => {
      if (!live || !file) return;
      leaveFreshNote(null);
      setView('data');
      startRestore(store, store.info.docName, new File([new Uint8Array(file.bytes)], file.fileName), { opened: true, after: whenNetworkLoaded(store) });
    };
    const stop = api.onRestoreRequested(restore);
    api.pendingRestoreFile().then(restore, () => undefined);
    return () => {
      live = false;
      stop();
    };
  }, [api, store, leaveFreshNote]);

  const logCall = useCallback(
    (personIds: string[] = []) => {
      leaveFreshNote(null);
      const id = startNote(store.doc, { contactIds: personIds, kind: 'call' }, LOCAL_UI);
      setFreshNoteId(id);
      setNoteId(id);
      setView('notes');
    },
    [store, leaveFreshNote],
  );

  const goTo = useCallback(
    (next: ViewId) => {
      if (next !== 'notes') leaveFreshNote(null);
      if (next !== 'followups') setFollowupStart(null);
      setView(next);
    },
    [leaveFreshNote],
  );

  const showOnMap = useCallback(
    (shown: ShownPeople) => {
      goTo('map');
      setMapShown(shown);
    },
    [goTo],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      // Moving between sections is all a window receiving a change may do.
      if (held && !/^[1-6,]$/.test(key)) return;
      if (/^[1-6]$/.test(key)) {
        event.preventDefault();
        goTo(VIEWS[Number(key) - 1]!.id);
      } else if (key === 'l' && !event.shiftKey) {
        event.preventDefault();
        logCall(view === 'people' && selectedId ? [selectedId] : []);
      } else if (key === ',') {
        event.preventDefault();
        goTo('settings');
      } else if (key === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      } else if (key === 'j' && !event.shiftKey) {
        event.preventDefault();
        setPaletteOpen(false);
        setPassOpen(true);
      } else if (!isTyping(event.target) && (key === 'z' || key === 'y')) {
        // Text fields keep their own undo; elsewhere undo and redo whole edits.
        event.preventDefault();
        if (key === 'y' || event.shiftKey) store.redo();
        else store.undo();
      }
    },
    [store, goTo, logCall, view, selectedId, held],
  );

  // Electron's Edit menu and the tray: Undo/Redo where focus is, Log a call, Pass it on.
  useEffect(
    () =>
      api.onMenuCommand((command: MenuCommand) => {
        if (held) return;
        if (command === 'undo' || command === 'redo') {
          runEditCommand(command, { typing: isTyping(document.activeElement), editor: focusedTextEditor() }, { app: store, text: (text) => document.execCommand(text) });
        } else if (command === 'logCall') {
          logCall(view === 'people' && selectedId ? [selectedId] : []);
        } else {
          setPaletteOpen(false);
          setPassOpen(true);
        }
      }),
    [api, store, logCall, view, selectedId, held],
  );

  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown]);

  const commands = useMemo<Command[]>(
    () => [
      { id: 'add-person', label: 'Add a person', hint: 'N', keywords: 'new create contact', run: () => { setView('people'); setAdding(true); } },
      { id: 'log-call', label: 'Log a call, meeting or coffee', hint: `${MOD_LABEL}+L`, keywords: 'note new write', run: () => logCall() },
      {
        id: 'log-request',
        label: 'Log a request to answer within 36 hours',
        keywords: 'ask asked email message follow up',
        run: () => {
          setFollowupStart((current) => ({ form: 'request', nonce: (current?.nonce ?? 0) + 1 }));
          goTo('followups');
        },
      },
      {
        id: 'add-commitment',
        label: 'Add a commitment',
        keywords: 'promise will owe follow up todo',
        run: () => {
          setFollowupStart((current) => ({ form: 'commitment', nonce: (current?.nonce ?? 0) + 1 }));
          goTo('followups');
        },
      },
      {
        id: 'link-to',
        label: 'Link to… (on the map)',
        hint: 'Shift+L',
        keywords: 'link connect knows relationship map person',
        run: () => {
          setMapCommand({ linkFrom: view === 'people' ? selectedId : null });
          goTo('map');
        },
      },
      { id: 'undo', label: 'Undo', hint: `${MOD_LABEL}+Z`, run: () => store.undo() },
      { id: 'redo', label: 'Redo', hint: `${MOD_LABEL}+Shift+Z`, run: () => store.redo() },
      ...[...VIEWS, ...OTHER_VIEWS, ...LINKED_VIEWS].map((entry, index) => ({
        id: `go-${entry.id}`,
        label: `Go to ${entry.label}`,
        hint: index < VIEWS.length ? `${MOD_LABEL}+${index + 1}` : undefined,
        run: () => goTo(entry.id),
      })),
      { id: 'import', label: 'Import contacts…', keywords: 'vcard csv linkedin google outlook apple file', run: openImport },
      { id: 'export-vcard', label: 'Export contacts (vCard)', keywords: 'download save vcf', run: () => runExport('vcard') },
      { id: 'export-csv', label: 'Export CSV', keywords: 'download save spreadsheet contacts', run: () => runExport('csv') },
      { id: 'export-backup', label: 'Back up everything', keywords: 'export download save restore json kithbackup', run: () => runExport('backup') },
      { id: 'export-ics', label: 'Export follow-ups to calendar (ICS)', keywords: 'ical commitments hello download', run: () => runExport('ics') },
      { id: 'pass-it-on', label: 'Pass it on: share something with who would care', hint: `${MOD_LABEL}+J`, keywords: 'share link article send forward', run: () => setPassOpen(true) },
    ],
    [store, logCall, goTo, runExport, view, selectedId],
  );

  // Everyone's two commands (open them, log a call with them) are ranked by the readers: 60,000 at 30,000 people.
  const palettePeople = useMemo<PalettePeopleSource>(
    () => ({
      find: (query) => store.readers.query({ kind: 'palette', query, limit: PALETTE_PEOPLE }),
      command: ({ person, kind }) => ({
        id: `${kind === 'open' ? 'person' : 'log'}-${person.id}`,
        ...personCommandText(person, kind),
        run: () => (kind === 'open' ? openPerson(person.id) : logCall([person.id])),
      }),
    }),
    [store, openPerson, logCall],
  );

  // Show the network as soon as this profile's copy is loaded and its people read; an empty copy waits briefly for the host, for all of it once it is coming,
  // and for its answer while the host is reading its log (only an unreachable host leaves the empty copy to be shown as it is).
  const ready =
    (kept && everyone.length > 0) ||
    (localLoaded &&
    !(peopleReading && everyone.length === 0) &&
    (everyone.length > 0 || hostSynced || (waitedForHost && loadingMb === null && !awaitingHost)));
  const current = [...VIEWS, ...OTHER_VIEWS, ...LINKED_VIEWS].find((entry) => entry.id === view)!;

  const openingText =
    loadingMb !== null
      ? `Opening your network… ${loadingMb}${loadingOfMb === null ? '' : ` of ${loadingOfMb}`} MB read`
      : peopleReading && localLoaded
        ? `Opening your network… ${readingText(peopleReading)}`
        : waitedForHost && awaitingHost
          ? 'Opening your network… Kith is reading its copy.'
          : 'Opening your network…';

  const content = () => {
    // Only People can be shown from the kept list; the rest of the network is still coming in.
    if (kept && view !== 'people') {
      return (
        <div className="loading" role="status">
          {openingText}
        </div>
      );
    }
    switch (view) {
      case 'people':
        return (
          <PeopleView
            doc={store.doc}
            readers={store.readers}
            people={people}
            suggestions={suggestions}
            selectedId={selectedId}
            onSelect={setSelectedId}
            adding={adding}
            onAdding={setAdding}
            onOpenMe={() => setView('me')}
            duplicateCount={duplicateCount}
            onReviewDuplicates={() => setView('duplicates')}
            onOpenNote={openNote}
            onLogCall={logCall}
            onExport={runExport}
            readOnly={kept}
            followPanels={(person) => (
              <>
                <PersonFollowThrough doc={store.doc} readers={store.readers} person={person} people={people} />
                <ThingsToPassOn doc={store.doc} readers={store.readers} person={person} onPassItOn={() => setPassOpen(true)} />
                <GiveAndReceive doc={store.doc} readers={store.readers} person={person} />
              </>
            )}
          />
        );
      case 'trash':
        return (
          <TrashView
            doc={store.doc}
            trashed={trashed}
            onRestored={openPerson}
            readers={store.readers}
            onRestoredNote={openNote}
            onRestoredAsk={openPerson}
          />
        );
      case 'map':
        return (
          <MapView
            doc={store.doc}
            readers={store.readers}
            people={people}
            suggestions={suggestions}
            onOpenPerson={openPerson}
            onOpenMe={() => setView('me')}
            command={mapCommand}
            onCommandDone={mapCommandDone}
            shown={mapShown}
            onClearShown={() => setMapShown(null)}
          />
        );
      case 'notes':
        return (
          <NotesView
            doc={store.doc}
            readers={store.readers}
            people={people}
            selectedId={noteId}
            freshId={freshNoteId}
            onSelect={openNote}
            onLogCall={() => logCall()}
            onOpenPerson={openPerson}
            renderExtras={(note) => <NoteCommitments doc={store.doc} note={note} people={people} />}
            presence={presence}
          />
        );
      case 'followups':
        return (
          <FollowupsView
            key={followupStart?.nonce ?? 0}
            doc={store.doc}
            readers={store.readers}
            people={people}
            onOpenPerson={openPerson}
            startWith={followupStart?.form}
          />
        );
      case 'insights':
        return (
          <InsightsView
            doc={store.doc}
            docName={store.info.docName}
            readers={store.readers}
            onOpenPerson={openPerson}
            onShowOnMap={showOnMap}
            onPassItOn={() => setPassOpen(true)}
          />
        );
      case 'duplicates':
        return <DuplicatesView doc={store.doc} readers={store.readers} onOpenPerson={openPerson} />;
      case 'devices':
        return <DevicesView api={api} onOpenSettings={() => goTo('settings')} />;
      case 'settings':
        return <SettingsView api={api} mode={store.info.mode} />;
      case 'me':
        return <MeView doc={store.doc} suggestions={suggestions} />;
      case 'data':
        return <DataView writer={store} docName={store.info.docName} suggestions={suggestions} onExport={runExport} />;
    }
  };

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#content"
        onClick={(event) => {
          // Moves focus without navigating: the page may not navigate, not even to a fragment.
          event.preventDefault();
          document.getElementById('content')?.focus();
        }}
      >
        Skip to content
      </a>
      <Sidebar current={view} onSelect={goTo} store={store} />
      <main className="main" id="content" tabIndex={-1} aria-busy={!ready}>
        {store.isFromNewerVersion ? (
          <div className="banner banner-error" role="alert">
            This network was saved by a newer Kith. Update Kith before editing it here.
          </div>
        ) : null}
        {linkError ? (
          <div className="banner banner-error" role="alert">
            Kith could not open that link: {linkError}{' '}
            <button type="button" className="link-button" onClick={() => setLinkError(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        <StorageBanner health={storageHealth} />
        <ReminderBanner onOpenPerson={openPerson} />
        {ready && kept ? (
          <p className="banner loading-banner" role="status" data-testid="kept-people-banner">
            {openingText} These are your people as Kith last showed them; editing starts once all of it is in.
          </p>
        ) : ready && loadingMb !== null ? (
          <p className="banner loading-banner" role="status">
            Still loading your network from Kith ({loadingMb} MB so far); people appear when it is all in.
          </p>
        ) : ready && writing !== null ? (
          <p className="banner loading-banner" role="status">
            {writing}… Editing resumes when all of it is in.
          </p>
        ) : ready && receiving ? (
          <p className="banner loading-banner" role="status">
            Receiving a change from Kith… Editing resumes when all of it is in.
          </p>
        ) : ready && peopleReading ? (
          <p className="banner loading-banner" role="status">
            Reading the people that changed ({readingText(peopleReading)}); the list shows them when it has read them all.
          </p>
        ) : null}
        {ready ? (
          <div className="frame" inert={inertFrame}>
            <ErrorBoundary key={view} what={`the ${current.label} view`}>
              <ExternalLinks.Provider value={openLink}>{content()}</ExternalLinks.Provider>
            </ErrorBoundary>
          </div>
        ) : (
          <div className="loading" role="status">
            {openingText}
          </div>
        )}
      </main>
      <ExportStatus />
      <div className="frame" inert={held}>
        <ImportFlow writer={store} docName={store.info.docName} api={api} />
        {paletteOpen ? <CommandPalette commands={commands} people={palettePeople} onClose={() => setPaletteOpen(false)} /> : null}
        {passOpen && ready ? (
          <ErrorBoundary what="Pass it on">
            <ExternalLinks.Provider value={openLink}>
              <PassItOn
                doc={store.doc}
                readers={store.readers}
                readPreview={api.linkPreview}
                onClose={() => setPassOpen(false)}
                onOpenPerson={(id) => {
                  setPassOpen(false);
                  openPerson(id);
                }}
              />
            </ExternalLinks.Provider>
          </ErrorBoundary>
        ) : null}
      </div>
    </div>
  );
}
