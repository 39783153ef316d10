// npm run bench: the benchmarks of the math core, the plain-TypeScript MLP against tfjs, page
// weight, Lighthouse and interaction latency, in Debian's headless Chromium on localhost.
// Prints a table per section and writes everything to bench/results.json. Not part of npm test;
// exits 0 when a budget is missed (it is a report), non-zero only when it could not run.
//
//   npm run bench                         everything (about 10 minutes on 2 cores)
//   BENCH_QUICK=1 npm run bench           fewer repeats and pages, for a smoke run
//   BENCH_ONLY=core,peer npm run bench    some sections: core, peer, weight, lighthouse, latency
//   npm run bench -- --build              rebuild dist/ even when it exists
//   BENCH_DIST_DIR=dist-x npm run bench   the site built in another folder (OUT_DIR of the build)
//   BENCH_PAGES=/embed/ npm run bench     only the pages whose path contains one of the words
//   npm run bench -- --readme             also rewrite README.md's figures from this run
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { serveStatic } from './bench/static-server.mjs';
import { benchCore, benchPeer, printCore, printPeer } from './bench/core.mjs';
import { benchLatency, benchWeight, printLatency, printWeight } from './bench/pages.mjs';
import { benchLighthouse, printLighthouse } from './bench/lighthouse.mjs';
import { writeBenchReadme } from './bench/readme.mjs';

const root = path.resolve(import.meta.dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const sections = (process.env.BENCH_ONLY ?? 'core,peer,weight,latency,lighthouse')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// BENCH_DIST_DIR benchmarks another build folder than dist/ (built there when missing).
const distName = process.env.BENCH_DIST_DIR ?? 'dist';
const dist = path.resolve(root, distName);
const SITE_PORT = Number(process.env.BENCH_SITE_PORT ?? 4190);
const BENCH_PORT = Number(process.env.BENCH_PAGE_PORT ?? 4191);

const settings = {
  quick,
  chromiumPath,
  repeats: Number(process.env.BENCH_REPEATS ?? (quick ? 3 : 5)),
  warmups: 2,
  timeoutMs: 240_000,
  // A backend whose warm-up call takes longer than slowMs is timed by that one call, and one
  // whose first call is still running after callLimitMs is stopped and reported as "> limit"
  // (WebGPU on SwiftShader takes about a minute for the Monte Carlo KL here).
  slowMs: 5000,
  callLimitMs: quick ? 10_000 : 20_000,
  peerSizes: quick ? [8, 64, 512] : [8, 16, 32, 64, 128, 256, 512],
  settleMs: 2000,
  iterations: quick ? 50 : 200,
  runMs: quick ? 2000 : 5000,
  lighthouseRuns: 1,
};

const started = Date.now();
const log = (line) => console.log(line);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function buildSite() {
  if (!process.argv.includes('--build') && fs.existsSync(path.join(dist, 'routes.json'))) {
    log(`Using the existing ${distName}/ (pass --build to rebuild it).`);
    return;
  }
  log(`Building the site into ${distName}/ …`);
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, OUT_DIR: distName },
  });
  if (result.status !== 0) throw new Error('the site build failed');
}

async function buildBenchPage() {
  log('Building the bench page into dist-bench/ …');
  await build({
    configFile: false,
    root: path.join(root, 'tests/bench'),
    base: '/',
    logLevel: 'warn',
    build: {
      outDir: path.join(root, 'dist-bench'),
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 5000,
      rolldownOptions: { input: path.join(root, 'tests/bench/index.html') },
    },
  });
}

async function machineInfo(browser, benchUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(benchUrl);
  await page.waitForFunction(() => globalThis.window?.bench !== undefined);
  const adapter = await page.evaluate(() => globalThis.window.bench.adapter());
  const userAgent = await page.evaluate(() => globalThis.navigator.userAgent);
  await context.close();
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: browser.version(),
    userAgent,
    webgpuAdapter: adapter
      ? `${adapter.description}${adapter.software ? ' (software)' : ''}`
      : null,
    date: new Date().toISOString(),
  };
}

