// Scaffolds a new article: `npm run new-article -- <slug> [--title …] [--original-title …]
// [--date YYYY-MM-DD] [--url https://kexue.fm/archives/N]`. It copies scripts/templates/article/
// (files ending in .tmpl, so that no tool treats the templates as source) into articles/<slug>/,
// filling in the meta from the arguments. The result type-checks, lints, is formatted, passes
// its tests and builds as it is; scripts/check-scaffold.mjs verifies exactly that.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const ARTICLES_DIR = path.join(ROOT, 'articles');
const TEMPLATE_DIR = path.join(import.meta.dirname, 'templates', 'article');
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const USAGE = `Usage: npm run new-article -- <slug> [options]

  <slug>                    folder and URL name: lowercase words joined by hyphens,
                            e.g. softmax-bottleneck
Options:
  --title "…"               English title (default: made from the slug)
  --original-title "…"      title of the original post on kexue.fm, in Chinese
  --date YYYY-MM-DD         date of the original post (default: today)
  --url https://…           address of the original post, e.g. https://kexue.fm/archives/8512
  -h, --help                show this text`;

class UsageError extends Error {}

/** A JavaScript string literal for any text, quoted as Prettier would quote it. */
function jsString(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replaceAll(quote, `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `${quote}${escaped}${quote}`;
}

/** Text that Markdown and MDX show literally: every syntax character is backslash-escaped. */
function markdownText(text) {
  return text.replace(/[\\`*_{}[\]()<>#|$~&!]/g, (c) => `\\${c}`);
}

function todayUtc() {
  return new Date().toISOString().slice(0, 10);
}

function checkDate(date) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new UsageError(`--date must be YYYY-MM-DD, got "${date}"`);
  const [year, month, day] = match.slice(1).map(Number);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw new UsageError(`--date "${date}" is not a day of the calendar`);
  }
  // A day of slack: the post's date is Beijing time, which runs ahead of UTC.
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
  if (date > tomorrow) throw new UsageError(`--date "${date}" is in the future`);
}

function checkUrl(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url "${raw}" is not a URL`);
  }
  if (url.protocol !== 'https:')
    throw new UsageError(`--url must start with https://, got "${raw}"`);
  // Parentheses would end the Markdown link early.
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function checkText(value, option) {
  if (value.trim() === '' || /[\r\n]/.test(value)) {
    throw new UsageError(`${option} must be one non-empty line of text`);
  }
  return value.trim();
}

/** "softmax-bottleneck" → "Softmax bottleneck". */
function titleFromSlug(slug) {
  const words = slug.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        title: { type: 'string' },
        'original-title': { type: 'string' },
        date: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'give the slug of the new article'
        : `give one slug, got ${positionals.join(' ')}`,
    );
  }
  const [slug] = positionals;
  if (!SLUG.test(slug)) {
    throw new UsageError(
      `the slug "${slug}" must be lowercase letters and digits in words joined by single hyphens, e.g. softmax-bottleneck`,
    );
  }
  const date = values.date ?? todayUtc();
  checkDate(date);
  return {
    slug,
    title: values.title === undefined ? null : checkText(values.title, '--title'),
    originalTitle:
      values['original-title'] === undefined
        ? null
        : checkText(values['original-title'], '--original-title'),
    date,
    dateGiven: values.date !== undefined,
    url: values.url === undefined ? null : checkUrl(values.url),
  };
}

/** Every template file under `dir`, as paths relative to it. */
function listTemplates(dir, prefix = '') {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const relative = path.join(prefix, entry.name);
      if (entry.isDirectory()) return listTemplates(path.join(dir, entry.name), relative);
      return entry.name.endsWith('.tmpl') ? [relative] : [];
    });
}

/**
 * Replaces each `{{name}}`. A line that holds only a token which expands to nothing is removed,
 * so that optional meta fields leave no blank line behind.
 */
function fill(template, values, file) {
  const lines = template.split('\n').filter((line) => {
    const only = /^\s*\{\{(\w+)\}\}\s*$/.exec(line);
    return !(only && values[only[1]] === '');
  });
  return lines.join('\n').replace(/\{\{(\w+)\}\}/g, (token, name) => {
    if (!(name in values)) throw new Error(`${file}: unknown template token ${token}`);
    return values[name];
  });
}

