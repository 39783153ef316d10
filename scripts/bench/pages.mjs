// Page weight (bytes on the wire per page) and interaction latency (input to painted frame) of
// the built site, in headless Chromium.
/* global window, document, performance, requestAnimationFrame, MessageChannel, PerformanceObserver, Event, KeyboardEvent, HTMLInputElement, HTMLSelectElement */
import { setTimeout as sleep } from 'node:timers/promises';
import { kb, markdownTable, ms, quantile, table } from './report.mjs';

/** The pages the issue names: the index, every article and every embed page. */
export function benchRoutes(routes) {
  return routes.filter((r) => r.kind === 'index' || r.kind === 'article' || r.kind === 'embed');
}

function kindOf(pathname) {
  if (/\.m?js$/.test(pathname)) return 'js';
  if (/\.css$/.test(pathname)) return 'css';
  if (/\.wasm$/.test(pathname)) return 'wasm';
  if (/\.(woff2?|ttf|otf)$/.test(pathname)) return 'font';
  if (/\.html?$|\/$/.test(pathname)) return 'html';
  return 'other';
}

/**
 * Loads a page in a fresh context, lets it settle for `settleMs` and sums the transferred
 * (gzip) body bytes of every response by kind; notes whether a tfjs chunk was requested.
 */
export async function pageWeight(browser, siteUrl, route, settleMs) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const finished = [];
  page.on('requestfinished', (request) => finished.push(request));
  try {
    await page.goto(siteUrl + route.path, { waitUntil: 'load' });
    // Lazy chunks (tfjs when a widget is on screen, its backends, the wasm) are part of the
    // page: on an embed page (its widget on screen) wait until the widget has chosen a backend.
    if (route.kind === 'embed')
      await page
        .waitForFunction(
          () =>
            Array.from(document.querySelectorAll('[data-backend]')).every(
              (el) => el.getAttribute('data-backend') !== 'loading',
            ),
          null,
          { timeout: 60_000 },
        )
        .catch(() => undefined);
    await page.waitForLoadState('networkidle');
    await sleep(settleMs);
    const totals = { js: 0, css: 0, wasm: 0, font: 0, html: 0, other: 0 };
    const files = [];
    let tfjs = false;
    for (const request of finished) {
      const url = new URL(request.url());
      if (url.origin !== siteUrl) continue;
      const { responseBodySize } = await request.sizes();
      const kind = kindOf(url.pathname);
      totals[kind] += responseBodySize;
      if (/\/assets\/tfjs-/.test(url.pathname)) tfjs = true;
      files.push({ path: url.pathname, kind, bytes: responseBodySize });
    }
    return { path: route.path, kind: route.kind, ...totals, tfjs, requests: files.length, files };
  } finally {
    await context.close();
  }
}

export async function benchWeight(browser, siteUrl, routes, settings, log) {
  const rows = [];
  for (const route of benchRoutes(routes)) {
    log(`  ${route.path}`);
    rows.push(await pageWeight(browser, siteUrl, route, settings.settleMs));
  }
  const index = rows.find((r) => r.kind === 'index');
  const budget = {
    indexJsBytes: index?.js ?? null,
    indexLoadsTfjs: index?.tfjs ?? null,
    pass: Boolean(index) && index.js <= 100_000 && !index.tfjs,
  };
  return { rows, budget };
}

export function printWeight({ rows, budget }) {
  const headers = ['page', 'JS (gzip)', 'CSS (gzip)', 'WASM (gzip)', 'fonts', 'tfjs loaded'];
  const body = rows.map((r) => [
    r.path,
    `${kb(r.js)} KB`,
    `${kb(r.css)} KB`,
    r.wasm ? `${kb(r.wasm)} KB` : '–',
    r.font ? `${kb(r.font)} KB` : '–',
    r.tfjs ? 'yes' : 'no',
  ]);
  const line = `Budget (index ≤ 100 KB JS gzip, no tfjs): ${budget.pass ? 'PASS' : 'FAIL'} — index ${kb(budget.indexJsBytes)} KB JS, ${budget.indexLoadsTfjs ? 'loads' : 'no'} tfjs.`;
  return {
    text: [
      'Bytes transferred while loading each page, until the network is idle and 2 s after (gzip as served).',
      table(headers, body),
      line,
    ].join('\n'),
    markdown: [markdownTable(headers, body), '', line].join('\n'),
  };
}

