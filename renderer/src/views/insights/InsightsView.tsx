/**
 * Insights: what the network as a whole suggests doing. Each insight is a
 * section of its own in this folder: people who should meet, network health.
 */
import type * as Y from 'yjs';
import { ShouldMeet } from './ShouldMeet';
import { NetworkHealthReport } from './NetworkHealthReport';

interface InsightsViewProps {
  doc: Y.Doc;
  /** This profile's IndexedDB database (network health's worker reads it). */
  docName?: string;
  onOpenPerson(id: string): void;
}

export function InsightsView({ doc, docName, onOpenPerson }: InsightsViewProps) {
  return (
    <section className="view scroll" aria-labelledby="insights-title">
      <header className="view-header">
        <div>
          <h1 id="insights-title">Insights</h1>
          <p className="muted">People in your network who should meet, and why (introducing them records a link and a note on both); how your network stands, and what to do this week.</p>
        </div>
      </header>
      <ShouldMeet doc={doc} onOpenPerson={onOpenPerson} />
      <NetworkHealthReport doc={doc} docName={docName} onOpenPerson={onOpenPerson} />
    </section>
  );
}
