/**
 * Ties by organisation or by function, with the split across my
 * organisation's boundary. Every bar and segment is a button: it opens the
 * map showing only those people. Numbers on hover (and in each button's
 * accessible name).
 */
import { useState } from 'react';
import type { NetworkHealth } from '../../../../shared/analytics/network-health';
import type { ShownPeople } from '../map/ShownPeopleBar';

const BARS_SHOWN = 8;

type GroupBy = 'org' | 'function';

interface Segment {
  key: string;
  className: string;
  /** "at your organisation" — joined to the bar's name for the map's label and the hover text. */
  words: string;
  personIds: string[];
}

interface Bar {
  name: string;
  count: number;
  segments: Segment[];
}

const plural = (count: number) => `${count} ${count === 1 ? 'tie' : 'ties'}`;

function orgBars(report: NetworkHealth): Bar[] {
  // Without my organisation among them there is no boundary to colour.
  const split = report.orgs.some((bar) => bar.inside);
  return report.orgs.slice(0, BARS_SHOWN).map((bar) => ({
    name: bar.org,
    count: bar.count,
    segments: [
      {
        key: 'all',
        className: !split ? 'plain' : bar.inside ? 'inside' : 'outside',
        words: bar.inside ? '(your organisation)' : '',
        personIds: bar.personIds,
      },
    ],
  }));
}

function functionBars(report: NetworkHealth): Bar[] {
  return report.functions.slice(0, BARS_SHOWN).map((bar) => ({
    name: bar.name,
    count: bar.count,
    segments: [
      { key: 'inside', className: 'inside', words: 'at your organisation', personIds: bar.insideIds },
      { key: 'outside', className: 'outside', words: 'at other organisations', personIds: bar.outsideIds },
      { key: 'unknown', className: 'unknown', words: 'organisation not known', personIds: bar.orgUnknownIds },
    ].filter((segment) => segment.personIds.length > 0),
  }));
}

/** The sentence under the title: how many known ties are outside my organisation. */
function splitSentence(report: NetworkHealth, by: GroupBy): string {
  if (!report.orgs.some((bar) => bar.inside)) return 'Set your organisation in your profile to see who is inside and outside it.';
  const known = report.orgs.reduce((sum, bar) => sum + bar.count, 0);
  const inside = report.orgs.find((bar) => bar.inside)!.count;
  const lead = `${known - inside} of ${known} ties with a known organisation are outside yours.`;
  return by === 'function' ? `${lead} Each bar splits a function: yours, others', unknown.` : lead;
}

export function TieBars({ report, onShowOnMap }: { report: NetworkHealth; onShowOnMap(shown: ShownPeople): void }) {
  const [by, setBy] = useState<GroupBy>('org');
  const bars = by === 'org' ? orgBars(report) : functionBars(report);
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  const noun = by === 'org' ? 'organisation' : 'function';
  if (!report.orgs.length && !report.functions.length) return null;
  return (
    <div className="card health-bars" data-testid="health-bars">
      <div className="health-bars-head">
        <h3>Ties by {noun}</h3>
        <div className="segmented" role="group" aria-label="Group ties by">
          <button type="button" aria-pressed={by === 'org'} onClick={() => setBy('org')}>
            Organisation
          </button>
          <button type="button" aria-pressed={by === 'function'} onClick={() => setBy('function')}>
            Function
          </button>
        </div>
      </div>
      <p className="muted">
        {splitSentence(report, by)} Click a bar to see those people on the map.
      </p>
      {bars.length === 0 ? (
        <p>Nobody has a {noun} yet: fill it in on people's pages to see this.</p>
      ) : (
        <ul>
          {bars.map((bar) => (
            <li key={bar.name} data-testid="health-bar">
              <span className="health-bar-name" title={bar.name}>
                {bar.name}
                {bar.segments[0]?.className === 'inside' && bar.segments[0].key === 'all' ? <span className="muted"> · yours</span> : null}
              </span>
              <span className="health-bar-track">
                {bar.segments.map((segment) => {
                  const label = [bar.name, segment.words].filter(Boolean).join(' ');
                  const text = `${label}: ${plural(segment.personIds.length)}`;
                  return (
                    <button
                      key={segment.key}
                      type="button"
                      className={`health-bar-segment ${segment.className}`}
                      style={{ width: `${(100 * segment.personIds.length) / max}%` }}
                      title={`${text}. Show them on the map.`}
                      aria-label={`${text}. Show them on the map`}
                      onClick={() => onShowOnMap({ label, personIds: segment.personIds })}
                    />
                  );
                })}
              </span>
              <span className="health-bar-count">{bar.count}</span>
            </li>
          ))}
        </ul>
      )}
      {by === 'function' && bars.length ? (
        <p className="health-bars-key muted" aria-hidden="true">
          <span className="health-key inside" /> your organisation <span className="health-key outside" /> other organisations{' '}
          <span className="health-key unknown" /> not known
        </p>
      ) : null}
    </div>
  );
}
