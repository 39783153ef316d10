/**
 * Every article, found by a glob over `articles/*`. Metadata is eager and small (the index page
 * needs all of it); content and widgets load lazily, one article at a time.
 */
import type { ComponentType } from 'react';
import type { MDXComponents } from 'mdx/types';
import { articleMetas } from 'virtual:article-metas';
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

const contentLoaders = import.meta.glob<ArticleContentModule>('/articles/*/index.mdx');
const widgetLoaders = import.meta.glob<ArticleWidgetsModule>('/articles/*/widgets/index.ts');

/** All articles' meta, newest original post first. */
export const articles: ArticleMeta[] = (articleMetas as { folder: string; meta: ArticleMeta }[])
  .map((a) => a.meta)
  .sort((a, b) => b.originalDate.localeCompare(a.originalDate) || a.slug.localeCompare(b.slug));

export function findArticle(slug: string): ArticleMeta | undefined {
  return articles.find((a) => a.slug === slug);
}

export async function loadArticleContent(slug: string): Promise<ArticleContentModule> {
  const loader = contentLoaders[`/articles/${slug}/index.mdx`];
  if (!loader) throw new Error(`No article "${slug}"`);
  return loader();
}

export async function loadArticleWidgets(slug: string): Promise<AnyWidgetDefinition[]> {
  const loader = widgetLoaders[`/articles/${slug}/widgets/index.ts`];
  return loader ? (await loader()).widgets : [];
}

export const allTags = (): string[] => [...new Set(articles.flatMap((a) => a.tags))].sort();
