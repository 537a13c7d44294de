/**
 * The results table: case | ms | baseline ms | ratio | goal | met, then each
 * case's detail lines and errors.
 */

const HEADERS = ['case', 'ms', 'baseline ms', 'ratio', 'goal', 'met'];
const NUMERIC = new Set(['ms', 'baseline ms', 'ratio']);

const number = (value) => value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function cells(result) {
  if (result.error) return [result.name, '—', '—', '—', '—', 'error'];
  // A row measured in another unit (a memory row's MiB) says so in its cells; milliseconds go bare.
  const unit = result.unit && result.unit !== 'ms' ? ` ${result.unit}` : '';
  return [
    result.name,
    `${number(result.ms)}${unit}`,
    `${number(result.baselineMs)}${unit}`,
    `${result.ratio.toFixed(2)}×`,
    `≤ ${result.goal}×${result.goalMs ? `, ≤ ${result.goalMs}${unit || ' ms'}` : ''}`,
    result.met ? 'yes' : 'NO',
  ];
}

export function formatTable(results) {
  const rows = [HEADERS, ...results.map(cells)];
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row) =>
    row
      .map((cell, column) => (NUMERIC.has(HEADERS[column]) ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const details = results.flatMap((result) => (result.details ?? []).map((detail) => `${result.name}: ${detail}`));
  const errors = results.filter((result) => result.error).map((result) => `${result.name}: ${result.error}`);
  const notes = [...details, ...errors];
  return [line(HEADERS), rule, ...rows.slice(1).map(line), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
