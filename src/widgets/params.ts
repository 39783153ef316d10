/**
 * A widget's parameter schema, and everything derived from it: defaults, validation of values
 * that come from a URL, and the query string that carries the state.
 *
 * The URL is untrusted: every value is parsed as a number, a boolean or one of a fixed list of
 * options, never echoed as markup. A bad value is clamped or reset, and a notice names it.
 */

interface BaseSpec {
  /** Short label shown next to the control. */
  label: string;
  /** One sentence for screen readers and the docs. */
  description: string;
}

export interface NumberSpec extends BaseSpec {
  type: 'number';
  min: number;
  max: number;
  step: number;
  default: number;
  /** Show and edit the value on a log10 scale (for sizes like N = 10 … 10⁶). */
  log?: boolean;
  unit?: string;
}

export interface IntegerSpec extends BaseSpec {
  type: 'integer';
  min: number;
  max: number;
  step?: number;
  default: number;
  log?: boolean;
}

export interface BooleanSpec extends BaseSpec {
  type: 'boolean';
  default: boolean;
}

export interface SelectSpec<T extends string = string> extends BaseSpec {
  type: 'select';
  options: readonly T[];
  /** Human-readable names for the options, in the same order. */
  optionLabels?: readonly string[];
  default: T;
}

export interface VectorSpec extends BaseSpec {
  type: 'vector';
  length: number;
  min: number;
  max: number;
  step: number;
  default: readonly number[];
}

export interface MatrixSpec extends BaseSpec {
  type: 'matrix';
  rows: number;
  cols: number;
  min: number;
  max: number;
  step: number;
  default: readonly (readonly number[])[];
}

/**
 * The spec of a widget's `seed`: an integer in [0, max] labelled "Seed", so that the same link
 * always draws the same data. `description` says what the seed draws.
 */
export function seedParam(
  description: string,
  { max = 99_999, default: initial = 1 }: { max?: number; default?: number } = {},
): IntegerSpec {
  return { type: 'integer', min: 0, max, default: initial, label: 'Seed', description };
}

export type ParamSpec =
  NumberSpec | IntegerSpec | BooleanSpec | SelectSpec | VectorSpec | MatrixSpec;

export type ParamSchema = Record<string, ParamSpec>;

type ValueOf<S extends ParamSpec> = S extends NumberSpec | IntegerSpec
  ? number
  : S extends BooleanSpec
    ? boolean
    : S extends SelectSpec<infer T>
      ? T
      : S extends VectorSpec
        ? number[]
        : S extends MatrixSpec
          ? number[][]
          : never;

/** The state a schema describes: one value per parameter. */
export type ParamValues<S extends ParamSchema> = { [K in keyof S]: ValueOf<S[K]> };

/** A message about one parameter whose URL value could not be used as given. */
export interface ParamNotice {
  param: string;
  message: string;
}

export function defaultValues<S extends ParamSchema>(schema: S): ParamValues<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) values[name] = cloneDefault(spec);
  return values as ParamValues<S>;
}

