import { useMemo } from 'react';
import { meanFieldEntropy } from '../math';
import type { AttentionEntropyProgress } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  LinePath,
  Plot,
  Scatter,
  VerticalRule,
  Legend,
  autoDomain,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, ReadoutGrid, Readouts } from '../../../src/widgets/Readout';
import { TrainingControls } from '../../../src/widgets/TrainingControls';
import { selectParam } from '../../../src/widgets/params';
import type { EntropyJob, EntropyTask } from './entropyJob';
import { useEntropyJob } from './useEntropyJob';
import { RuleReadouts } from './RuleReadouts';
import {
  RULES,
  TRAIN_LENGTH,
  formatCount,
  lengthGrid,
  modelParams,
  scaleFor,
  type ScaleRule,
} from './shared';

const MAX_N_OPTIONS = ['64', '128', '256', '512', '1024', '2048', '4096', '8192', '16384'] as const;

const params = {
  ...modelParams,
  max_n: selectParam({
    options: MAX_N_OPTIONS,
    optionLabels: MAX_N_OPTIONS.map((n) => `up to n = ${formatCount(Number(n))}`),
    default: '4096',
    label: 'Longest sequence',
    description:
      'The sweep measures n = 16, 32, 64, … up to this length; every length is an n × n attention matrix.',
  }),
  show_logn: {
    type: 'boolean',
    default: false,
    label: 'Also ln n / √d',
    description: 'Add the unnormalised rule that multiplies the logits by ln n.',
  },
  minus_log_n: {
    type: 'boolean',
    default: false,
    label: 'Subtract ln n',
    description: 'Plot H − ln n, how far each curve stays below the entropy of uniform weights.',
  },
  show_mean_field: {
    type: 'boolean',
    default: true,
    label: 'Mean-field curves',
    description: 'Dashed: the mean-field approximation ln n + K(λ) − λK′(λ) for each rule.',
  },
} as const;

type Values = WidgetProps<typeof params>['values'];

/** The rules a sweep measures, in the order of each task's scales. */
export function sweepRules(values: Pick<Values, 'show_logn'>): ScaleRule[] {
  return values.show_logn ? ['standard', 'invariant', 'logn'] : ['standard', 'invariant'];
}

/** One task per length: n queries against n keys, one scale per rule. */
export function sweepTasks(values: Values): EntropyTask[] {
  const rules = sweepRules(values);
  return lengthGrid(Number(values.max_n)).map((n) => ({
    keys: n,
    queries: n,
    scales: rules.map((rule) => scaleFor(rule, n, values.d)),
  }));
}

/** What the sweep shows after a step: each length's result so far, and the length in progress. */
export interface SweepView {
  results: (AttentionEntropyProgress | null)[];
  live: { n: number; rowsDone: number } | null;
}

/** The view of a sweep's job (a copy: the job goes on changing its results). */
export function sweepView(job: EntropyJob): SweepView {
  const active = job.active;
  return {
    results: [...job.results],
    live: active
      ? { n: job.tasks[active.index].keys, rowsDone: active.progress?.rowsDone ?? 0 }
      : null,
  };
}

/** The mean-field entropy of each rule against n, from 16 to max n, 8 points per doubling. */
export function meanFieldCurves(
  maxN: number,
  values: Pick<Values, 'd' | 'model' | 'spread' | 'show_logn'>,
): Partial<Record<ScaleRule, [number, number][]>> {
  const out: Partial<Record<ScaleRule, [number, number][]>> = {};
  const opts = { model: values.model, spread: values.spread };
  for (const rule of sweepRules(values)) {
    const line: [number, number][] = [];
    for (let e = 4; e <= Math.log2(maxN) + 1e-9; e += 0.125) {
      const n = 2 ** e;
      line.push([n, meanFieldEntropy(n, scaleFor(rule, n, values.d), values.d, opts)]);
    }
    out[rule] = line;
  }
  return out;
}

