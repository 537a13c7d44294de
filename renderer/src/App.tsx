import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { DocStore } from './doc/store';
import { usePeople } from './doc/usePeople';
import { Sidebar, VIEWS, type ViewId } from './Sidebar';
import { PeopleView } from './views/PeopleView';
import { ComingView } from './views/ComingView';

/** How long to wait for the host before showing an empty network as empty. */
const HOST_WAIT_MS = 1500;

export function App({ store }: { store: DocStore }) {
  const status = useSyncExternalStore(store.subscribe, store.getStatus);
  const people = usePeople(store.doc);
  const [view, setView] = useState<ViewId>('people');
  const [waitedForHost, setWaitedForHost] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => setWaitedForHost(true), HOST_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);

  const onKeyDown = useCallback((event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && /^[1-6]$/.test(event.key)) {
      event.preventDefault();
      setView(VIEWS[Number(event.key) - 1]!.id);
    }
  }, []);

  useEffect(() => {
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onKeyDown]);

  // Show the network as soon as this profile's copy is loaded; an empty copy waits briefly for the host.
  const ready = status.localLoaded && (people.length > 0 || status.hostSynced || waitedForHost);
  const current = VIEWS.find((entry) => entry.id === view)!;

  return (
    <div className="app">
      <Sidebar current={view} onSelect={setView} status={status} />
      <main className="main" aria-busy={!ready}>
        {store.isFromNewerVersion ? (
          <div className="banner banner-error" role="alert">
            This network was saved by a newer Kith. Update Kith before editing it here.
          </div>
        ) : null}
        {!ready ? (
          <div className="loading" role="status">
            Opening your network…
          </div>
        ) : view === 'people' ? (
          <PeopleView doc={store.doc} people={people} />
        ) : (
          <ComingView view={current} />
        )}
      </main>
    </div>
  );
}