/** In the page, before any script: a record of every long task (> 50 ms). */
function installLongTaskObserver() {
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      window.__benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/**
 * In the page: finds the widget's main control and changes it `count` times, each time at the
 * start of an animation frame, timing from just before the input event to the first task after
 * that frame's rendering (a MessageChannel message posted in the frame callback), i.e. the
 * event handlers, React's render and commit, style, layout and paint of the frame it lands in.
 */
async function driveMainControl(count) {
  const range = document.querySelector('[data-param] input[type="range"]');
  const point = document.querySelector('[aria-roledescription="draggable point"]');
  const select = document.querySelector('[data-param] select');
  let act;
  let control;
  if (range) {
    const min = Number(range.min || 0);
    const max = Number(range.max || 100);
    const step = range.step === 'any' || !range.step ? 0 : Number(range.step);
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    control = `slider "${range.closest('[data-param]').getAttribute('data-param')}"`;
    act = (i) => {
      // A sweep over the middle 40% of the range and back, so each input is a new value.
      const phase = i % 40 < 20 ? i % 20 : 19 - (i % 20);
      let v = min + (0.3 + (0.4 * phase) / 19) * (max - min);
      if (step > 0) v = min + Math.round((v - min) / step) * step;
      setValue.call(range, String(v));
      range.dispatchEvent(new Event('input', { bubbles: true }));
    };
  } else if (point) {
    control = `draggable point "${point.getAttribute('aria-label') ?? ''}"`;
    act = (i) =>
      point.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft',
          bubbles: true,
          cancelable: true,
        }),
      );
  } else if (select) {
    const values = Array.from(select.options).map((o) => o.value);
    const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
    control = `select "${select.closest('[data-param]').getAttribute('data-param')}"`;
    act = (i) => {
      setValue.call(select, values[(i + 1) % values.length]);
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
  } else {
    return { control: null, times: [] };
  }
  const times = [];
  for (let i = 0; i < count; i++) {
    times.push(
      await new Promise((resolve) =>
        requestAnimationFrame(() => {
          const start = performance.now();
          act(i);
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now() - start);
          channel.port2.postMessage(null);
        }),
      ),
    );
  }
  return { control, times };
}