export interface SweepSummary {
  /** The longest length measured so far (NaN before the first). */
  lastN: number;
  /** Mean entropy there, per rule. */
  last: Record<ScaleRule, number>;
  /** H(n) − H(n/2) over the last doubling measured, per rule (ln 2 ≈ 0.693 for uniform weights). */
  growth: Record<ScaleRule, number>;
}

/** The readouts of the sweep: entropy at the longest length done and its growth per doubling. */
export function summarise(
  grid: readonly number[],
  results: readonly (AttentionEntropyProgress | null)[],
  rules: readonly ScaleRule[],
): SweepSummary {
  const none = { standard: NaN, invariant: NaN, logn: NaN };
  let lastIndex = -1;
  results.forEach((r, i) => {
    if (r) lastIndex = i;
  });
  const last = { ...none };
  const growth = { ...none };
  if (lastIndex >= 0) {
    rules.forEach((rule, s) => {
      last[rule] = results[lastIndex]!.mean[s];
      const previous = lastIndex > 0 ? results[lastIndex - 1] : null;
      if (previous) growth[rule] = results[lastIndex]!.mean[s] - previous.mean[s];
    });
  }
  return { lastN: lastIndex >= 0 ? grid[lastIndex] : NaN, last, growth };
}

function EntropyVsLength({ values, set }: WidgetProps<typeof params>) {
  const maxN = Number(values.max_n);
  const grid = lengthGrid(maxN);
  const rules = sweepRules(values);
  const { compute, session } = useEntropyJob(values, sweepTasks(values), sweepView);
  // Right after a change of lengths or rules the view belongs to the old sweep until the restart.
  const view =
    session.view &&
    session.view.results.length === grid.length &&
    session.view.results.every((r) => !r || r.mean.length === rules.length)
      ? session.view
      : null;
  const shown = view ? view.results : grid.map(() => null);
  const live = view?.live ?? null;
  const summary = summarise(grid, shown, rules);
  const { d, model, spread, show_logn } = values;
  const meanField = useMemo(
    () => meanFieldCurves(maxN, { d, model, spread, show_logn }),
    [maxN, d, model, spread, show_logn],
  );

  // In the "H − ln n" view every curve is shifted down by ln n.
  const shift = (n: number) => (values.minus_log_n ? Math.log(n) : 0);
  const measuredLine = (s: number) =>
    shown.flatMap((r, i) => (r ? [[grid[i], r.mean[s] - shift(grid[i])] as [number, number]] : []));
  const yDomain: [number, number] = values.minus_log_n
    ? autoDomain(
        [
          ...shown.flatMap((r, i) => (r ? r.mean.map((h) => h - Math.log(grid[i])) : [])),
          // The mean field falls without bound at large scales: the axis stops at −ln n.
          ...rules.flatMap((rule) =>
            (meanField[rule] ?? []).map(([n, h]) => Math.max(h - Math.log(n), -Math.log(maxN))),
          ),
        ],
        { include: [-0.5, 0], pad: 0.1 },
      )
    : [0, Math.log(maxN) + 0.4];
  // The table: per length, ln n and each rule's mean entropy with twice its standard error.
  const table = new Map<string, number>();
  grid.forEach((n, i) => {
    table.set(`ln_n_${n}`, Math.log(n));
    rules.forEach((rule, s) => {
      table.set(`h_${rule}_${n}`, shown[i]?.mean[s] ?? NaN);
      table.set(`se2_${rule}_${n}`, 2 * (shown[i]?.stdError[s] ?? NaN));
    });
  });
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'not yet measured');
  const description =
    `Entropy of the attention weights, averaged over queries, for n from 16 to ${formatCount(maxN)} ` +
    `(d = ${values.d}, σ = ${values.spread}). ` +
    (Number.isFinite(summary.lastN)
      ? `At n = ${formatCount(summary.lastN)}: standard scale ${fmt(summary.last.standard)} nats, ` +
        `entropy-invariant scale ${fmt(summary.last.invariant)} nats; ln n = ${Math.log(summary.lastN).toFixed(3)}.`
      : 'No length measured yet.');

  return (
    <div className="entropy-length-widget">
      <TrainingControls session={session} compute={compute} />
      <p className="widget-note" data-progress={live ? live.n : 'idle'}>
        {live
          ? `Measuring n = ${formatCount(live.n)}: ${formatCount(live.rowsDone)} of ${formatCount(live.n)} query rows.`
          : shown.every(Boolean)
            ? `All ${grid.length} lengths measured.`
            : 'Press Play to measure.'}
      </p>
      <div className="split">
        <Plot
          width={560}
          height={340}
          x={{ domain: [16, maxN], log: true, label: 'sequence length n (keys = queries = n)' }}
          y={{
            domain: yDomain,
            label: values.minus_log_n ? 'H − ln n (nats)' : 'mean attention entropy (nats)',
          }}
          title="Attention entropy against sequence length for two scale rules"
          description={description}
        >
          <Axes grid xFormat={(v) => formatCount(v)} />
          <LinePath
            data={[
              [16, Math.log(16) - shift(16)],
              [maxN, Math.log(maxN) - shift(maxN)],
            ]}
            color="var(--muted)"
            dash="2 4"
            label="ln n, the entropy of uniform weights"
          />
          {maxN >= TRAIN_LENGTH && <VerticalRule x={TRAIN_LENGTH} label="n = 512" />}
          {values.show_mean_field &&
            rules.map((rule) => (
              <LinePath
                key={`mf-${rule}`}
                data={(meanField[rule] ?? []).map(
                  ([n, h]) => [n, h - shift(n)] as [number, number],
                )}
                color={RULES[rule].color}
                strokeWidth={1.2}
                dash="5 4"
                label={`mean field, ${RULES[rule].long}`}
              />
            ))}
          {rules.map((rule, s) => (
            <g key={rule}>
              <LinePath
                data={measuredLine(s)}
                color={RULES[rule].color}
                label={`measured, ${RULES[rule].long}`}
              />
              <Scatter points={measuredLine(s)} color={RULES[rule].color} radius={3} opacity={1} />
            </g>
          ))}
        </Plot>
        <Readouts label={`Measured at n = ${Number.isFinite(summary.lastN) ? summary.lastN : '—'}`}>
          <Readout name="last_n" label="longest n measured" value={summary.lastN} />
          <Readout name="ln_n" label="ln n (uniform)" value={Math.log(summary.lastN)} />
          <RuleReadouts
            rules={rules}
            name="entropy"
            label="H"
            value={(rule) => summary.last[rule]}
            unit="nats"
          />
          <RuleReadouts
            rules={rules}
            name="growth"
            label="H(n) − H(n/2)"
            value={(rule) => summary.growth[rule]}
          />
        </Readouts>
      </div>
      <Legend
        entries={[
          ...rules.map((rule) => ({
            label: `measured, ${RULES[rule].label}`,
            color: RULES[rule].color,
          })),
          ...(values.show_mean_field
            ? [
                {
                  label: 'mean field (same colours)',
                  color: 'var(--muted)',
                  width: 1.5,
                  dash: '5 4',
                },
              ]
            : []),
          { label: 'ln n', color: 'var(--muted)', width: 1.5, dash: '2 4' },
        ]}
      />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={[
          'max_n',
          'd',
          'spread',
          'model',
          'show_logn',
          'show_mean_field',
          'minus_log_n',
          'seed',
        ]}
      />
      <details className="widget-more">
        <summary>Table of the measured entropies</summary>
        <ReadoutGrid
          label="Mean entropy per length n, in nats, and twice its standard error"
          columns={[
            { key: 'ln_n', label: 'ln n' },
            ...rules.flatMap((rule) => [
              { key: `h_${rule}`, label: `H, ${RULES[rule].label}`, color: RULES[rule].color },
              { key: `se2_${rule}`, label: '± 2 SE' },
            ]),
          ]}
          rows={grid.map((n) => ({ key: String(n), label: `n = ${formatCount(n)}` }))}
          value={(row, column) => table.get(`${column}_${row}`) ?? NaN}
        />
      </details>
    </div>
  );
}

export default defineWidget({
  id: 'entropy-vs-length',
  params,
  Component: EntropyVsLength,
  compute: 'tfjs',
  embedHeight: 900,
});
