/** One numeric readout of a widget, with its full-precision value in `data-value` for tests. */
export interface ReadoutProps {
  /** Stable machine name, e.g. `kl_pq`; becomes `data-readout`. */
  name: string;
  /** What the number is, e.g. "KL(p‖q)". */
  label: string;
  /** The value; non-finite values show a dash and their kind. */
  value: number;
  /** Significant digits shown (the data-value keeps all of them). */
  digits?: number;
  /** Unit or note after the number, e.g. "nats". */
  unit?: string;
  /** Colour swatch for the series the number belongs to. */
  color?: string;
}

export function formatNumber(value: number, digits = 4): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  // Whole numbers (counts of samples, steps, points) read best as plain integers, with
  // thousands separators from 10,000.
  if (Number.isInteger(value) && abs < 1e12)
    return (abs >= 1e4 ? value.toLocaleString('en-US') : String(value)).replace('-', '−');
  const text =
    abs >= 1e5 || abs < 1e-4 ? value.toExponential(digits - 1) : value.toPrecision(digits);
  return text.replace('-', '−');
}

export function Readout({ name, label, value, digits = 4, unit, color }: ReadoutProps) {
  return (
    <div className="readout" data-readout={name} data-value={String(value)}>
      <dt>
        {color && <span className="swatch" style={{ background: color }} aria-hidden="true" />}
        {label}
      </dt>
      <dd>
        {formatNumber(value, digits)}
        {unit && <span className="unit"> {unit}</span>}
      </dd>
    </div>
  );
}

/** A group of readouts that screen readers hear when the numbers settle. */
export function Readouts({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <dl className="readouts" aria-label={label} aria-live="polite">
      {children}
    </dl>
  );
}

/** A column of a readout grid: one arm or series (its values sit under its name). */
export interface ReadoutColumn {
  /** Machine name, the first part of each cell's `data-readout` (`plain` in `plain_test_loss`). */
  key: string;
  label: string;
  /** The series colour, as a swatch beside the name. */
  color?: string;
}

/** A row of a readout grid: one quantity measured in every column. */
export interface ReadoutRow {
  /** Machine name, the second part of each cell's `data-readout`. */
  key: string;
  label: string;
  unit?: string;
  /** Significant digits shown (default 4). */
  digits?: number;
  /** The series colour, as a swatch beside the quantity's name (when the rows are the arms). */
  color?: string;
}

export interface ReadoutGridProps {
  /** What the table holds, as its caption (and the live region's name). */
  label: string;
  columns: readonly ReadoutColumn[];
  rows: readonly ReadoutRow[];
  /** The number in a cell; a non-finite value shows a dash or ∞. */
  value: (row: string, column: string) => number;
}

/**
 * The same quantities for several arms, as a table: a row per quantity, a column per arm. Each
 * cell carries `data-readout="<column>_<row>"` and the full-precision `data-value`.
 */
export function ReadoutGrid({ label, columns, rows, value }: ReadoutGridProps) {
  return (
    <table className="readout-grid" aria-live="polite">
      <caption>{label}</caption>
      <thead>
        <tr>
          <td />
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {c.color && (
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              )}
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              {r.color && (
                <span className="swatch" style={{ background: r.color }} aria-hidden="true" />
              )}
              {r.label}
            </th>
            {columns.map((c) => {
              const v = value(r.key, c.key);
              return (
                <td key={c.key} data-readout={`${c.key}_${r.key}`} data-value={String(v)}>
                  {formatNumber(v, r.digits)}
                  {r.unit && <span className="unit"> {r.unit}</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
