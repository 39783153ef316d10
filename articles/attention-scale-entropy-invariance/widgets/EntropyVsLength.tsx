import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { meanFieldEntropy } from '../math';
import type { AttentionEntropyProgress } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import { Axes, LinePath, Plot, Scatter, VerticalRule, Legend } from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { ComputeNotice } from '../../../src/widgets/ComputeNotice';
import { RunnerControls } from '../../../src/widgets/RunnerControls';
import { useComputeBackend } from '../../../src/widgets/useComputeBackend';
import { useFrameRunner, useRestartOnChange } from '../../../src/widgets/useFrameRunner';
import { EntropyJob, type EntropyTask } from './entropyJob';
import './attention.css';
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
  max_n: {
    type: 'select',
    options: MAX_N_OPTIONS,
    optionLabels: MAX_N_OPTIONS.map((n) => `up to n = ${formatCount(Number(n))}`),
    default: '4096' as (typeof MAX_N_OPTIONS)[number],
    label: 'Longest sequence',
    description:
      'The sweep measures n = 16, 32, 64, … up to this length; every length is an n × n attention matrix.',
  },
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
  const compute = useComputeBackend();
  const maxN = Number(values.max_n);
  const grid = useMemo(() => lengthGrid(maxN), [maxN]);
  const rules = sweepRules(values);
  const tasks = useMemo(
    () => sweepTasks(values),
    // The tasks depend on these values only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [values.max_n, values.d, values.show_logn],
  );
  const [results, setResults] = useState<(AttentionEntropyProgress | null)[]>(() =>
    tasks.map(() => null),
  );
  const [live, setLive] = useState<{ n: number; rowsDone: number } | null>(null);
  const job = useRef<EntropyJob | null>(null);

  const step = useCallback(async () => {
    job.current ??= new EntropyJob(
      { d: values.d, spread: values.spread, model: values.model, seed: values.seed },
      tasks,
    );
    const current = job.current;
    const result = await current.step();
    // A reset during the await replaced the job: its numbers are stale.
    if (job.current !== current) return { done: false, watch: [] };
    setResults([...current.results]);
    const active = current.active;
    setLive(
      active ? { n: tasks[active.index].keys, rowsDone: active.progress?.rowsDone ?? 0 } : null,
    );
    return result;
  }, [tasks, values.d, values.spread, values.model, values.seed]);

  const onReset = useCallback(() => {
    job.current?.dispose();
    job.current = null;
    setResults(tasks.map(() => null));
    setLive(null);
  }, [tasks]);

  useEffect(
    () => () => {
      job.current?.dispose();
      job.current = null;
    },
    [],
  );

  const runner = useFrameRunner({ step, onReset });
  const ready = compute.status === 'ready';
  useRestartOnChange(
    runner,
    JSON.stringify([
      values.d,
      values.spread,
      values.model,
      values.seed,
      values.max_n,
      values.show_logn,
    ]),
    ready,
  );

  // Right after a change of lengths the results still belong to the old grid until the reset.
  const shown = results.length === grid.length ? results : grid.map(() => null);
  const summary = summarise(grid, shown, rules);
  const meanField = useMemo(() => {
    const out: Partial<Record<ScaleRule, [number, number][]>> = {};
    const opts = { model: values.model, spread: values.spread };
    for (const rule of rules) {
      const line: [number, number][] = [];
      for (let e = 4; e <= Math.log2(maxN) + 1e-9; e += 0.125) {
        const n = 2 ** e;
        line.push([n, meanFieldEntropy(n, scaleFor(rule, n, values.d), values.d, opts)]);
      }
      out[rule] = line;
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [maxN, values.d, values.model, values.spread, values.show_logn]);

  // In the "H − ln n" view every curve is shifted down by ln n.
  const shift = (n: number) => (values.minus_log_n ? Math.log(n) : 0);
  const measuredLine = (s: number) =>
    shown.flatMap((r, i) => (r ? [[grid[i], r.mean[s] - shift(grid[i])] as [number, number]] : []));
  const yDomain = useMemo((): [number, number] => {
    if (!values.minus_log_n) return [0, Math.log(maxN) + 0.4];
    const drawn = shown.flatMap((r, i) => (r ? r.mean.map((h) => h - Math.log(grid[i])) : []));
    const model = rules.flatMap((rule) =>
      (meanField[rule] ?? []).map(([n, h]) => Math.max(h - Math.log(n), -Math.log(maxN))),
    );
    return [Math.min(-0.5, ...drawn, ...model) - 0.15, 0.15];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [values.minus_log_n, shown, meanField, maxN]);
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
      <RunnerControls runner={runner} stepName={['step', 'steps']} disabled={!ready} />
      <ComputeNotice compute={compute} />
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
          {rules.map((rule) => (
            <Readout
              key={rule}
              name={`entropy_${rule}`}
              label={`H, ${RULES[rule].label}`}
              value={summary.last[rule]}
              unit="nats"
              color={RULES[rule].color}
            />
          ))}
          {rules.map((rule) => (
            <Readout
              key={`g-${rule}`}
              name={`growth_${rule}`}
              label={`H(n) − H(n/2), ${RULES[rule].label}`}
              value={summary.growth[rule]}
              color={RULES[rule].color}
            />
          ))}
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
        onChange={(patch) => set(patch as Partial<Values>)}
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
        <table className="entropy-table">
          <thead>
            <tr>
              <th scope="col">n</th>
              <th scope="col">ln n</th>
              {rules.map((rule) => (
                <th key={rule} scope="col">
                  H, {RULES[rule].label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.map((n, i) => (
              <tr key={n}>
                <th scope="row">{formatCount(n)}</th>
                <td>{Math.log(n).toFixed(3)}</td>
                {rules.map((rule, s) => {
                  // A result measured before the rule set changed has no column for this rule.
                  const r = shown[i] && s < shown[i].mean.length ? shown[i] : undefined;
                  const value = r ? r.mean[s] : NaN;
                  return (
                    <td key={rule} data-readout={`h_${rule}_${n}`} data-value={String(value)}>
                      {r ? `${value.toFixed(3)} ± ${(2 * r.stdError[s]).toFixed(3)}` : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
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
