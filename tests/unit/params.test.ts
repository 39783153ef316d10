import { describe, expect, it } from 'vitest';
import {
  defaultValues,
  parseParams,
  schemaProblems,
  seedParam,
  serializeParams,
  toQueryString,
  type ParamSchema,
} from '../../src/widgets/params';

const schema = {
  mu: {
    type: 'vector',
    length: 2,
    min: -5,
    max: 5,
    step: 0.01,
    default: [1, 0],
    label: 'μ',
    description: 'mean',
  },
  n: { type: 'integer', min: 10, max: 1000, default: 100, label: 'N', description: 'samples' },
  rate: {
    type: 'number',
    min: 0,
    max: 1,
    step: 0.001,
    default: 0.1,
    label: 'rate',
    description: 'rate',
  },
  on: { type: 'boolean', default: false, label: 'on', description: 'toggle' },
  mode: { type: 'select', options: ['a', 'b'], default: 'a', label: 'mode', description: 'mode' },
  cov: {
    type: 'matrix',
    rows: 2,
    cols: 2,
    min: -9,
    max: 9,
    step: 0.01,
    default: [
      [1, 0],
      [0, 1],
    ],
    label: 'Σ',
    description: 'cov',
  },
} satisfies ParamSchema;

const parse = (query: string, prefix = '') =>
  parseParams(schema, new URLSearchParams(query), prefix);

describe('parseParams(schema, search)', () => {
  it('returns the defaults and no notice for an empty query', () => {
    const { values, notices } = parse('');
    expect(values).toEqual(defaultValues(schema));
    expect(notices).toEqual([]);
  });

  it('reads every parameter type from its text form', () => {
    const { values, notices } = parse('mu=0.5,-1&n=250&rate=0.25&on=1&mode=b&cov=2,1,1,3');
    expect(notices).toEqual([]);
    expect(values).toEqual({
      mu: [0.5, -1],
      n: 250,
      rate: 0.25,
      on: true,
      mode: 'b',
      cov: [
        [2, 1],
        [1, 3],
      ],
    });
  });

  it.each([
    ['n=NaN', 'n', 100],
    ['n=', 'n', 100],
    ['n=Infinity', 'n', 100],
    ['n=0x10', 'n', 100],
    ['n=1e999', 'n', 1000],
    ['n=-1e999', 'n', 10],
    ['n=5000', 'n', 1000],
    ['n=12.6', 'n', 13],
    ['rate=-3', 'rate', 0],
    ['rate=abc', 'rate', 0.1],
  ])('%s is clamped or reset with a notice naming the parameter', (query, name, expected) => {
    const { values, notices } = parse(query);
    expect((values as Record<string, unknown>)[name]).toBe(expected);
    expect(notices).toHaveLength(1);
    expect(notices[0].param).toBe(name);
  });

  it('resets a vector of the wrong arity to its default with a notice', () => {
    const { values, notices } = parse('mu=1,2,3');
    expect(values.mu).toEqual([1, 0]);
    expect(notices[0]).toMatchObject({ param: 'mu' });
    expect(notices[0].message).toMatch(/expected 2/);
  });

  it('clamps vector and matrix entries outside the range', () => {
    const { values, notices } = parse('mu=99,-99&cov=100,0,0,1');
    expect(values.mu).toEqual([5, -5]);
    expect(values.cov).toEqual([
      [9, 0],
      [0, 1],
    ]);
    expect(notices.map((n) => n.param)).toEqual(['mu', 'cov']);
  });

  it('rejects a select value that is not an option, and a boolean that is not 0/1', () => {
    const { values, notices } = parse('mode=<script>alert(1)</script>&on=yes');
    expect(values.mode).toBe('a');
    expect(values.on).toBe(false);
    expect(notices.map((n) => n.param)).toEqual(['on', 'mode']);
    // The payload appears only as quoted, shortened text in the message, never as markup.
    expect(notices[1].message.startsWith('"<script>alert(1)</script>"')).toBe(true);
  });

  it('reports unknown names and ignores the page-level names present and backend', () => {
    const { notices } = parse('foo=1&present=1&backend=wasm');
    expect(notices).toEqual([{ param: 'foo', message: expect.stringMatching(/not a parameter/) }]);
  });

  it('with a prefix, reads only its own keys and leaves other widgets’ keys alone', () => {
    const { values, notices } = parse('w.n=300&other.n=5&w.bogus=1', 'w.');
    expect(values.n).toBe(300);
    expect(notices).toEqual([{ param: 'bogus', message: expect.any(String) }]);
  });

  it('uses the last of repeated values and says so', () => {
    const { values, notices } = parse('n=20&n=30');
    expect(values.n).toBe(30);
    expect(notices[0].message).toMatch(/2 times/);
  });
});