function cloneDefault(spec: ParamSpec): unknown {
  switch (spec.type) {
    case 'vector':
      return [...spec.default];
    case 'matrix':
      return spec.default.map((row) => [...row]);
    default:
      return spec.default;
  }
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Shown in a notice: the raw text, shortened, as plain text (React escapes it). */
function quote(raw: string): string {
  const short = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return JSON.stringify(short);
}

/** Strict decimal number: no hex, no empty string, no "Infinity". */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(raw: string): number | null {
  const text = raw.trim();
  if (!NUMBER.test(text)) return null;
  const x = Number(text);
  return Number.isNaN(x) ? null : x;
}

type Parsed = { value: unknown; notice?: string };

function parseScalar(
  raw: string,
  spec: { min: number; max: number; default: number },
  integer: boolean,
): Parsed {
  const x = parseNumber(raw);
  if (x === null)
    return {
      value: spec.default,
      notice: `${quote(raw)} is not a number; reset to ${spec.default}`,
    };
  if (!Number.isFinite(x) || x < spec.min || x > spec.max) {
    const c = clamp(x, spec.min, spec.max);
    return {
      value: integer ? Math.round(c) : c,
      notice: `${quote(raw)} is outside [${spec.min}, ${spec.max}]; clamped to ${integer ? Math.round(c) : c}`,
    };
  }
  if (integer && !Number.isInteger(x)) {
    return {
      value: Math.round(x),
      notice: `${quote(raw)} is not a whole number; rounded to ${Math.round(x)}`,
    };
  }
  return { value: x };
}

function parseList(
  raw: string,
  spec: { min: number; max: number },
  expected: number,
  fallback: number[],
): Parsed {
  const parts = raw.split(',');
  if (parts.length !== expected) {
    return {
      value: fallback,
      notice: `expected ${expected} comma-separated numbers, got ${parts.length}; reset to the default`,
    };
  }
  const out: number[] = [];
  let clamped = false;
  for (const part of parts) {
    const x = parseNumber(part);
    if (x === null) {
      return { value: fallback, notice: `${quote(part)} is not a number; reset to the default` };
    }
    const c = clamp(x, spec.min, spec.max);
    if (c !== x) clamped = true;
    out.push(c);
  }
  return clamped
    ? { value: out, notice: `entries outside [${spec.min}, ${spec.max}] were clamped` }
    : { value: out };
}

function parseValue(raw: string, spec: ParamSpec): Parsed {
  switch (spec.type) {
    case 'number':
      return parseScalar(raw, spec, false);
    case 'integer':
      return parseScalar(raw, spec, true);
    case 'boolean':
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return {
        value: spec.default,
        notice: `${quote(raw)} is not 0 or 1; reset to ${spec.default ? 1 : 0}`,
      };
    case 'select':
      if ((spec.options as readonly string[]).includes(raw)) return { value: raw };
      return {
        value: spec.default,
        notice: `${quote(raw)} is not one of ${spec.options.join(', ')}; reset to ${spec.default}`,
      };
    case 'vector':
      return parseList(raw, spec, spec.length, [...spec.default]);
    case 'matrix': {
      const flat = parseList(raw, spec, spec.rows * spec.cols, spec.default.flat());
      const values = flat.value as number[];
      const rows = Array.from({ length: spec.rows }, (_, i) =>
        values.slice(i * spec.cols, (i + 1) * spec.cols),
      );
      return { value: rows, notice: flat.notice };
    }
  }
}

/**
 * Reads a widget's state from a query string. Parameters are named `prefix + name` (the article
 * page prefixes them with the widget id, `ellipses.mu_p=…`; the embed page does not).
 * Unknown names under the prefix are reported; names of other widgets are left alone.
 */
export function parseParams<S extends ParamSchema>(
  schema: S,
  search: URLSearchParams,
  prefix = '',
): { values: ParamValues<S>; notices: ParamNotice[] } {
  const values = defaultValues(schema) as Record<string, unknown>;
  const notices: ParamNotice[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    const all = search.getAll(prefix + name);
    if (all.length === 0) continue;
    if (all.length > 1) {
      notices.push({ param: name, message: `given ${all.length} times; the last value is used` });
    }
    const parsed = parseValue(all[all.length - 1], spec);
    values[name] = parsed.value;
    if (parsed.notice) notices.push({ param: name, message: parsed.notice });
  }
  const reserved = new Set(['present', 'backend', 'embed']);
  for (const key of new Set(search.keys())) {
    if (reserved.has(key)) continue;
    if (prefix ? key.startsWith(prefix) : !key.includes('.')) {
      const name = key.slice(prefix.length);
      if (!Object.hasOwn(schema, name))
        notices.push({ param: name, message: 'is not a parameter of this widget; ignored' });
    }
  }
  return { values: values as ParamValues<S>, notices };
}

/**
 * Short decimal text for a value on the parameter's grid (float noise such as 1.2300000000000002
 * is dropped); a value off the grid, like a default of √3, keeps every digit so it round-trips.
 */
function formatNumber(x: number, step: number): string {
  const decimals = Math.max(0, Math.min(12, Math.ceil(-Math.log10(step)) + 2));
  const short = Number(x.toFixed(decimals));
  return String(Math.abs(short - x) <= step * 1e-6 ? short : x);
}

function formatValue(value: unknown, spec: ParamSpec): string {
  switch (spec.type) {
    case 'number':
      return formatNumber(value as number, spec.step);
    case 'integer':
      return String(Math.round(value as number));
    case 'boolean':
      return value ? '1' : '0';
    case 'select':
      return String(value);
    case 'vector':
      return (value as number[]).map((x) => formatNumber(x, spec.step)).join(',');
    case 'matrix':
      return (value as number[][])
        .flat()
        .map((x) => formatNumber(x, spec.step))
        .join(',');
  }
}

/**
 * The query-string pairs of a state, in schema order (stable and readable). Values equal to
 * the default are included too, so a link keeps its meaning if a default changes later.
 */
export function serializeParams<S extends ParamSchema>(
  schema: S,
  values: ParamValues<S>,
  prefix = '',
): [string, string][] {
  return Object.entries(schema).map(([name, spec]) => [
    prefix + name,
    formatValue((values as Record<string, unknown>)[name], spec),
  ]);
}

/** `a=1&b=2,3` without percent-encoding the commas, so links stay readable. */
export function toQueryString(pairs: [string, string][]): string {
  return pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replace(/%2C/gi, ',')}`)
    .join('&');
}

/** Checks a schema's own consistency (defaults inside ranges, etc.); used by the tests. */
export function schemaProblems(schema: ParamSchema): string[] {
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`${name}: name must be lower_snake_case`);
    if (spec.type === 'number' || spec.type === 'integer') {
      if (!(spec.min < spec.max)) problems.push(`${name}: min must be below max`);
      if (spec.default < spec.min || spec.default > spec.max)
        problems.push(`${name}: default outside range`);
    }
    if (spec.type === 'vector') {
      if (spec.default.length !== spec.length) problems.push(`${name}: default has wrong length`);
      if (spec.default.some((x) => x < spec.min || x > spec.max))
        problems.push(`${name}: default outside range`);
    }
    if (spec.type === 'matrix') {
      if (spec.default.length !== spec.rows || spec.default.some((r) => r.length !== spec.cols)) {
        problems.push(`${name}: default has wrong shape`);
      }
    }
    if (spec.type === 'select' && !spec.options.includes(spec.default)) {
      problems.push(`${name}: default is not an option`);
    }
  }
  return problems;
}
