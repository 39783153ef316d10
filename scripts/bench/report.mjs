// Statistics and plain-text tables for the benchmark report.

/** The q-quantile (0 ≤ q ≤ 1) of numbers, by linear interpolation between order statistics. */
export function quantile(values, q) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/** Milliseconds with three significant digits (0.0123, 1.23, 12.3, 123, 1234). */
export function ms(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

/** Kilobytes (1000 bytes) with one decimal. */
export const kb = (bytes) => (Number.isFinite(bytes) ? (bytes / 1000).toFixed(1) : '–');

/** A table with aligned columns; numeric-looking cells are right-aligned. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c ?? '')));
  const widths = headers.map((_, j) => Math.max(...cells.map((row) => row[j]?.length ?? 0)));
  const numeric = (text) => /^[-+]?[\d.,]+( ?(ms|KB|%|×))?$|^–$/.test(text);
  const line = (row) =>
    row
      .map((c, j) => (numeric(c) && j > 0 ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

/** A markdown table, for pasting into the README. */
export function markdownTable(headers, rows) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n');
}
