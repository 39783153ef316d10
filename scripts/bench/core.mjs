// The math core per backend, and the plain-TypeScript MLP against tfjs, timed in the bench page
// (tests/bench/bench.ts) in headless Chromium: a fresh page (and empty storage) per run.
/* global window */
import fs from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import { markdownTable, median, ms, quantile, table } from './report.mjs';

export const BACKENDS = ['cpu', 'wasm', 'webgl', 'webgpu'];

/** Aim of one timed sample: fast calls are repeated until a sample takes about this long. */
const SAMPLE_MS = 25;

/**
 * Runs one workload on several backends side by side: a fresh page (its own context, so empty
 * storage) per backend, each warmed up, then the timed samples taken in turn, one per page per
 * round, so that a change in the machine's load falls on every backend alike.
 * `cells` is a list of { key, workload, backend }.
 */
export async function runSideBySide(browser, benchUrl, cells, settings, log) {
  const open = [];
  const results = {};
  try {
    for (const cell of cells) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const entry = { ...cell, context, page, errors, times: [] };
      open.push(entry);
      try {
        await page.goto(benchUrl, { waitUntil: 'load' });
        await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 30_000 });
        const prepared = page.evaluate(
          ([w, b, n, slow]) => window.bench.prepare(w, b, n, slow),
          [cell.workload, cell.backend, settings.warmups, settings.slowMs],
        );
        // A backend whose first call runs past the limit is reported as "> limit" and stopped.
        let timer;
        const limit = new Promise((resolve) => {
          timer = setTimeout(() => resolve(null), settings.callLimitMs);
        });
        entry.info = await Promise.race([prepared, limit]);
        clearTimeout(timer);
        if (entry.info === null) {
          entry.timedOut = true;
          prepared.catch(() => undefined);
          await context.close();
          log(
            `    ${cell.key}: first call still running after ${settings.callLimitMs / 1000} s, stopped`,
          );
          continue;
        }
        const last = entry.info.warmupMs[entry.info.warmupMs.length - 1];
        entry.slow = last > settings.slowMs;
        entry.calls = Math.min(1000, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(last, 0.01))));
        log(
          `    ${cell.key}: warm-up ${entry.info.warmupMs.map((t) => ms(t)).join(', ')} ms on ${entry.info.backend}` +
            (entry.slow ? ' (slow: this one call is its figure)' : ''),
        );
      } catch (error) {
        entry.error = String(error?.message ?? error).split('\n')[0];
        log(`    ${cell.key}: failed: ${entry.error}`);
      }
    }
    for (let round = 0; round < settings.repeats; round++) {
      for (const entry of open) {
        if (entry.error || entry.slow || entry.timedOut) continue;
        try {
          entry.times.push(
            await entry.page.evaluate((calls) => window.bench.sample(calls), entry.calls, {
              timeout: settings.timeoutMs,
            }),
          );
        } catch (error) {
          entry.error = String(error?.message ?? error).split('\n')[0];
        }
      }
    }
    for (const entry of open) {
      if (entry.timedOut) {
        results[entry.key] = {
          backend: entry.backend,
          timedOut: true,
          limitMs: settings.callLimitMs,
          median: Infinity,
          errors: entry.errors,
        };
        continue;
      }
      let done = {};
      if (!entry.error)
        done = await entry.page.evaluate(() => window.bench.finish()).catch(() => ({}));
      const times = entry.slow ? entry.info.warmupMs.slice(-1) : entry.times;
      results[entry.key] = entry.error
        ? { backend: entry.backend, error: entry.error, errors: entry.errors }
        : {
            ...entry.info,
            ...done,
            times,
            slow: entry.slow,
            callsPerSample: entry.slow ? 1 : entry.calls,
            median: median(times),
            p90: quantile(times, 0.9),
            errors: entry.errors,
          };
    }
  } finally {
    for (const entry of open) await entry.context.close().catch(() => undefined);
  }
  return results;
}

/** The articles' workloads as the bench page lists them (from each `articles/<slug>/bench.ts`). */
async function listWorkloads(browser, benchUrl) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(benchUrl);
    await page.waitForFunction(() => globalThis.window?.bench !== undefined);
    return await page.evaluate(() => window.bench.workloads());
  } finally {
    await context.close();
  }
}

