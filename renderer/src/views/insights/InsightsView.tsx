/**
 * Insights: what the network as a whole suggests doing. Each insight is a
 * section of its own in this folder: people who should meet, and giving back.
 */
import type * as Y from 'yjs';
import { ShouldMeet } from './ShouldMeet';
import { GivingBack } from './GivingBack';
import type { PeopleSearch } from '../../../../shared/search/people-search';

interface InsightsViewProps {
  doc: Y.Doc;
  onOpenPerson(id: string): void;
  search: PeopleSearch;
  onPassItOn(): void;
}

export function InsightsView({ doc, search, onOpenPerson, onPassItOn }: InsightsViewProps) {
  return (
    <section className="view scroll" aria-labelledby="insights-title">
      <header className="view-header">
        <div>
          <h1 id="insights-title">Insights</h1>
          <p className="muted">People in your network who should meet, and why. Introducing them records a link and a note on both.</p>
        </div>
        <button type="button" className="button" onClick={onPassItOn}>
          Pass it on
        </button>
      </header>
      <ShouldMeet doc={doc} onOpenPerson={onOpenPerson} />
      <GivingBack doc={doc} search={search} onOpenPerson={onOpenPerson} onPassItOn={onPassItOn} />
    </section>
  );
}
