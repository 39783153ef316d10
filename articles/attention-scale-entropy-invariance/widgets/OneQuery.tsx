import { useMemo } from 'react';
import { logSumExp } from '../../../src/core/index';
import type { Rng } from '../../../src/core/index';
import type { VectorModel } from '../math';
import { defineWidget, type WidgetProps } from '../../../src/widgets/defineWidget';
import {
  Axes,
  HorizontalRule,
  LinePath,
  Marker,
  Plot,
  VerticalRule,
  Legend,
} from '../../../src/widgets/plot';
import { ParamControls } from '../../../src/widgets/controls';
import { Readout, Readouts } from '../../../src/widgets/Readout';
import { RuleReadouts } from './RuleReadouts';
import {
  RULES,
  TRAIN_LENGTH,
  formatCount,
  keysParam,
  modelParams,
  scaleFor,
  seededStreams,
} from './shared';
import './attention.css';

const params = {
  n: keysParam(1024, 'How many keys the query attends over.'),
  relevant: {
    type: 'boolean',
    default: true,
    label: 'One relevant key',
    description:
      'Make the first key a copy of the query, so that one key clearly matches it; otherwise all keys are random.',
  },
  ...modelParams,
} as const;

/**
 * One random query and a growing list of random keys, kept as the dot products of the standard
 * normal draws behind them. The draws are exactly those of `sampleAttentionVectors` on the
 * seed's two streams, so any model and spread can be read off without drawing again.
 */
export class QueryPool {
  /** z_q · z_j for each key drawn so far. */
  private readonly dots: number[] = [];
  /** ‖z_j‖ for each key drawn so far. */
  private readonly norms: number[] = [];
  private readonly query: Float64Array;
  private readonly queryNorm: number;
  private readonly keys: Rng;

  constructor(
    readonly d: number,
    seed: number,
  ) {
    const streams = seededStreams(seed);
    this.keys = streams.keys;
    this.query = Float64Array.from({ length: d }, () => streams.queries.normal());
    this.queryNorm = Math.hypot(...this.query);
  }

  /** Draws keys until there are n (idempotent, so calling it while rendering is safe). */
  extend(n: number): void {
    const z = new Float64Array(this.d);
    while (this.dots.length < n) {
      let dot = 0;
      let norm2 = 0;
      for (let j = 0; j < this.d; j++) {
        z[j] = this.keys.normal();
        dot += z[j] * this.query[j];
        norm2 += z[j] * z[j];
      }
      this.dots.push(dot);
      this.norms.push(Math.sqrt(norm2));
    }
  }

  /**
   * The raw logits X_j = q · k_j of the first n keys (before the scale λ). With `relevant`, key 0
   * is replaced by a copy of q, so X_0 = ‖q‖².
   */
  rawLogits(n: number, model: VectorModel, spread: number, relevant: boolean): Float64Array {
    this.extend(n);
    const s2 = spread * spread;
    const out = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      out[j] =
        model === 'sphere'
          ? (s2 * this.d * this.dots[j]) / (this.queryNorm * this.norms[j])
          : s2 * this.dots[j];
    }
    if (relevant) out[0] = model === 'sphere' ? s2 * this.d : s2 * this.queryNorm * this.queryNorm;
    return out;
  }
}

export interface QueryStats {
  scale: number;
  /** Entropy of the query's weights, in nats. */
  entropy: number;
  /** e^H: the number of keys a uniform distribution with this entropy would spread over. */
  effectiveKeys: number;
  /** Weight of key 0 (the relevant key when there is one). */
  firstWeight: number;
  /** The largest weight. */
  topWeight: number;
}

/** The softmax of λ·X over the first n raw logits, summarised (stable: via log-sum-exp). */
export function queryStats(raw: ArrayLike<number>, n: number, scale: number): QueryStats {
  const logits: number[] = new Array(n);
  let top = -Infinity;
  for (let j = 0; j < n; j++) {
    logits[j] = scale * raw[j];
    if (logits[j] > top) top = logits[j];
  }
  const lse = logSumExp(logits);
  let entropy = 0;
  for (let j = 0; j < n; j++) {
    const gap = lse - logits[j];
    entropy += Math.exp(-gap) * gap;
  }
  return {
    scale,
    entropy,
    effectiveKeys: Math.exp(entropy),
    firstWeight: Math.exp(logits[0] - lse),
    topWeight: Math.exp(top - lse),
  };
}

/** Weights sorted from largest to smallest at log-spaced ranks (enough for a log–log plot). */
export function sortedWeightCurve(
  raw: ArrayLike<number>,
  n: number,
  scale: number,
): [number, number][] {
  const logits = Array.from({ length: n }, (_, j) => scale * raw[j]);
  const lse = logSumExp(logits);
  const sorted = logits.map((s) => Math.exp(s - lse)).sort((a, b) => b - a);
  const ranks = new Set<number>();
  for (let r = 1; r <= Math.min(n, 12); r++) ranks.add(r);
  for (let e = 0; e <= Math.log2(n); e += 1 / 24) ranks.add(Math.min(n, Math.round(2 ** e)));
  ranks.add(n);
  return [...ranks].sort((a, b) => a - b).map((r) => [r, sorted[r - 1]]);
}

/** Lengths at which the widget traces the weight of key 0: 16·2^(k/4) up to n, and n itself. */
export function traceLengths(n: number): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const m = Math.round(16 * 2 ** (k / 4));
    if (m >= n) break;
    out.push(m);
  }
  out.push(n);
  return out;
}

const RULE_ORDER = ['standard', 'invariant'] as const;

