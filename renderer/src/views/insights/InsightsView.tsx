/**
 * Insights: what the network as a whole suggests doing. Each insight is a
 * section of its own in this folder: people who should meet, network health,
 * and giving back.
 */
import type * as Y from 'yjs';
import { ShouldMeet } from './ShouldMeet';
import { NetworkHealthReport } from './NetworkHealthReport';
import { GivingBack } from './GivingBack';
import type { ShownPeople } from '../map/ShownPeopleBar';
import type { ReadersClient } from '../../doc/readers-client';

interface InsightsViewProps {
  doc: Y.Doc;
  /** This profile's IndexedDB database (network health's worker reads it). */
  docName?: string;
  onOpenPerson(id: string): void;
  /** Opens the map showing only these people. */
  onShowOnMap(shown: ShownPeople): void;
  readers: ReadersClient;
  onPassItOn(): void;
}

export function InsightsView({ doc, docName, readers, onOpenPerson, onShowOnMap, onPassItOn }: InsightsViewProps) {
  return (
    <section className="view scroll" aria-labelledby="insights-title">
      <header className="view-header">
        <div>
          <h1 id="insights-title">Insights</h1>
          <p className="muted">People in your network who should meet, and why (introducing them records a link and a note on both); how your network stands, and what to do this week.</p>
        </div>
        <button type="button" className="button" onClick={onPassItOn}>
          Pass it on
        </button>
      </header>
      <ShouldMeet doc={doc} readers={readers} onOpenPerson={onOpenPerson} />
      <NetworkHealthReport doc={doc} docName={docName} onOpenPerson={onOpenPerson} onShowOnMap={onShowOnMap} />
      <GivingBack readers={readers} onOpenPerson={onOpenPerson} onPassItOn={onPassItOn} />
    </section>
  );
}
