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
  // Counts (samples drawn, steps) read best as plain integers with thousands separators.
  if (Number.isInteger(value) && abs < 1e12 && abs >= 1e4)
    return value.toLocaleString('en-US').replace('-', '−');
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
