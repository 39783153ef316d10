// Lighthouse 12 (performance, accessibility, best practices) for every page, with its desktop
// preset, in Debian's Chromium started by chrome-launcher (a dependency of lighthouse).
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { markdownTable, table } from './report.mjs';
import { benchRoutes } from './pages.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
];

/** The audits that cost a category most: weight × (1 − score), worst first. */
function topFailures(lhr, category) {
  return lhr.categories[category].auditRefs
    .map((ref) => ({ ref, audit: lhr.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 0.9)
    .sort((a, b) => b.ref.weight * (1 - b.audit.score) - a.ref.weight * (1 - a.audit.score))
    .slice(0, 4)
    .map(({ ref, audit }) => ({
      id: ref.id,
      title: audit.title,
      score: audit.score,
      display: audit.displayValue ?? null,
      weight: ref.weight,
    }));
}

export async function benchLighthouse(siteUrl, routes, settings, log) {
  const chrome = await chromeLauncher.launch({
    chromePath: settings.chromiumPath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const rows = [];
  try {
    const all = benchRoutes(routes);
    // The quick run checks one page of each kind.
    const pages = settings.quick
      ? ['index', 'article', 'embed'].map((k) => all.find((r) => r.kind === k)).filter(Boolean)
      : all;
    for (const route of pages) {
      log(`  ${route.path}`);
      const runs = [];
      for (let i = 0; i < settings.lighthouseRuns; i++) {
        const result = await lighthouse(
          siteUrl + route.path,
          {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: CATEGORIES,
            disableFullPageScreenshot: true,
          },
          desktopConfig,
        );
        runs.push(result.lhr);
      }
      // With several runs, the run of median performance score stands for the page.
      runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
      const lhr = runs[Math.floor(runs.length / 2)];
      const scores = Object.fromEntries(
        CATEGORIES.map((c) => [c, Math.round((lhr.categories[c].score ?? 0) * 100)]),
      );
      const metrics = Object.fromEntries(
        METRICS.map((m) => [m, lhr.audits[m]?.displayValue ?? null]),
      );
      const misses = CATEGORIES.filter((c) => scores[c] < 95);
      const row = {
        path: route.path,
        scores,
        performanceRuns: runs.map((r) => Math.round(r.categories.performance.score * 100)),
        metrics,
        pass: misses.length === 0,
        failing: Object.fromEntries(misses.map((c) => [c, topFailures(lhr, c)])),
        runWarnings: lhr.runWarnings,
      };
      log(`    ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
      rows.push(row);
    }
  } finally {
    await chrome.kill();
  }
  return { preset: 'desktop', rows, pass: rows.every((r) => r.pass) };
}

export function printLighthouse({ rows }) {
  const headers = [
    'page',
    'performance',
    'accessibility',
    'best practices',
    'LCP',
    'TBT',
    'CLS',
    '≥ 95',
  ];
  const body = rows.map((r) => [
    r.path,
    String(r.scores.performance),
    String(r.scores.accessibility),
    String(r.scores['best-practices']),
    r.metrics['largest-contentful-paint'] ?? '–',
    r.metrics['total-blocking-time'] ?? '–',
    r.metrics['cumulative-layout-shift'] ?? '–',
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const why = rows
    .filter((r) => !r.pass)
    .flatMap((r) =>
      Object.entries(r.failing).map(
        ([category, audits]) =>
          `  ${r.path} ${category} ${r.scores[category]}: ` +
          audits.map((a) => `${a.title}${a.display ? ` (${a.display})` : ''}`).join('; '),
      ),
    );
  return {
    text: [
      'Lighthouse 12, desktop preset (simulated throttling), scores 0–100.',
      table(headers, body),
      ...(why.length ? ['Pages under 95, and the audits that cost most:', ...why] : []),
    ].join('\n'),
    markdown: markdownTable(headers, body),
  };
}
