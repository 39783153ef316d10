// Checks that `npm run new-article` writes an article that passes every gate untouched: in a
// temporary copy of the working tree it scaffolds `scaffold-check`, then type-checks, lints,
// format-checks, tests, builds the new articles alone (ARTICLES=, so that the check takes the
// same time however many articles the site has), reads the prerendered pages and runs the new
// article's browser tests. It stops at the first failure (`--keep-going` runs every step anyway;
// `--keep` leaves the copy for inspection).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SLUG = 'scaffold-check';
const TITLE = 'Scaffold check';
/** A second article whose arguments carry every character that needs escaping in MDX or JS. */
const QUOTING = {
  slug: 'scaffold-check-quoting',
  title: `It's "quoted" {braced} <angled> \\ $x$`,
  originalTitle: '《标题》的[秩]*瓶颈* {x} $y$ <b> & (a)',
  url: 'https://kexue.fm/archives/8512',
};
/** Not copied: installed or generated, or the article this check creates. */
const SKIP_TOP = new Set([
  'node_modules',
  'dist',
  'dist-ssr',
  '.git',
  'test-results',
  'playwright-report',
  'coverage',
  '.vite',
]);
const STEP_TIMEOUT_MS = 170_000;

const keepGoing = process.argv.includes('--keep-going');
const keepCopy = process.argv.includes('--keep');

let work = null;
let passed = 0;
let failed = 0;
let skipped = 0;
let stopped = false;

function cleanUp() {
  if (!work || keepCopy) return;
  const link = path.join(work, 'node_modules');
  // Remove the link itself first: the real node_modules must never be touched.
  if (fs.existsSync(link) && fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
  fs.rmSync(work, { recursive: true, force: true });
  work = null;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

/** Only the scaffolded articles: the build and the tests do not grow with the site. */
const ONLY_NEW = [SLUG, QUOTING.slug].join(',');
/** Ports of the copy's preview and development servers, apart from the real test run's. */
const PREVIEW_PORT = '4188';
const DEV_PORT = '5188';

/** Runs a command in the copy; returns its exit status and combined output. */
function run(command, args, extraEnv = {}) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', CI: '1', ...extraEnv };
  delete env.BASE_PATH; // the page checks below expect the site at the root
  const result = spawnSync(command, args, {
    cwd: work,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: STEP_TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) return { status: null, output: `${output}\n${result.error.message}` };
  return { status: result.status, output };
}

const tail = (text, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * One check. `body` returns nothing on success, or throws an Error whose message says what is
 * wrong. After a failure the remaining steps are skipped unless --keep-going.
 */
function step(name, body) {
  if (stopped) {
    skipped += 1;
    console.log(`- ${name} (skipped)`);
    return;
  }
  const started = Date.now();
  try {
    body();
    passed += 1;
    console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    const message = error instanceof Error ? error.message : String(error);
    console.log(`✗ ${name}\n${message.replace(/^/gm, '    ')}`);
    if (!keepGoing) stopped = true;
  }
}

/** A step that runs one command and passes when it exits with status 0. */
function commandStep(name, command, args, extraEnv = {}) {
  step(name, () => {
    const { status, output } = run(command, args, extraEnv);
    if (status !== 0) {
      throw new Error(
        `\`${[command, ...args].join(' ')}\` exited with ${status ?? 'a timeout or signal'}:\n${tail(output)}`,
      );
    }
  });
}

function readPage(relative) {
  const file = path.join(work, 'dist', relative);
  if (!fs.existsSync(file)) throw new Error(`dist/${relative} was not written`);
  return fs.readFileSync(file, 'utf8');
}

function expectIn(html, needle, what) {
  if (!html.includes(needle)) throw new Error(`${what} lacks ${needle}`);
}

/** Every file of a folder with its contents, to show that a refused run changed nothing. */
function snapshot(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath ?? e.path, e.name);
      return `${path.relative(dir, file)}\n${fs.readFileSync(file, 'utf8')}`;
    })
    .sort()
    .join('\n\0');
}

