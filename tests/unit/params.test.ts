import { describe, expect, it } from 'vitest';
import {
  clampToSchema,
  defaultValues,
  learningRateParam,
  optimizerParam,
  parseParams,
  RESERVED_PARAM_NAMES,
  schemaProblems,
  seedParam,
  selectParam,
  stepsParam,
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

  const base = { label: 'x', description: 'x' };
  it.each([
    [
      'a log scale with min ≤ 0',
      { a: { ...base, type: 'number', min: 0, max: 1, step: 0.1, default: 0.5, log: true } },
      /log scale needs min > 0/,
    ],
    [
      'a step of 0',
      { a: { ...base, type: 'number', min: 0, max: 1, step: 0, default: 0.5 } },
      /step must be positive/,
    ],
    [
      'a negative vector step',
      { a: { ...base, type: 'vector', length: 1, min: 0, max: 1, step: -1, default: [0] } },
      /step must be positive/,
    ],
    [
      'option labels of the wrong length',
      {
        a: {
          ...base,
          type: 'select',
          options: ['p', 'q'],
          optionLabels: ['P'],
          default: 'p',
        },
      },
      /1 option labels for 2 options/,
    ],
    [
      'an option listed twice',
      { a: { ...base, type: 'select', options: ['p', 'p'], default: 'p' } },
      /listed twice/,
    ],
    ...RESERVED_PARAM_NAMES.map((name) => [
      `the reserved name ${name}`,
      { [name]: { ...base, type: 'boolean', default: false } },
      /reserved for the kit/,
    ]),
    [
      'a matrix default outside the range',
      {
        a: {
          ...base,
          type: 'matrix',
          rows: 1,
          cols: 2,
          min: 0,
          max: 1,
          step: 0.1,
          default: [[0.5, 3]],
        },
      },
      /default outside range/,
    ],
    [
      'a non-integer integer default',
      { a: { ...base, type: 'integer', min: 0, max: 10, default: 2.5 } },
      /whole numbers/,
    ],
    [
      'a missing description',
      { a: { label: 'x', description: ' ', type: 'boolean', default: true } },
      /description is missing/,
    ],
  ] as [string, ParamSchema, RegExp][])('rejects %s', (_, bad, pattern) => {
    expect(schemaProblems(bad).join('\n')).toMatch(pattern);
  });
});

describe('clampToSchema(schema, patch)', () => {
  const s = {
    ...schema,
    mode: selectParam({ options: ['a', 'b'], default: 'a', label: 'm', description: 'm' }),
    on: { type: 'boolean', default: false, label: 'on', description: 'on' },
    cov: {
      type: 'matrix',
      rows: 2,
      cols: 2,
      min: -4,
      max: 4,
      step: 0.1,
      default: [
        [1, 0],
        [0, 1],
      ],
      label: 'Σ',
      description: 'covariance',
    },
  } as const satisfies ParamSchema;

  it('clamps numbers to their range and rounds integers', () => {
    expect(clampToSchema(s, { rate: 7, n: 5.6 })).toEqual({ rate: 1, n: 10 });
    expect(clampToSchema(s, { n: 123.4 })).toEqual({ n: 123 });
  });

  it('clamps vector and matrix entries, and drops the wrong shape', () => {
    expect(clampToSchema(s, { mu: [9, -9] })).toEqual({ mu: [5, -5] });
    expect(clampToSchema(s, { mu: [1, 2, 3] })).toEqual({});
    expect(
      clampToSchema(s, {
        cov: [
          [9, 0],
          [0, 1],
        ],
      }),
    ).toEqual({
      cov: [
        [4, 0],
        [0, 1],
      ],
    });
    expect(clampToSchema(s, { cov: [[1, 0]] })).toEqual({});
  });

  it('drops what it cannot use: NaN, an unknown option, an unknown name', () => {
    expect(clampToSchema(s, { rate: NaN, mode: 'z', nope: 1, mu: [NaN, 0] })).toEqual({});
    expect(clampToSchema(s, { mode: 'b', on: 1 })).toEqual({ mode: 'b', on: true });
  });
});

describe('parameter helpers', () => {
  it('selectParam infers the options as the value type, default among them', () => {
    const spec = selectParam({
      options: ['pq', 'qp'],
      default: 'qp',
      label: 'Direction',
      description: 'Which KL.',
    });
    const direction: 'pq' | 'qp' = spec.default;
    expect(direction).toBe('qp');
    expect(schemaProblems({ direction: spec })).toEqual([]);
  });

  it('optimizerParam labels the core optimizers, in the order given', () => {
    const spec = optimizerParam({ options: ['adam', 'momentum'], description: 'How it learns.' });
    expect(spec).toMatchObject({
      type: 'select',
      options: ['adam', 'momentum'],
      optionLabels: ['Adam', 'SGD with momentum 0.9'],
      default: 'adam',
    });
    expect(optimizerParam({ description: 'd' }).options).toEqual(['adam', 'momentum', 'sgd']);
  });

  it('learningRateParam and stepsParam are log sliders that pass the schema check', () => {
    const lr = learningRateParam({ min: 1e-3, max: 10, default: 0.01, description: 'Step size.' });
    const steps = stepsParam({ max: 5000, default: 1000, description: 'Run length.' });
    expect(lr).toMatchObject({ type: 'number', log: true, step: 1e-3, label: 'Learning rate' });
    expect(steps).toMatchObject({ type: 'integer', min: 10, log: true, label: 'Steps' });
    expect(schemaProblems({ lr, steps })).toEqual([]);
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
