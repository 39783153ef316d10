/**
 * Every article, found by listing `articles/*` at build time (scripts/mdx-pipeline.ts), drafts
 * included (they build and are tested; `publishedArticles` leaves them out). Metadata
 * is eager and small (the index page needs all of it); content and widgets load lazily, one
 * article at a time.
 */
import type { ComponentType } from 'react';
import type { MDXComponents } from 'mdx/types';
import { articleMetas, contentLoaders, widgetLoaders } from 'virtual:article-metas';
import type { AnyWidgetDefinition } from '../widgets/defineWidget';
import type { ArticleMeta, TocEntry } from './meta';

export interface ArticleContentModule {
  default: ComponentType<{ components?: MDXComponents }>;
  meta: ArticleMeta;
  toc: TocEntry[];
  equations: Record<string, number>;
}

export interface ArticleWidgetsModule {
  widgets: AnyWidgetDefinition[];
}

/** All articles' meta, newest original post first. */
export const articles: ArticleMeta[] = (articleMetas as { folder: string; meta: ArticleMeta }[])
  .map((a) => a.meta)
  .sort((a, b) => b.originalDate.localeCompare(a.originalDate) || a.slug.localeCompare(b.slug));

/** The articles that are not drafts, in the same order: what the index and the pager show. */
export const publishedArticles: ArticleMeta[] = articles.filter((a) => !a.draft);

export function findArticle(slug: string): ArticleMeta | undefined {
  return articles.find((a) => a.slug === slug);
}

export async function loadArticleContent(slug: string): Promise<ArticleContentModule> {
  const loader = contentLoaders[slug];
  if (!loader) throw new Error(`No article "${slug}"`);
  return (await loader()) as ArticleContentModule;
}

export async function loadArticleWidgets(slug: string): Promise<AnyWidgetDefinition[]> {
  const loader = widgetLoaders[slug];
  return loader ? ((await loader()) as ArticleWidgetsModule).widgets : [];
}

/** The tags of the published articles, for the index page's filter. */
export const allTags = (): string[] =>
  [...new Set(publishedArticles.flatMap((a) => a.tags))].sort();