describe('serializeParams(schema, values)', () => {
  it('round-trips through parseParams for every parameter type', () => {
    const values = {
      mu: [0.25, -1.5],
      n: 321,
      rate: 0.125,
      on: true,
      mode: 'b' as const,
      cov: [
        [2, 0.5],
        [0.5, 1],
      ],
    };
    const query = toQueryString(serializeParams(schema, values));
    expect(parse(query).values).toEqual(values);
  });

  it('writes keys in schema order with readable commas', () => {
    const query = toQueryString(serializeParams(schema, defaultValues(schema), 'w.'));
    expect(query).toBe('w.mu=1,0&w.n=100&w.rate=0.1&w.on=0&w.mode=a&w.cov=1,0,0,1');
  });

  it('drops float noise on the step grid but keeps off-grid defaults exact', () => {
    const s = {
      x: {
        type: 'number',
        min: 0,
        max: 5,
        step: 0.01,
        default: Math.sqrt(3),
        label: 'x',
        description: 'x',
      },
    } satisfies ParamSchema;
    expect(serializeParams(s, { x: 1.2300000000000002 })).toEqual([['x', '1.23']]);
    const exact = serializeParams(s, { x: Math.sqrt(3) })[0][1];
    expect(Number(exact)).toBe(Math.sqrt(3));
  });
});

describe('schemaProblems(schema)', () => {
  it('accepts a consistent schema', () => {
    expect(schemaProblems(schema)).toEqual([]);
  });

  it('finds a default outside the range and a bad name', () => {
    const bad = {
      BadName: {
        type: 'number',
        min: 0,
        max: 1,
        step: 0.1,
        default: 2,
        label: 'x',
        description: 'x',
      },
    } satisfies ParamSchema;
    expect(schemaProblems(bad)).toHaveLength(2);
  });
});

describe('parseParams with names from Object.prototype', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'reports %s as unknown',
    (name) => {
      const { notices } = parseParams(schema, new URLSearchParams(`${name}=1`));
      expect(notices).toEqual([{ param: name, message: expect.stringMatching(/not a parameter/) }]);
    },
  );
});

describe('seedParam', () => {
  it('is an integer from 0 to max labelled Seed, default 1 and max 99,999 unless given', () => {
    expect(seedParam('Draws the data.')).toEqual({
      type: 'integer',
      min: 0,
      max: 99_999,
      default: 1,
      label: 'Seed',
      description: 'Draws the data.',
    });
    expect(seedParam('d', { max: 9999, default: 4 })).toMatchObject({ max: 9999, default: 4 });
  });

  it('passes the schema check, and a seed past its range is clamped with a notice', () => {
    const seeded = { seed: seedParam('d', { max: 9999 }) } satisfies ParamSchema;
    expect(schemaProblems(seeded)).toEqual([]);
    const { values, notices } = parseParams(seeded, new URLSearchParams('seed=123456'));
    expect(values.seed).toBe(9999);
    expect(notices.map((n) => n.param)).toEqual(['seed']);
  });
});