function OneQuery({ values, set }: WidgetProps<typeof params>) {
  const { n, d, spread, model, relevant, seed } = values;
  const pool = useMemo(() => new QueryPool(d, seed), [d, seed]);
  const { stats, curves, traces, relevantRank } = useMemo(() => {
    const raw = pool.rawLogits(n, model, spread, relevant);
    // The relevant key's rank (the same for any positive scale): keys with larger logits, plus one.
    let rank = 1;
    for (let j = 1; j < n; j++) if (raw[j] > raw[0]) rank += 1;
    return {
      stats: RULE_ORDER.map((rule) => queryStats(raw, n, scaleFor(rule, n, d))),
      curves: RULE_ORDER.map((rule) => sortedWeightCurve(raw, n, scaleFor(rule, n, d))),
      traces: RULE_ORDER.map((rule) =>
        traceLengths(n).map((m) => {
          const st = queryStats(raw, m, scaleFor(rule, m, d));
          return [m, relevant ? st.firstWeight : st.topWeight] as [number, number];
        }),
      ),
      relevantRank: rank,
    };
  }, [pool, n, d, model, spread, relevant]);
  // Log axes start a decade below the smallest value drawn (within reason).
  const floorDecade = (values: number[], lowest: number) =>
    Math.max(lowest, 10 ** Math.floor(Math.log10(Math.min(...values.filter((v) => v > 0), 0.1))));
  const weightFloor = floorDecade(
    curves.flatMap((curve) => curve.map(([, w]) => w)),
    1e-12,
  );
  const traceFloor = floorDecade(
    traces.flatMap((trace) => trace.map(([, w]) => w)),
    1e-8,
  );
  const weightName = relevant ? 'weight on the relevant key' : 'largest weight';
  const [o, e] = stats;

  return (
    <div className="one-query-widget">
      <div className="split">
        <div className="plot-pair">
          <Plot
            width={560}
            height={260}
            x={{ domain: [1, n], log: true, label: 'rank of the key (by weight)' }}
            y={{ domain: [weightFloor, 1], log: true, label: 'attention weight' }}
            title={`One query's attention weights over ${formatCount(n)} keys, sorted`}
            description={`Standard scale: entropy ${o.entropy.toFixed(3)} nats (about ${o.effectiveKeys.toFixed(0)} keys), ${weightName} ${o.firstWeight.toPrecision(3)}. Entropy-invariant scale: entropy ${e.entropy.toFixed(3)} nats (about ${e.effectiveKeys.toFixed(0)} keys), ${weightName} ${e.firstWeight.toPrecision(3)}. Uniform weights would be ${(1 / n).toPrecision(3)} each.`}
          >
            <Axes grid />
            <HorizontalRule y={1 / n} label="uniform 1/n" labelAt="start" dash="2 4" />
            {RULE_ORDER.map((rule, i) => (
              <LinePath
                key={rule}
                data={curves[i]}
                color={RULES[rule].color}
                label={`sorted weights, ${RULES[rule].long}`}
              />
            ))}
            {relevant &&
              RULE_ORDER.map((rule, i) => (
                <Marker
                  key={rule}
                  x={relevantRank}
                  y={stats[i].firstWeight}
                  shape="dot"
                  size={5}
                  color={RULES[rule].color}
                  label={`relevant key, ${RULES[rule].long}`}
                />
              ))}
          </Plot>
          <Plot
            width={560}
            height={220}
            x={{ domain: [16, 16384], log: true, label: 'number of keys n' }}
            y={{ domain: [traceFloor, 1], log: true, label: weightName }}
            title={`The ${weightName} as keys are added, for both scales`}
            description={`Traced from n = 16 up to the current n = ${formatCount(n)}; the dashed line marks n = ${TRAIN_LENGTH}, where both scales agree.`}
          >
            <Axes grid xFormat={(v) => formatCount(v)} />
            <VerticalRule x={TRAIN_LENGTH} label="n = 512" labelY={-6} />
            <VerticalRule x={n} />
            {RULE_ORDER.map((rule, i) => (
              <LinePath
                key={rule}
                data={traces[i]}
                color={RULES[rule].color}
                label={`${weightName}, ${RULES[rule].long}`}
              />
            ))}
          </Plot>
        </div>
        <Readouts label={`One query over ${formatCount(n)} keys`}>
          <Readout name="n" label="keys n" value={n} />
          <Readout name="uniform" label="uniform weight 1/n" value={1 / n} />
          <Readout name="ratio" label="λ_E / λ_O = log₅₁₂ n" value={e.scale / o.scale} />
          <RuleReadouts
            rules={RULE_ORDER}
            name="entropy"
            label="H"
            value={(_, i) => stats[i].entropy}
            unit="nats"
          />
          <RuleReadouts
            rules={RULE_ORDER}
            name="effective"
            label="e^H (keys in use)"
            value={(_, i) => stats[i].effectiveKeys}
          />
          <RuleReadouts
            rules={RULE_ORDER}
            name="weight"
            label={relevant ? 'relevant key weight' : 'largest weight'}
            value={(_, i) => (relevant ? stats[i].firstWeight : stats[i].topWeight)}
          />
        </Readouts>
      </div>
      <Legend
        entries={[
          ...RULE_ORDER.map((rule) => ({ label: RULES[rule].long, color: RULES[rule].color })),
          { label: 'uniform 1/n', color: 'var(--muted)', width: 1.5, dash: '2 4' },
        ]}
      />
      <ParamControls
        schema={params}
        values={values}
        onChange={set}
        only={['n', 'relevant', 'd', 'spread', 'model', 'seed']}
      />
    </div>
  );
}

export default defineWidget({
  id: 'one-query',
  params,
  Component: OneQuery,
  compute: 'js',
  embedHeight: 1000,
});
