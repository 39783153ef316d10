/**
 * Every article found under articles/ obeys the contract: valid meta, unique slugs and widget
 * ids, and the same widgets in meta, in the MDX body and in widgets/index.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaProblems, SCAFFOLD_MARKERS, widgetIdsInSource } from '../../src/site/meta';
import { schemaProblems } from '../../src/widgets/params';
import { ARTICLES_DIR, extractMetaSource, listArticleSlugs } from '../../scripts/mdx-pipeline';
import type { ArticleWidgetsModule } from '../../src/site/registry';
import { withoutGeneratedList } from '../../scripts/readme-articles.mjs';

const folders = listArticleSlugs();
// Lazy, so that ARTICLES=<slug> checks one article without importing the others.
const widgetModules = import.meta.glob<ArticleWidgetsModule>('/articles/*/widgets/index.ts');
const metaOf = (folder: string): unknown =>
  new Function(
    `return (${extractMetaSource(fs.readFileSync(path.join(ARTICLES_DIR, folder, 'index.mdx'), 'utf8'), folder)});`,
  )();

const ROOT = path.resolve(ARTICLES_DIR, '..');

/** Every source file under a folder (recursively), as absolute paths. */
function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx|mts|mjs|js|mdx|md|html|css|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The relative module specifiers a file imports (static, dynamic and re-exports). */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:from|import\s*\(?)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

/** The files outside articles/ that make up the site, its tests and its tools. */
function filesOutsideArticles(): string[] {
  const folders = ['src', 'tests', 'scripts', 'public', '.ci'].map((d) => path.join(ROOT, d));
  const top = fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => e.isFile() && !/^package-lock\.json$/.test(e.name))
    .map((e) => path.join(ROOT, e.name));
  // The scaffold's check names the temporary articles it creates, and nothing else.
  const scaffoldCheck = path.join(ROOT, 'scripts', 'check-scaffold.mjs');
  return [...top, ...folders.filter((d) => fs.existsSync(d)).flatMap(sourceFiles)].filter(
    (f) => f !== scaffoldCheck,
  );
}

describe('the article registry', () => {
  it('finds the articles by globbing articles/*/index.mdx', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  it('has no duplicate slug across articles', () => {
    const slugs = folders.map((f) => (metaOf(f) as { slug: string }).slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});

describe.each(folders)('article %s', (folder) => {
  const source = fs.readFileSync(path.join(ARTICLES_DIR, folder, 'index.mdx'), 'utf8');
  const meta = metaOf(folder) as { widgets: { id: string }[]; draft?: boolean };
  const load = widgetModules[`/articles/${folder}/widgets/index.ts`];

  it('has a meta with every required field', () => {
    expect(metaProblems(meta, folder)).toEqual([]);
  });

  it('places each widget of meta exactly once in the body, and no other', () => {
    const placed = widgetIdsInSource(source);
    expect([...placed].sort()).toEqual(meta.widgets.map((w) => w.id).sort());
    expect(new Set(placed).size).toBe(placed.length);
  });

  it('defines in widgets/index.ts exactly the widgets its meta lists, with unique ids', async () => {
    expect(load, `${folder}/widgets/index.ts must export widgets`).toBeDefined();
    const ids = (await load()).widgets.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(meta.widgets.map((w) => w.id).sort());
  });

  it('holds none of the scaffold’s placeholder text, unless it is still a draft', () => {
    if (meta.draft === true) return;
    const home = path.join(ARTICLES_DIR, folder);
    const left = sourceFiles(home).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return SCAFFOLD_MARKERS.filter((m) => text.includes(m)).map(
        (m) => `${path.relative(home, file)}: "${m}"`,
      );
    });
    expect(left, 'replace the scaffold text, or keep meta.draft: true').toEqual([]);
  });

  it('imports nothing from another article', () => {
    const home = path.join(ARTICLES_DIR, folder);
    for (const file of sourceFiles(home)) {
      for (const specifier of relativeImports(fs.readFileSync(file, 'utf8'))) {
        const target = path.resolve(path.dirname(file), specifier);
        const inArticles = target.startsWith(ARTICLES_DIR + path.sep);
        expect(
          !inArticles || target.startsWith(home + path.sep),
          `${path.relative(ROOT, file)} imports ${specifier}`,
        ).toBe(true);
      }
    }
  });

  it('is named by nothing outside its folder but the generated list in README.md', () => {
    const named = filesOutsideArticles().filter((file) => {
      let text = fs.readFileSync(file, 'utf8');
      if (path.basename(file) === 'README.md') text = withoutGeneratedList(text);
      return new RegExp(`(^|[^a-z0-9-])${folder}([^a-z0-9-]|$)`).test(text);
    });
    expect(named.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('gives every widget a consistent parameter schema', async () => {
    for (const widget of (await load()).widgets) {
      expect(schemaProblems(widget.params), `${folder}/${widget.id}`).toEqual([]);
      expect(widget.embedHeight).toBeGreaterThan(200);
    }
  });
});

describe('metaProblems', () => {
  const good = {
    slug: 'x',
    title: 'T',
    originalTitle: '题',
    originalDate: '2021-01-01',
    papers: [],
    tags: ['a'],
    summary: 's',
    widgets: [{ id: 'w', title: 'W', description: 'd' }],
  };

  it('accepts a complete meta', () => {
    expect(metaProblems(good, 'x')).toEqual([]);
  });

  it.each([
    ['a missing title', { ...good, title: undefined }, /title/],
    ['a slug that differs from its folder', { ...good, slug: 'y' }, /differs/],
    ['a bad date', { ...good, originalDate: '8 July 2021' }, /YYYY-MM-DD/],
    ['no widgets', { ...good, widgets: [] }, /widgets/],
    ['a draft flag that is not a boolean', { ...good, draft: 'yes' }, /meta.draft/],
    ['a duplicate widget id', { ...good, widgets: [good.widgets[0], good.widgets[0]] }, /twice/],
    [
      'a malformed arXiv id',
      { ...good, papers: [{ title: 'p', authors: 'a', year: 2020, arxiv: 'abc' }] },
      /arxiv/,
    ],
  ])('rejects %s', (_, meta, pattern) => {
    expect(metaProblems(meta, 'x').join('\n')).toMatch(pattern);
  });
});
