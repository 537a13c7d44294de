/**
 * A line chart of monthly values (uPlot: canvas, ~50 KB, no inline styles
 * or eval, so the CSP holds). Hovering shows each series' value in the
 * legend; the same numbers are in a table below for keyboards and screen
 * readers. Colours come from the theme's CSS variables, so light and dark
 * both read.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { afterPaint } from '../../ui/after-paint';

export interface TrendSeries {
  label: string;
  /** A CSS custom property holding the colour, such as '--accent'. */
  colorVar: string;
  values: (number | null)[];
}

interface TrendChartProps {
  title: string;
  /** "2026-03" per point. */
  months: string[];
  series: TrendSeries[];
  /** Digits shown on hover. */
  digits: number;
  /** A fixed value range (an index from 0 to 1); otherwise the data's. */
  range?: [number, number];
  testId: string;
}

const HEIGHT = 180;
const monthStart = (month: string) => Date.parse(`${month}-01T00:00:00Z`) / 1000;
const monthLabel = (seconds: number) =>
  new Date(seconds * 1000).toLocaleDateString(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' });

export function TrendChart({ title, months, series, digits, range, testId }: TrendChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const draw = (): (() => void) => {
      const started = performance.now();
      const style = getComputedStyle(element);
      const color = (name: string) => style.getPropertyValue(name).trim() || '#888';
      const axis = { stroke: color('--muted'), grid: { stroke: color('--border'), width: 1 }, ticks: { stroke: color('--border') } };
      const plot = new uPlot(
        {
          width: Math.max(280, element.clientWidth),
          height: HEIGHT,
          scales: { x: { time: false }, ...(range ? { y: { range } } : {}) },
          axes: [
            { ...axis, values: (_, ticks) => ticks.map(monthLabel), space: 60 },
            { ...axis, size: 44 },
          ],
          series: [
            { label: 'Month', value: (_, seconds) => (seconds == null ? '' : monthLabel(seconds)) },
            ...series.map((entry) => ({
              label: entry.label,
              stroke: color(entry.colorVar),
              width: 2,
              points: { size: 5 },
              value: (_: uPlot, value: number | null) => (value == null ? '—' : value.toFixed(digits)),
            })),
          ],
        },
        [months.map(monthStart), ...series.map((entry) => entry.values)],
        element,
      );
      // The bench lines this up with the window's long tasks (bench/lib/health-ui.mjs).
      performance.measure(`kith:health-draw-${testId}`, { start: started });
      const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT }));
      resize.observe(element);
      return () => {
        resize.disconnect();
        plot.destroy();
      };
    };
    // Each chart in a task of its own, after the report is on screen: the window never holds one long task for all of them.
    let stop: (() => void) | undefined;
    const cancel = afterPaint(() => (stop = draw()));
    return () => {
      cancel();
      stop?.();
    };
  }, [months, series, digits, range, testId]);

  return (
    <figure className="trend" data-testid={testId}>
      <figcaption className="trend-title">{title}</figcaption>
      <div ref={box} className="trend-plot" role="img" aria-label={`${title}, month by month; the numbers are in the table below`} />
      <details className="trend-numbers">
        <summary>Numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">Month</th>
              {series.map((entry) => (
                <th key={entry.label} scope="col">
                  {entry.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((month, i) => (
              <tr key={month}>
                <th scope="row">{monthLabel(monthStart(month))}</th>
                {series.map((entry) => (
                  <td key={entry.label}>{entry.values[i] == null ? '—' : entry.values[i]!.toFixed(digits)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