function render(options) {
  const title = options.title ?? titleFromSlug(options.slug);
  const postName = options.originalTitle ? markdownText(options.originalTitle) : 'a post';
  const post = options.url
    ? `[${postName}](${options.url})`
    : options.originalTitle
      ? `“${postName}”`
      : postName;
  const values = {
    slug: options.slug,
    title: jsString(title),
    originalTitle: jsString(
      options.originalTitle ?? 'Replace with the Chinese title of the original post',
    ),
    originalDate: options.date,
    originalUrlField: options.url ? `originalUrl: ${jsString(options.url)},` : '',
    intro: `This article retells ${post} by Su Jianlin on his blog *Scientific Spaces* (${options.date}).`,
  };
  return listTemplates(TEMPLATE_DIR).map((relative) => ({
    relative: relative.slice(0, -'.tmpl'.length),
    text: fill(fs.readFileSync(path.join(TEMPLATE_DIR, relative), 'utf8'), values, relative),
  }));
}

function main() {
  let options;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(
      `new-article: ${error.message}\nRun \`npm run new-article -- --help\` for the options.`,
    );
    return 1;
  }
  if (options === null) {
    console.log(USAGE);
    return 0;
  }

  const target = path.join(ARTICLES_DIR, options.slug);
  const shown = path.relative(process.cwd(), target) || '.';
  if (fs.existsSync(target)) {
    console.error(
      `new-article: ${shown} already exists; choose another slug (nothing was written)`,
    );
    return 1;
  }

  // Everything is rendered in memory first, so a broken template writes nothing.
  const files = render(options);
  try {
    for (const file of files) {
      const destination = path.join(target, file.relative);
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, file.text, { flag: 'wx' });
    }
  } catch (error) {
    fs.rmSync(target, { recursive: true, force: true });
    throw error;
  }

  const notes = [
    options.title ? null : `meta.title was made from the slug: "${titleFromSlug(options.slug)}"`,
    options.originalTitle
      ? null
      : 'meta.originalTitle: give the Chinese title of the original post',
    options.dateGiven ? null : `meta.originalDate is today (${options.date}): give the post's date`,
    options.url
      ? null
      : 'meta.originalUrl: add the address of the original post (https://kexue.fm/archives/N)',
    'meta.summary, meta.tags and meta.papers: replace the example values',
  ].filter(Boolean);

  const slug = options.slug;
  console.log(`Created ${shown}/`);
  for (const file of files) console.log(`  ${path.join(shown, file.relative)}`);
  console.log(`
It already builds and passes its tests. It is a draft (meta.draft: true): it builds and is
tested, but the index does not list it until you remove that line. To make it your article:
${notes.map((n) => `  - ${n}`).join('\n')}
  - write the body of index.mdx in your own words (keep the sentence that cites the post), with
    a section "What the post reports"
  - put the article's mathematics in math.ts, with its tests in math.test.ts; replace
    widgets/SoftplusCurve.tsx (a closed-form widget) and widgets/GapSampler.tsx (a widget that
    samples on TensorFlow.js through the kit's training session) with your widgets, keeping
    widgets/index.ts, meta.widgets and the <Widget id="…" /> tags in step
  - replace claims.test.ts with checks of every claim and number of your article, and
    widgets.e2e.ts with what your widgets need a real browser for

Then:
  npm run dev
      and open http://localhost:5173/articles/${slug}/
  npx vitest run articles/${slug}
      runs this article's tests (add --watch while you write)
  npx eslint --max-warnings=0 articles/${slug} && npx prettier --check articles/${slug}
      lint and formatting, as npm test checks them (npx prettier --write fixes the format)
  ARTICLES=${slug} OUT_DIR=dist-${slug} npm run build
  ARTICLES=${slug} DIST_DIR=dist-${slug} npx playwright test articles/${slug}
      this article alone in the built site, and its browser tests
  npm run readme
      once it is no longer a draft: the README's list of articles
  npm test
      everything, as CI runs it

See CONTRIBUTING.md for the article and widget contracts.`);
  return 0;
}

process.exitCode = main();