/** Rounds a value for the JSON file: enough digits to compare, not float noise. */
const round = (x, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

function compact(result) {
  if (result.error) return result;
  if (result.timedOut)
    return { timedOut: true, note: `first call over ${result.limitMs / 1000} s, stopped` };
  return {
    ...(result.slow ? { slow: true, note: 'one cold call: slower than slowMs, not repeated' } : {}),
    backend: result.backend,
    median: round(result.median),
    p90: round(result.p90),
    times: result.times.map((t) => round(t)),
    callsPerSample: result.callsPerSample,
    initMs: round(result.initMs),
    warmupMs: result.warmupMs.map((t) => round(t)),
    value: round(result.value, 8),
    leakedTensors: result.leakedTensors,
    ...(result.requested === 'auto'
      ? {
          reason: result.reason,
          probe: Object.fromEntries(Object.entries(result.probe).map(([b, t]) => [b, round(t)])),
        }
      : {}),
    ...(result.errors.length ? { pageErrors: result.errors } : {}),
  };
}

/**
 * Section "core": every workload on every backend plus the automatic choice, with the rule that
 * the automatic choice is within 10% of the fastest backend measured on the same workload.
 */
export async function benchCore(browser, benchUrl, settings, log) {
  const all = await listWorkloads(browser, benchUrl);
  const WORKLOADS = all.filter((w) => w.tfjs);
  const JS_WORKLOADS = all.filter((w) => !w.tfjs);
  const rows = [];
  for (const { id, label } of WORKLOADS) {
    log(`  ${label}`);
    const perBackend = await runSideBySide(
      browser,
      benchUrl,
      // The automatic choice first: its probe then runs before any page has work in flight.
      ['auto', ...BACKENDS].map((b) => ({ key: b, workload: id, backend: b })),
      settings,
      log,
    );
    const measured = BACKENDS.filter((b) => !perBackend[b].error && perBackend[b].backend === b);
    const fastest = measured.reduce(
      (best, b) => (best === null || perBackend[b].median < perBackend[best].median ? b : best),
      null,
    );
    const auto = perBackend.auto;
    const chosen = auto.error ? null : auto.backend;
    // The rule is about the choice: the chosen backend's own forced time against the fastest.
    const chosenMs = chosen && measured.includes(chosen) ? perBackend[chosen].median : NaN;
    const ratio = fastest ? chosenMs / perBackend[fastest].median : NaN;
    rows.push({
      workload: id,
      label,
      backends: Object.fromEntries(Object.entries(perBackend).map(([b, r]) => [b, compact(r)])),
      fastest,
      chosen,
      ratioToFastest: round(ratio, 3),
      pass: Number.isFinite(ratio) && ratio <= 1.1,
    });
  }
  const jsRows = [];
  log('  plain JavaScript workloads');
  const js = await runSideBySide(
    browser,
    benchUrl,
    JS_WORKLOADS.map(({ id }) => ({ key: id, workload: id, backend: 'js' })),
    settings,
    log,
  );
  for (const { id, label } of JS_WORKLOADS)
    jsRows.push({ workload: id, label, js: compact(js[id]) });
  return { rows, jsRows };
}

export function printCore({ rows, jsRows }) {
  const headers = ['workload', ...BACKENDS, 'auto (picked)', 'auto pick vs fastest', 'rule'];
  const body = rows.map((row) => [
    row.label,
    ...BACKENDS.map((b) => cell(row.backends[b])),
    row.backends.auto.error ? 'failed' : `${ms(row.backends.auto.median)} (${row.chosen})`,
    Number.isFinite(row.ratioToFastest)
      ? `${row.chosen} ${row.ratioToFastest.toFixed(2)}× ${row.fastest}`
      : '–',
    row.pass ? 'PASS' : 'FAIL',
  ]);
  const js = jsRows.map((row) => [row.label, row.js.error ? 'failed' : `${ms(row.js.median)}`]);
  const inits = rows.map((row) => row.backends.auto.initMs).filter(Number.isFinite);
  const choice = inits.length
    ? `A first visit's automatic choice (fresh page, nothing cached; loading the backends and the probe) took ${inits.map((t) => `${ms(t)} ms`).join(', ')} on the ${inits.length} pages above.`
    : '';
  return {
    text: [
      'Median ms per call (p90 in brackets); each cell is a fresh page with that backend forced.',
      table(headers, body),
      '',
      'Plain JavaScript (no tfjs, so one figure, not per backend): median ms per call (p90)',
      table(
        ['workload', 'js'],
        jsRows.map((row) => [row.label, cell(row.js)]),
      ),
      choice,
    ].join('\n'),
    markdown: [
      markdownTable(
        headers,
        body.map((r) => r.map(String)),
      ),
      '',
      markdownTable(['plain JavaScript workload', 'median ms'], js),
      '',
      choice,
    ].join('\n'),
  };
}

function cell(r) {
  if (!r) return '–';
  if (r.error) return 'failed';
  if (r.timedOut) return `> ${r.note.match(/over (\S+ s)/)?.[1] ?? 'limit'}`;
  if (r.slow) return `${ms(r.median)} (1 call)`;
  return `${ms(r.median)} (${ms(r.p90)})`;
}

/**
 * Section "peer": one training step of [2, h, h, 2] (tanh, batch 64, SGD) as plain TypeScript
 * loops against tfjs on each backend, and the hidden size where tfjs starts to win.
 */
export async function benchPeer(browser, benchUrl, settings, log) {
  const rows = [];
  for (const h of settings.peerSizes) {
    log(`  hidden ${h}`);
    const cells = await runSideBySide(
      browser,
      benchUrl,
      [
        { key: 'plain', workload: `mlp-plain-${h}`, backend: 'js' },
        ...BACKENDS.map((b) => ({ key: b, workload: `mlp-tfjs-${h}`, backend: b })),
      ],
      settings,
      log,
    );
    const plain = cells.plain;
    const tfjs = Object.fromEntries(BACKENDS.map((b) => [b, cells[b]]));
    const ok = BACKENDS.filter((b) => !tfjs[b].error && tfjs[b].backend === b);
    const best = ok.reduce((a, b) => (a === null || tfjs[b].median < tfjs[a].median ? b : a), null);
    rows.push({
      hidden: h,
      plain: compact(plain),
      tfjs: Object.fromEntries(Object.entries(tfjs).map(([b, r]) => [b, compact(r)])),
      bestTfjs: best,
      plainOverBestTfjs: best && !plain.error ? round(plain.median / tfjs[best].median, 3) : null,
    });
  }
  // The constant the core uses (src/core/mlpPlain.ts), beside what this run measured.
  const source = fs.readFileSync(new URL('../../src/core/mlpPlain.ts', import.meta.url), 'utf8');
  const inCore = Number(/PLAIN_MLP_CROSSOVER_HIDDEN = (\d+)/.exec(source)?.[1] ?? NaN);
  return { rows, crossover: { ...crossover(rows), inCore, ...consistency(rows, inCore) } };
}

/**
 * Whether the core's crossover agrees with this run: plain faster at every size measured below
 * it, the best tfjs backend faster at every size above it (sizes equal to it may go either way).
 */
function consistency(rows, inCore) {
  const wrong = rows.filter(
    (r) =>
      Number.isFinite(r.plainOverBestTfjs) &&
      ((r.hidden < inCore && r.plainOverBestTfjs > 1) ||
        (r.hidden > inCore && r.plainOverBestTfjs < 1)),
  );
  return {
    consistent: Number.isFinite(inCore) && wrong.length === 0,
    consistencyNote: wrong.length
      ? `on the wrong side at h = ${wrong.map((r) => r.hidden).join(', ')}`
      : `plain faster below ${inCore}, tfjs faster above it`,
  };
}

/**
 * The hidden size where the plain step's time equals the best tfjs step's: between the last
 * size where plain wins and the first where tfjs wins, interpolated in log–log coordinates.
 */
function crossover(rows) {
  const ratios = rows
    .filter((r) => Number.isFinite(r.plainOverBestTfjs))
    .map((r) => [r.hidden, r.plainOverBestTfjs]);
  const firstTfjs = ratios.findIndex(([, ratio]) => ratio > 1);
  if (firstTfjs === -1) return { hidden: null, note: 'plain is faster at every size measured' };
  if (firstTfjs === 0) return { hidden: null, note: 'tfjs is faster at every size measured' };
  const [h0, r0] = ratios[firstTfjs - 1];
  const [h1, r1] = ratios[firstTfjs];
  const t = (0 - Math.log(r0)) / (Math.log(r1) - Math.log(r0));
  const hidden = Math.round(Math.exp(Math.log(h0) + t * (Math.log(h1) - Math.log(h0))));
  return { hidden, between: [h0, h1], note: `plain faster at ${h0}, tfjs faster at ${h1}` };
}

export function printPeer({ rows, crossover: c }) {
  const headers = [
    'hidden h',
    'plain TS',
    ...BACKENDS.map((b) => `tfjs ${b}`),
    'plain ÷ best tfjs',
  ];
  const body = rows.map((row) => [
    String(row.hidden),
    cell(row.plain),
    ...BACKENDS.map((b) => cell(row.tfjs[b])),
    row.plainOverBestTfjs === null ? '–' : `${row.plainOverBestTfjs.toFixed(2)} (${row.bestTfjs})`,
  ]);
  const summary =
    (c.hidden
      ? `Crossover: tfjs (best backend) wins above h ≈ ${c.hidden} (${c.note}).`
      : `Crossover: none in the sizes measured (${c.note}).`) +
    ` The core's PLAIN_MLP_CROSSOVER_HIDDEN is ${c.inCore}.`;
  return {
    text: [
      'One training step of [2, h, h, 2], tanh, batch 64, SGD: median ms (p90).',
      table(headers, body),
      summary,
    ].join('\n'),
    markdown: [markdownTable(headers, body), '', summary].join('\n'),
  };
}