/** The longest task on a renderer's main thread in a trace, by wall time and by CPU time (ms). */
function longestMainThreadTask(buffer) {
  const parsed = JSON.parse(buffer.toString());
  const events = parsed.traceEvents ?? parsed;
  const main = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  let wall = 0;
  let cpu = null;
  for (const e of events) {
    if (e.name !== 'RunTask' || e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue;
    wall = Math.max(wall, e.dur / 1000);
    if (e.tdur !== undefined) cpu = Math.max(cpu ?? 0, e.tdur / 1000);
  }
  return { traceLongestTaskWallMs: wall, traceLongestTaskCpuMs: cpu };
}

async function longestTaskSince(page, since) {
  return page.evaluate(
    (t0) =>
      window.__benchLongTasks
        .filter((t) => t.start >= t0)
        .reduce((m, t) => Math.max(m, t.duration), 0),
    since,
  );
}

/**
 * Section "latency": for each embed page, the main control driven `iterations` times (p50/p95);
 * for widgets with a compute backend (training, sampling) also the longest task during
 * `runMs` of running after tfjs is ready.
 */
export async function benchLatency(browser, siteUrl, routes, settings, log) {
  const rows = [];
  for (const route of routes.filter((r) => r.kind === 'embed')) {
    log(`  ${route.path}`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(installLongTaskObserver);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const row = { path: route.path, widget: `${route.slug}/${route.widgetId}` };
    try {
      await page.goto(siteUrl + route.path, { waitUntil: 'load' });
      await page.waitForSelector('[data-widget]');
      await page.waitForLoadState('networkidle');
      const frame = page.locator('[data-widget]').first();
      const hasBackend = (await frame.getAttribute('data-backend')) !== null;
      row.training = hasBackend;
      if (hasBackend) {
        await page
          .waitForFunction(
            () => {
              const b = document.querySelector('[data-widget]')?.getAttribute('data-backend');
              return b && b !== 'loading' && b !== 'waiting';
            },
            null,
            { timeout: 60_000 },
          )
          .catch(() => undefined);
        row.backend = await frame.getAttribute('data-backend');
      }
      await sleep(500);
      const driveStart = await page.evaluate(() => performance.now());
      const { control, times } = await page.evaluate(driveMainControl, settings.iterations);
      row.control = control;
      row.samples = times.length;
      row.p50 = quantile(times, 0.5);
      row.p95 = quantile(times, 0.95);
      row.max = quantile(times, 1);
      row.longestTaskWhileDriving = await longestTaskSince(page, driveStart);
      if (hasBackend) {
        // Let the widget run (start it if it is not running) and watch for long tasks.
        const play = page.locator('[data-action="play"]').first();
        if ((await play.count()) > 0 && (await play.isEnabled())) await play.click();
        await sleep(300);
        // A trace of the run gives each task's CPU time beside its wall time: on a busy machine
        // the difference is time the page was waiting for a core.
        await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
        const runStart = await page.evaluate(() => performance.now());
        const statuses = new Set();
        let restarts = 0;
        const end = Date.now() + settings.runMs;
        while (Date.now() < end) {
          const status = await page
            .locator('[data-status]')
            .first()
            .getAttribute('data-status')
            .catch(() => null);
          if (status) statuses.add(status);
          if (status === 'done') {
            const again = page.locator('[data-action="reset-run"]').first();
            if ((await again.count()) > 0 && (await again.isEnabled())) await again.click();
            if ((await play.count()) > 0 && (await play.isEnabled())) await play.click();
            restarts += 1;
          }
          await sleep(250);
        }
        row.runMs = settings.runMs;
        row.runStatuses = [...statuses];
        row.restarts = restarts;
        row.longestTaskWhileRunning = await longestTaskSince(page, runStart);
        Object.assign(row, longestMainThreadTask(await browser.stopTracing()));
      }
      row.pass = row.training
        ? Math.max(row.longestTaskWhileRunning ?? 0, row.longestTaskWhileDriving ?? 0) <= 50
        : Number.isFinite(row.p95) && row.p95 <= 16.7;
      if (!control) row.pass = row.training ? row.pass : null;
    } catch (error) {
      row.error = String(error?.message ?? error).split('\n')[0];
      row.pass = false;
    } finally {
      if (errors.length) row.pageErrors = errors;
      await context.close();
    }
    log(
      row.error
        ? `    failed: ${row.error}`
        : `    ${row.control ?? 'no control'}: p50 ${ms(row.p50)} ms, p95 ${ms(row.p95)} ms` +
            (row.training
              ? `, longest task while running ${ms(row.longestTaskWhileRunning)} ms`
              : ''),
    );
    rows.push(row);
  }
  return { rows, pass: rows.every((r) => r.pass !== false) };
}

export function printLatency({ rows }) {
  const headers = ['embed', 'kind', 'control', 'p50 ms', 'p95 ms', 'longest task ms', 'budget'];
  const body = rows.map((r) => [
    r.widget,
    r.training ? `tfjs (${r.backend ?? '?'})` : 'closed form',
    r.error ? `failed: ${r.error}` : (r.control ?? 'none found'),
    ms(r.p50),
    ms(r.p95),
    r.training
      ? `${ms(r.longestTaskWhileRunning)} running (${ms(r.traceLongestTaskCpuMs)} CPU), ${ms(r.longestTaskWhileDriving)} driving`
      : ms(r.longestTaskWhileDriving),
    r.pass === null ? '–' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const caption =
    "Input to painted frame over the widget's main control (input dispatched at the start of a frame; time to the first task after that frame's paint). Budget: closed form p95 ≤ 16.7 ms; tfjs widgets no task > 50 ms while running or while the control is driven (0 = none over 50 ms; in brackets the CPU time of the longest task in a trace of the run, which excludes time spent waiting for a core).";
  return {
    text: [caption, table(headers, body)].join('\n'),
    markdown: markdownTable(headers, body),
  };
}
