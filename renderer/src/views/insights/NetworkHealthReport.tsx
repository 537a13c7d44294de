/**
 * Insights' network health report (issue 14): how large, diverse, deep and
 * boundary-spanning the network is, what is going quiet, whom to reconnect
 * with and what to do this week. Computed in a worker (health.worker.ts)
 * from a replica of the document, again once edits pause, so the window
 * never waits for it.
 */
import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import type { Metric, MetricGroup } from '../../../../shared/analytics/network-health';
import { TIME_ZONE } from '../../doc/useNow';
import { EmptyState } from '../../ui/EmptyState';
import { HealthClient } from './health-client';
import type { HealthReport } from './health-messages';
import { TrendChart, type TrendSeries } from './TrendChart';
import { TieBars } from './TieBars';
import { EgoDiagram } from './EgoDiagram';
import type { ShownPeople } from '../map/ShownPeopleBar';

/** Fewer ties than this give numbers that mean nothing; the report says how to get there instead. */
export const MIN_TIES = 3;
const RECOMPUTE_AFTER_MS = 1500;
const HOUR_MS = 3_600_000;
const INDEX_RANGE: [number, number] = [0, 1];

const GROUPS: readonly { group: MetricGroup; title: string }[] = [
  { group: 'size', title: 'Size' },
  { group: 'diversity', title: 'Diversity' },
  { group: 'structure', title: 'Spanning boundaries' },
  { group: 'depth', title: 'Depth' },
];

function formatValue(metric: Metric): string {
  if (metric.value === null) return '—';
  if (metric.group === 'depth') return `${Math.round(metric.value * 100)}%`;
  if (metric.id === 'activeTies' || metric.id === 'dormantTies' || metric.id === 'circlesReached') return String(metric.value);
  return metric.value.toFixed(metric.id === 'newTiesPerMonth' || metric.id === 'effectiveSize' ? 1 : 2);
}

function useHealthReport(doc: Y.Doc, docName: string | undefined): { report: HealthReport | null; error: string | null } {
  const [report, setReport] = useState<HealthReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const client = new HealthClient(doc, docName);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const ask = () =>
      client.report(new Date(), TIME_ZONE).then(
        (next) => alive && (setReport(next), setError(null)),
        (failure: Error) => alive && setError(`The report could not be made (${failure.message}). Reopen Insights to try again.`),
      );
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(ask, RECOMPUTE_AFTER_MS);
    };
    void ask();
    doc.on('update', later);
    // Silence grows while nothing is edited: a report left open is remade each hour.
    const hourly = setInterval(ask, HOUR_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
      clearInterval(hourly);
      doc.off('update', later);
      client.destroy();
    };
  }, [doc, docName]);
  return { report, error };
}

interface NetworkHealthReportProps {
  doc: Y.Doc;
  /** This profile's IndexedDB database, which the worker reads itself. */
  docName?: string;
  onOpenPerson(id: string): void;
  /** Opens the map showing only these people (a bar, a segment, a circle). */
  onShowOnMap(shown: ShownPeople): void;
}

