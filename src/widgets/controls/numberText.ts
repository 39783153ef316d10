/** Number parsing and display shared by the controls that accept typed numbers. */

/** Strict decimal number: digits with optional sign, point and exponent; no hex, no "Infinity". */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The number a user typed, or null when the text is not a finite decimal number. */
export function parseNumberText(text: string): number | null {
  const trimmed = text.trim().replace(/^\u2212/, '-');
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Decimals in the written form of a step: 0.25 → 2, 1e-7 → 7, 5 → 0. */
export function stepDecimals(step: number): number {
  if (!(step > 0) || !Number.isFinite(step)) return 6;
  const [mantissa, exponent] = step.toExponential().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.min(12, Math.max(0, fraction - Number(exponent)));
}

/** A value as plain decimal text at the precision of `step`, trailing zeros dropped. */
export function formatForStep(value: number, step: number): string {
  if (!Number.isFinite(value)) return '';
  return String(Number(value.toFixed(stepDecimals(step))));
}

/** A value rounded to `digits` significant digits, as a number. */
export function roundSignificant(value: number, digits = 3): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}
