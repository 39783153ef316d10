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

/**
 * A select parameter whose value type is the union of its options, with no cast: `options` is
 * read as a tuple of literals and `default` must be one of them.
 */
export function selectParam<const T extends string>(spec: {
  options: readonly T[];
  default: NoInfer<T>;
  optionLabels?: readonly string[];
  label: string;
  description: string;
}): SelectSpec<T> {
  return { type: 'select', ...spec };
}

/** The optimizers of the core (`createOptimizer`), with their names for a reader. */
export const OPTIMIZER_LABELS = {
  adam: 'Adam',
  momentum: 'SGD with momentum 0.9',
  sgd: 'Plain gradient descent',
} as const;

export type OptimizerOption = keyof typeof OPTIMIZER_LABELS;

/**
 * The optimizer of a training widget: some of Adam, momentum and plain SGD (default all three,
 * in that order), labelled as `createOptimizer` builds them.
 */
export function optimizerParam<const T extends OptimizerOption = OptimizerOption>({
  options = ['adam', 'momentum', 'sgd'] as unknown as readonly T[],
  default: initial = options[0],
  description,
  label = 'Optimizer',
}: {
  options?: readonly T[];
  default?: NoInfer<T>;
  description: string;
  label?: string;
}): SelectSpec<T> {
  return {
    type: 'select',
    options,
    optionLabels: options.map((o) => OPTIMIZER_LABELS[o]),
    default: initial,
    label,
    description,
  };
}

/** A learning rate on a log10 slider from `min` to `max` (both positive), moving in steps of `min`. */
export function learningRateParam({
  min,
  max,
  default: initial,
  description,
  label = 'Learning rate',
}: {
  min: number;
  max: number;
  default: number;
  description: string;
  label?: string;
}): NumberSpec {
  return { type: 'number', min, max, step: min, default: initial, log: true, label, description };
}

/** How long a run lasts: an integer number of steps on a log slider (min 10 unless given). */
export function stepsParam({
  min = 10,
  max,
  default: initial,
  description,
  label = 'Steps',
  log = true,
}: {
  min?: number;
  max: number;
  default: number;
  description: string;
  label?: string;
  log?: boolean;
}): IntegerSpec {
  return { type: 'integer', min, max, default: initial, log, label, description };
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

/** Query names the kit itself reads on every widget (present mode, backend, the embed flag). */
export const KIT_QUERY_NAMES = ['present', 'backend', 'embed'] as const;

/** Names no widget parameter may take: the kit's own query names and those it will add. */
export const RESERVED_PARAM_NAMES: readonly string[] = [
  ...KIT_QUERY_NAMES,
  'scene',
  'hide',
  'lock',
];

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
  const reserved = new Set<string>(KIT_QUERY_NAMES);
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

/**
 * A patch of values brought inside the schema, for the widget's own `set`: numbers clamped to
 * their range (integers rounded), vector and matrix entries clamped, booleans made booleans.
 * Entries it cannot use are left out (the value stays as it was): an unknown name, a non-finite
 * number, a select value that is not an option, a vector or matrix of the wrong shape.
 */
export function clampToSchema<S extends ParamSchema>(
  schema: S,
  patch: Partial<Record<string, unknown>>,
): Partial<ParamValues<S>> {
  const out: Record<string, unknown> = {};
  const inRange = (x: unknown, lo: number, hi: number): number | null =>
    typeof x === 'number' && Number.isFinite(x) ? clamp(x, lo, hi) : null;
  for (const [name, value] of Object.entries(patch)) {
    if (!Object.hasOwn(schema, name)) continue;
    const spec = schema[name];
    switch (spec.type) {
      case 'number':
      case 'integer': {
        const x = inRange(value, spec.min, spec.max);
        if (x !== null) out[name] = spec.type === 'integer' ? Math.round(x) : x;
        break;
      }
      case 'boolean':
        out[name] = Boolean(value);
        break;
      case 'select':
        if ((spec.options as readonly unknown[]).includes(value)) out[name] = value;
        break;
      case 'vector': {
        if (!Array.isArray(value) || value.length !== spec.length) break;
        const xs = value.map((v) => inRange(v, spec.min, spec.max));
        if (xs.every((x) => x !== null)) out[name] = xs;
        break;
      }
      case 'matrix': {
        if (!Array.isArray(value) || value.length !== spec.rows) break;
        const rows = value.map((row) =>
          Array.isArray(row) && row.length === spec.cols
            ? row.map((v) => inRange(v, spec.min, spec.max))
            : null,
        );
        if (rows.every((r) => r !== null && r.every((x) => x !== null))) out[name] = rows;
        break;
      }
    }
  }
  return out as Partial<ParamValues<S>>;
}

/** Checks a schema's own consistency (defaults inside ranges, etc.); used by the tests. */
export function schemaProblems(schema: ParamSchema): string[] {
  const problems: string[] = [];
  const outside = (xs: readonly number[], spec: { min: number; max: number }) =>
    xs.some((x) => !(x >= spec.min && x <= spec.max));
  for (const [name, spec] of Object.entries(schema)) {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) problems.push(`${name}: name must be lower_snake_case`);
    if (RESERVED_PARAM_NAMES.includes(name))
      problems.push(
        `${name}: the name is reserved for the kit (${RESERVED_PARAM_NAMES.join(', ')})`,
      );
    if (!(typeof spec.label === 'string' && spec.label.trim()))
      problems.push(`${name}: label is missing`);
    if (!(typeof spec.description === 'string' && spec.description.trim()))
      problems.push(`${name}: description is missing`);
    if (spec.type === 'number' || spec.type === 'integer') {
      if (!(spec.min < spec.max)) problems.push(`${name}: min must be below max`);
      if (!(spec.default >= spec.min && spec.default <= spec.max))
        problems.push(`${name}: default outside range`);
      if (spec.log && !(spec.min > 0)) problems.push(`${name}: a log scale needs min > 0`);
    }
    if (spec.type === 'integer') {
      if (![spec.min, spec.max, spec.default].every(Number.isInteger))
        problems.push(`${name}: min, max and default of an integer must be whole numbers`);
      if (spec.step !== undefined && !(Number.isInteger(spec.step) && spec.step > 0))
        problems.push(`${name}: step must be a positive whole number`);
    }
    if (spec.type === 'number' || spec.type === 'vector' || spec.type === 'matrix') {
      if (!(spec.step > 0)) problems.push(`${name}: step must be positive`);
    }
    if (spec.type === 'vector') {
      if (spec.default.length !== spec.length) problems.push(`${name}: default has wrong length`);
      if (outside(spec.default, spec)) problems.push(`${name}: default outside range`);
    }
    if (spec.type === 'matrix') {
      if (spec.default.length !== spec.rows || spec.default.some((r) => r.length !== spec.cols)) {
        problems.push(`${name}: default has wrong shape`);
      } else if (outside(spec.default.flat(), spec)) {
        problems.push(`${name}: default outside range`);
      }
    }
    if (spec.type === 'select') {
      if (!spec.options.includes(spec.default)) problems.push(`${name}: default is not an option`);
      if (new Set(spec.options).size !== spec.options.length)
        problems.push(`${name}: an option is listed twice`);
      if (spec.optionLabels && spec.optionLabels.length !== spec.options.length)
        problems.push(
          `${name}: ${spec.optionLabels.length} option labels for ${spec.options.length} options`,
        );
    }
  }
  return problems;
}