export function NetworkHealthReport({ doc, docName, onOpenPerson, onShowOnMap }: NetworkHealthReportProps) {
  const { report, error } = useHealthReport(doc, docName);
  const months = useMemo(() => report?.history.map((point) => point.month) ?? [], [report]);
  const tieSeries = useMemo<TrendSeries[]>(
    () =>
      report
        ? [
            { label: 'Active', colorVar: '--accent', values: report.history.map((point) => point.active) },
            { label: 'Dormant', colorVar: '--muted', values: report.history.map((point) => point.dormant) },
          ]
        : [],
    [report],
  );
  const diversitySeries = useMemo<TrendSeries[]>(
    () =>
      report
        ? [
            { label: 'Organisations', colorVar: '--accent', values: report.history.map((point) => point.blauOrg) },
            { label: 'Functions', colorVar: '--chart-2', values: report.history.map((point) => point.blauFunction) },
            { label: 'Places', colorVar: '--chart-3', values: report.history.map((point) => point.blauLocation) },
          ]
        : [],
    [report],
  );

  return (
    <section aria-labelledby="health-title" className="insights-section" data-testid="network-health">
      <h2 id="health-title">Network health</h2>
      {error ? <p className="field-error">{error}</p> : null}
      {!report ? (
        <p className="muted">Measuring your network…</p>
      ) : report.ties < MIN_TIES ? (
        <EmptyState icon="people" title="Not enough people to measure yet">
          <p>
            Add at least {MIN_TIES} people, with their organisation and how close you are; this report then shows how large,
            diverse and deep your network is, and whom to reconnect with.
          </p>
        </EmptyState>
      ) : (
        <>
          <div className="health-charts">
            <TrendChart title="Active and dormant ties" months={months} series={tieSeries} digits={0} testId="health-ties-chart" />
            <TrendChart title="Diversity (Blau's index, 0–1)" months={months} series={diversitySeries} digits={2} range={INDEX_RANGE} testId="health-diversity-chart" />
          </div>
          <div className="health-pictures">
            <TieBars report={report} onShowOnMap={onShowOnMap} />
            <EgoDiagram report={report} onOpenPerson={onOpenPerson} onShowOnMap={onShowOnMap} />
          </div>
          <div className="health-metrics">
            {GROUPS.map(({ group, title }) => (
              <div key={group} className="card health-group">
                <h3>{title}</h3>
                <dl>
                  {report.metrics
                    .filter((metric) => metric.group === group)
                    .map((metric) => (
                      <div key={metric.id} className="health-metric" title={`${metric.meaning} ${metric.raise}`} data-testid={`metric-${metric.id}`}>
                        <dt>{metric.label}</dt>
                        <dd>
                          {formatValue(metric)}
                          {metric.coverage !== undefined ? <span className="muted"> · {Math.round(metric.coverage * 100)}% known</span> : null}
                        </dd>
                      </div>
                    ))}
                </dl>
                {/* The same words as the hover, for keyboards and screen readers. */}
                <details className="health-explain">
                  <summary>What these mean</summary>
                  <dl>
                    {report.metrics
                      .filter((metric) => metric.group === group)
                      .map((metric) => (
                        <div key={metric.id}>
                          <dt>{metric.label}</dt>
                          <dd>
                            {metric.meaning} <span className="muted">{metric.raise}</span>
                          </dd>
                        </div>
                      ))}
                  </dl>
                </details>
              </div>
            ))}
          </div>
          <PeopleList
            title="Reconnect"
            hint="Dormant ties worth a message: once close, well placed, silent for long."
            empty="Nobody is dormant: everyone is within their keep-in-touch cadence."
            items={report.reconnect.map((candidate) => ({
              id: candidate.personId,
              name: candidate.name,
              detail: [candidate.reasons.join(', '), `silent ${candidate.silentDays} days`].filter(Boolean).join(' · '),
              extra: candidate.starter,
            }))}
            testId="reconnect"
            onOpenPerson={onOpenPerson}
          />
          {report.goingQuiet.length ? (
            <PeopleList
              title="Quieter than usual"
              hint="Silent for more than 8 times their usual gap between contacts."
              empty=""
              items={report.goingQuiet.slice(0, 8).map((tie) => ({
                id: tie.personId,
                name: tie.name,
                detail: `${Math.round(tie.rhythm.silenceDays)} days quiet, usually ${Math.round(tie.rhythm.usualIntervalDays)}`,
                extra: '',
              }))}
              testId="going-quiet"
              onOpenPerson={onOpenPerson}
            />
          ) : null}
          <div className="card health-week">
            <h3>This week</h3>
            <ol>
              {report.actions.map((action) => (
                <li key={action.text} data-testid="health-action">
                  {action.personIds[0] ? (
                    <button type="button" className="link-button" onClick={() => onOpenPerson(action.personIds[0]!)}>
                      {action.text}
                    </button>
                  ) : action.show ? (
                    <button type="button" className="link-button" onClick={() => onShowOnMap(action.show!)}>
                      {action.text}
                    </button>
                  ) : (
                    action.text
                  )}
                </li>
              ))}
            </ol>
          </div>
        </>
      )}
    </section>
  );
}

interface ListItem {
  id: string;
  name: string;
  detail: string;
  extra: string;
}

function PeopleList(props: {
  title: string;
  hint: string;
  empty: string;
  items: ListItem[];
  testId: string;
  onOpenPerson(id: string): void;
}) {
  return (
    <div className="card health-people">
      <h3>{props.title}</h3>
      <p className="muted">{props.hint}</p>
      {props.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <ul>
          {props.items.map((item) => (
            <li key={item.id} data-testid={props.testId}>
              <button type="button" className="health-person" onClick={() => props.onOpenPerson(item.id)}>
                <span className="row-name">{item.name}</span>
                <span className="row-sub">{item.detail}</span>
                {item.extra ? <span className="health-starter">{item.extra}</span> : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
