/**
 * Every article found under articles/ obeys the contract: valid meta, unique slugs and widget
 * ids, and the same widgets in meta, in the MDX body and in widgets/index.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metaProblems, widgetIdsInSource } from '../../src/site/meta';
import { schemaProblems } from '../../src/widgets/params';
import { ARTICLES_DIR, extractMetaSource, listArticleSlugs } from '../../scripts/mdx-pipeline';
import type { ArticleWidgetsModule } from '../../src/site/registry';

const folders = listArticleSlugs();
// Lazy, so that ARTICLES=<slug> checks one article without importing the others.
const widgetModules = import.meta.glob<ArticleWidgetsModule>('/articles/*/widgets/index.ts');
const metaOf = (folder: string): unknown =>
  new Function(
    `return (${extractMetaSource(fs.readFileSync(path.join(ARTICLES_DIR, folder, 'index.mdx'), 'utf8'), folder)});`,
  )();

describe('the article registry', () => {
  it('finds at least the Gaussian-distances article by globbing articles/*/index.mdx', () => {
    expect(folders).toContain('gaussian-distances');
  });

  it('has no duplicate slug across articles', () => {
    const slugs = folders.map((f) => (metaOf(f) as { slug: string }).slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});

describe.each(folders)('article %s', (folder) => {
  const source = fs.readFileSync(path.join(ARTICLES_DIR, folder, 'index.mdx'), 'utf8');
  const meta = metaOf(folder) as { widgets: { id: string }[] };
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
