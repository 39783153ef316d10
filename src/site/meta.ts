/** The `export const meta` every article declares, and its validation. */

export interface PaperReference {
  title: string;
  authors: string;
  year: number;
  /** arXiv identifier such as "1706.08500", where the paper has one. */
  arxiv?: string;
  /** Journal or conference. */
  venue?: string;
  /** A link (DOI or publisher page) when there is no arXiv id. */
  url?: string;
}

export interface WidgetMeta {
  id: string;
  title: string;
  description: string;
}

export interface ArticleMeta {
  slug: string;
  title: string;
  /** The title of the original post on kexue.fm, in Chinese. */
  originalTitle: string;
  /** Publication date of the original post, YYYY-MM-DD. */
  originalDate: string;
  originalUrl?: string;
  papers: PaperReference[];
  tags: string[];
  summary: string;
  widgets: WidgetMeta[];
  /**
   * A draft (what `npm run new-article` writes) builds and is tested like any article, but the
   * index page, the pager and the README's list leave it out.
   */
  draft?: boolean;
}

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Everything wrong with one article's meta, as sentences; empty when it is valid. */
export function metaProblems(meta: unknown, folder: string): string[] {
  const problems: string[] = [];
  if (typeof meta !== 'object' || meta === null) return [`${folder}: meta is not an object`];
  const m = meta as Record<string, unknown>;
  for (const field of ['slug', 'title', 'originalTitle', 'originalDate', 'summary'] as const) {
    if (!isText(m[field])) problems.push(`${folder}: meta.${field} is missing or empty`);
  }
  if (m.slug !== folder)
    problems.push(`${folder}: meta.slug "${String(m.slug)}" differs from its folder`);
  if (isText(m.slug) && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(m.slug)) {
    problems.push(`${folder}: meta.slug must be lowercase words joined by hyphens`);
  }
  if (isText(m.originalDate) && !/^\d{4}-\d{2}-\d{2}$/.test(m.originalDate)) {
    problems.push(`${folder}: meta.originalDate must be YYYY-MM-DD`);
  }
  if (
    m.originalUrl !== undefined &&
    !(isText(m.originalUrl) && /^https:\/\//.test(m.originalUrl))
  ) {
    problems.push(`${folder}: meta.originalUrl must be an https URL`);
  }
  if (m.draft !== undefined && typeof m.draft !== 'boolean') {
    problems.push(`${folder}: meta.draft must be true or false`);
  }
  if (!Array.isArray(m.tags) || m.tags.length === 0 || !m.tags.every(isText)) {
    problems.push(`${folder}: meta.tags must be a non-empty list of words`);
  }
  if (!Array.isArray(m.papers))
    problems.push(`${folder}: meta.papers must be a list (possibly empty)`);
  else
    m.papers.forEach((p: Record<string, unknown>, i: number) => {
      if (!isText(p?.title) || !isText(p?.authors) || typeof p?.year !== 'number') {
        problems.push(`${folder}: meta.papers[${i}] needs title, authors and year`);
      }
      if (p?.arxiv !== undefined && !(isText(p.arxiv) && /^\d{4}\.\d{4,5}$/.test(p.arxiv))) {
        problems.push(`${folder}: meta.papers[${i}].arxiv must look like 2106.14448`);
      }
    });
  if (!Array.isArray(m.widgets) || m.widgets.length === 0) {
    problems.push(`${folder}: meta.widgets must list the article's widgets`);
  } else {
    const seen = new Set<string>();
    m.widgets.forEach((w: Record<string, unknown>, i: number) => {
      if (!isText(w?.id) || !isText(w?.title) || !isText(w?.description)) {
        problems.push(`${folder}: meta.widgets[${i}] needs id, title and description`);
      } else if (seen.has(w.id)) problems.push(`${folder}: widget id "${w.id}" is listed twice`);
      else seen.add(w.id);
      if (isText(w?.id) && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(w.id)) {
        problems.push(`${folder}: widget id "${w.id}" must be lowercase words joined by hyphens`);
      }
    });
  }
  return problems;
}

/** Widget ids that an article's MDX source places with `<Widget id="…" />`. */
export function widgetIdsInSource(source: string): string[] {
  return [...source.matchAll(/<Widget\s+id=["']([^"']+)["']/g)].map((m) => m[1]);
}

/**
 * Text that `npm run new-article` writes for the author to replace: an article that is not a
 * draft any more must hold none of it (tests/unit/articles.test.ts checks every file).
 */
export const SCAFFOLD_MARKERS: readonly string[] = [
  'Written by `npm run new-article`',
  'Replace this',
  'Replace these',
  'Replace with',
];