async function main() {
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true });
  const resultsFile = path.join(root, 'bench/results.json');
  buildSite();
  await buildBenchPage();
  const pageFilter = (process.env.BENCH_PAGES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const routes = JSON.parse(fs.readFileSync(path.join(dist, 'routes.json'), 'utf8')).filter(
    (r) => pageFilter.length === 0 || pageFilter.some((word) => r.path.includes(word)),
  );
  const site = await serveStatic(dist, SITE_PORT);
  const benchPage = await serveStatic(path.join(root, 'dist-bench'), BENCH_PORT);
  const benchUrl = `${benchPage.url}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--enable-unsafe-webgpu',
    ],
  });
  const results = {
    command: 'npm run bench',
    settings: { ...settings, sections, pages: pageFilter },
    machine: await machineInfo(browser, benchUrl),
  };
  const save = () => fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + '\n');
  const report = [];
  // Other processes on the machine skew every timing: the load is recorded beside each section.
  results.load = {};
  const noteLoad = (section) => {
    const [one, five] = os.loadavg();
    results.load[section] = { load1: Number(one.toFixed(2)), load5: Number(five.toFixed(2)) };
    // The benchmark's own browser keeps about one core busy; above that is other work.
    if (one > os.cpus().length)
      log(
        `  (load average ${one.toFixed(2)} on ${os.cpus().length} cores, the benchmark's own work included: other work is running, timings are skewed)`,
      );
  };
  results.markdown = {};
  const show = (title, printed) => {
    results.markdown[title] = printed.markdown;
    const block = `\n== ${title} ==\n${printed.text}\n`;
    console.log(block);
    report.push(block);
  };
  const m = results.machine;
  log(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Chromium ${m.chromium}; WebGPU adapter: ${m.webgpuAdapter ?? 'none'}`,
  );
  try {
    if (sections.includes('core')) {
      log(
        `\nMath core per backend (${settings.repeats} timed runs after ${settings.warmups} warm-up) [${elapsed()}]`,
      );
      noteLoad('core');
      results.core = await benchCore(browser, benchUrl, settings, log);
      save();
      show('Math core per backend', printCore(results.core));
    }
    if (sections.includes('peer')) {
      log(`\nPlain TypeScript MLP against tfjs [${elapsed()}]`);
      noteLoad('peer');
      results.peer = await benchPeer(browser, benchUrl, settings, log);
      save();
      show('Peer: plain TypeScript MLP against tfjs', printPeer(results.peer));
    }
    if (sections.includes('weight')) {
      log(`\nPage weight [${elapsed()}]`);
      noteLoad('weight');
      results.weight = await benchWeight(browser, site.url, routes, settings, log);
      save();
      show('Page weight', printWeight(results.weight));
    }
    if (sections.includes('latency')) {
      log(`\nInteraction latency (${settings.iterations} inputs per widget) [${elapsed()}]`);
      noteLoad('latency');
      results.latency = await benchLatency(browser, site.url, routes, settings, log);
      save();
      show('Interaction latency', printLatency(results.latency));
    }
    await browser.close();
    if (sections.includes('lighthouse')) {
      log(`\nLighthouse [${elapsed()}]`);
      noteLoad('lighthouse');
      results.lighthouse = await benchLighthouse(site.url, routes, settings, log);
      save();
      show('Lighthouse', printLighthouse(results.lighthouse));
    }
  } finally {
    await browser.close().catch(() => undefined);
    await site.close();
    await benchPage.close();
  }

  noteLoad('end');
  const budgets = [];
  if (results.core)
    for (const row of results.core.rows)
      budgets.push([
        `automatic backend within 10% of the fastest: ${row.label}`,
        row.pass,
        `${row.chosen} ${row.ratioToFastest}× ${row.fastest}`,
      ]);
  if (results.peer)
    budgets.push([
      `the core takes the plain path only where it is measured faster (PLAIN_MLP_CROSSOVER_HIDDEN = ${results.peer.crossover.inCore})`,
      results.peer.crossover.consistent,
      results.peer.crossover.consistencyNote,
    ]);
  if (results.weight)
    budgets.push([
      'index ≤ 100 KB JavaScript (gzip) and no tfjs',
      results.weight.budget.pass,
      `${(results.weight.budget.indexJsBytes / 1000).toFixed(1)} KB`,
    ]);
  if (results.lighthouse)
    budgets.push([
      'every page ≥ 95 in performance, accessibility, best practices',
      results.lighthouse.pass,
      results.lighthouse.rows
        .filter((r) => !r.pass)
        .map((r) => r.path)
        .join(', ') || 'all pages',
    ]);
  if (results.latency) {
    const closed = results.latency.rows.filter((r) => !r.training);
    const training = results.latency.rows.filter((r) => r.training);
    const misses = (rows) =>
      rows
        .filter((r) => r.pass === false)
        .map((r) => r.widget)
        .join(', ');
    budgets.push([
      'closed-form widgets p95 ≤ 16.7 ms',
      closed.every((r) => r.pass !== false),
      misses(closed) || `${closed.length} widgets`,
    ]);
    budgets.push([
      'training widgets: no task > 50 ms while running or driven',
      training.every((r) => r.pass !== false),
      misses(training) || `${training.length} widgets`,
    ]);
  }
  results.budgets = budgets.map(([budget, pass, detail]) => ({ budget, pass, detail }));
  results.durationS = Math.round((Date.now() - started) / 1000);
  save();
  console.log('\n== Budgets ==');
  for (const [budget, pass, detail] of budgets)
    console.log(`${pass ? 'PASS' : 'FAIL'}  ${budget} (${detail})`);
  const met = budgets.filter(([, pass]) => pass).length;
  console.log(
    `\n${met} of ${budgets.length} budgets met. Results in ${path.relative(root, resultsFile)}; took ${elapsed()}.`,
  );
  if (process.argv.includes('--readme')) {
    await writeBenchReadme(path.join(root, 'README.md'), results);
    console.log('README.md: the benchmark figures were rewritten from this run.');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