function main() {
  const started = Date.now();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'scaffold-check-'));
  console.log(`scaffold check in ${work}${keepCopy ? ' (kept)' : ''}`);

  step('copy the working tree', () => {
    fs.cpSync(ROOT, work, {
      recursive: true,
      filter: (source) => {
        const relative = path.relative(ROOT, source);
        const top = relative.split(path.sep)[0];
        const ours = [SLUG, QUOTING.slug].map((slug) => path.join('articles', slug));
        return !SKIP_TOP.has(top) && !ours.includes(relative);
      },
    });
    const modules = path.join(ROOT, 'node_modules');
    if (!fs.existsSync(modules)) throw new Error('node_modules is missing: run npm install first');
    fs.symlinkSync(modules, path.join(work, 'node_modules'), 'dir');
  });

  const articleDir = () => path.join(work, 'articles', SLUG);
  let widgetIds = [];

  step(`node scripts/new-article.mjs ${SLUG} --title "${TITLE}"`, () => {
    const { status, output } = run('node', ['scripts/new-article.mjs', SLUG, '--title', TITLE]);
    if (status !== 0) throw new Error(`exited with ${status}:\n${tail(output)}`);
    const expected = [
      'index.mdx',
      'math.ts',
      'math.test.ts',
      'claims.test.ts',
      'widgets.e2e.ts',
      'widgets/index.ts',
      'widgets/SoftplusCurve.tsx',
      'widgets/GapSampler.tsx',
    ];
    for (const file of expected) {
      if (!fs.existsSync(path.join(articleDir(), file))) throw new Error(`${file} was not written`);
    }
    const source = fs.readFileSync(path.join(articleDir(), 'index.mdx'), 'utf8');
    widgetIds = [...source.matchAll(/<Widget\s+id=["']([^"']+)["']/g)].map((m) => m[1]);
    if (widgetIds.length < 2) throw new Error('index.mdx places fewer than two <Widget id="…" />');
    if (!/^\s*draft: true,$/m.test(source)) throw new Error('meta lacks draft: true');
  });

  step(
    'the scaffold refuses an existing slug, a bad slug and a bad date (exit 1, nothing written)',
    () => {
      const before = snapshot(articleDir());
      const refusals = [
        [SLUG, '--title', TITLE],
        ['Not_A_Slug'],
        ['scaffold-check-date', '--date', '2021-13-01'],
      ];
      for (const args of refusals) {
        const { status, output } = run('node', ['scripts/new-article.mjs', ...args]);
        const shown = `new-article ${args.join(' ')}`;
        if (status !== 1)
          throw new Error(`${shown} exited with ${status}, not 1:\n${tail(output)}`);
        if (!/new-article: /.test(output)) throw new Error(`${shown} gave no message`);
      }
      if (snapshot(articleDir()) !== before) {
        throw new Error(`the second run changed articles/${SLUG}`);
      }
      for (const slug of ['Not_A_Slug', 'scaffold-check-date']) {
        if (fs.existsSync(path.join(work, 'articles', slug))) {
          throw new Error(`articles/${slug} was written`);
        }
      }
    },
  );

  step('a second article with quotes, braces, angle brackets and dollars in its arguments', () => {
    const args = ['--title', QUOTING.title, '--original-title', QUOTING.originalTitle];
    args.push('--date', '2021-07-08', '--url', QUOTING.url);
    const { status, output } = run('node', ['scripts/new-article.mjs', QUOTING.slug, ...args]);
    if (status !== 0) throw new Error(`exited with ${status}:\n${tail(output)}`);
  });

  commandStep('npx tsc --noEmit -p tsconfig.json', 'npx', [
    'tsc',
    '--noEmit',
    '-p',
    'tsconfig.json',
  ]);
  const folders = [`articles/${SLUG}`, `articles/${QUOTING.slug}`];
  commandStep(`npx eslint --max-warnings=0 ${folders.join(' ')}`, 'npx', [
    'eslint',
    '--max-warnings=0',
    ...folders,
  ]);
  commandStep(`npx prettier --check ${folders.join(' ')}`, 'npx', [
    'prettier',
    '--check',
    ...folders,
  ]);

  const only = { ARTICLES: ONLY_NEW };
  const vitestTargets = [...folders];
  if (fs.existsSync(path.join(ROOT, 'tests', 'unit'))) vitestTargets.push('tests/unit');
  commandStep(
    `ARTICLES=${ONLY_NEW} npx vitest run ${vitestTargets.join(' ')}`,
    'npx',
    ['vitest', 'run', ...vitestTargets],
    only,
  );

  step('the placeholder check refuses the scaffold once it is no longer a draft', () => {
    const file = path.join(articleDir(), 'index.mdx');
    const source = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, source.replace(/^\s*draft: true,\n/m, ''));
    try {
      const { status, output } = run(
        'npx',
        ['vitest', 'run', 'tests/unit/articles.test.ts', '-t', 'placeholder'],
        { ARTICLES: SLUG },
      );
      if (status === 0) throw new Error('tests/unit/articles.test.ts passed a published scaffold');
      if (!/Written by `npm run new-article`/.test(output))
        throw new Error(`the failure does not name the scaffold text:\n${tail(output)}`);
    } finally {
      fs.writeFileSync(file, source);
    }
  });

  commandStep(`ARTICLES=${ONLY_NEW} node scripts/build.mjs`, 'node', ['scripts/build.mjs'], only);

  step(`dist/articles/${SLUG}/index.html has its widgets, typeset math and equation links`, () => {
    const html = readPage(`articles/${SLUG}/index.html`);
    const what = `dist/articles/${SLUG}/index.html`;
    for (const id of widgetIds) expectIn(html, `data-widget="${SLUG}/${id}"`, what);
    expectIn(html, 'class="katex"', what);
    const links = [...html.matchAll(/<a[^>]*class="eqref"[^>]*>/g)].map((m) => m[0]);
    if (links.length === 0) throw new Error(`${what} has no equation reference (class="eqref")`);
    for (const link of links) {
      const target = /href="#([^"]+)"/.exec(link)?.[1];
      if (!target || !html.includes(`id="${target}"`)) {
        throw new Error(`${what}: the equation link ${link} points to no equation`);
      }
    }
  });

  step(`dist/embed/${SLUG}/<widget>/index.html exists for every widget, with its readouts`, () => {
    for (const id of widgetIds) {
      const html = readPage(`embed/${SLUG}/${id}/index.html`);
      const what = `dist/embed/${SLUG}/${id}/index.html`;
      expectIn(html, `data-widget="${SLUG}/${id}"`, what);
      expectIn(html, 'data-readout=', what);
    }
  });

  step('dist/index.html lists neither draft, and routes.json marks both as drafts', () => {
    const html = readPage('index.html');
    for (const slug of [SLUG, QUOTING.slug]) {
      if (html.includes(`href="/articles/${slug}/"`))
        throw new Error(`dist/index.html lists the draft ${slug}`);
    }
    const routes = JSON.parse(readPage('routes.json'));
    const articles = routes.filter((r) => r.kind === 'article');
    if (articles.length !== 2 || !articles.every((r) => r.draft === true))
      throw new Error(`routes.json: ${JSON.stringify(articles)}`);
  });

  step(
    `dist/articles/${QUOTING.slug}/index.html shows its title and the post's title literally`,
    () => {
      const html = readPage(`articles/${QUOTING.slug}/index.html`);
      const what = `dist/articles/${QUOTING.slug}/index.html`;
      const asHtml = (text) =>
        text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&quot;');
      expectIn(html.replace(/&#x27;|&#39;/g, "'"), asHtml(QUOTING.title), what);
      expectIn(
        html,
        `retells <a href="${QUOTING.url}">${asHtml(QUOTING.originalTitle)}</a> by`,
        what,
      );
    },
  );

  commandStep(
    `ARTICLES=${ONLY_NEW} npx playwright test articles/${SLUG} --project chromium`,
    'npx',
    ['playwright', 'test', `articles/${SLUG}`, '--project', 'chromium'],
    { ...only, PORT: PREVIEW_PORT, DEV_PORT },
  );

  cleanUp();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`scaffold check took ${seconds} s`);
  console.log(
    `scaffold: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  cleanUp();
}
