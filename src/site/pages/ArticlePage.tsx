import { useMemo } from 'react';
import type { MDXComponents } from 'mdx/types';
import { WidgetFrame } from '../../widgets/WidgetFrame';
import type { AnyWidgetDefinition } from '../../widgets/defineWidget';
import { publishedArticles } from '../registry';
import type { ArticleContentModule } from '../registry';
import type { ArticleMeta } from '../meta';
import { routePath } from '../routes';

export interface ArticlePageProps {
  meta: ArticleMeta;
  content: ArticleContentModule;
  widgets: AnyWidgetDefinition[];
}

function References({ meta }: { meta: ArticleMeta }) {
  return (
    <section className="references" aria-labelledby="references">
      <h2 id="references">References</h2>
      <ol>
        <li>
          Su Jianlin, “<span lang="zh">{meta.originalTitle}</span>”, <em>Scientific Spaces</em>,{' '}
          {meta.originalDate}.{' '}
          {meta.originalUrl && <a href={meta.originalUrl}>{meta.originalUrl}</a>}
        </li>
        {meta.papers.map((p) => (
          <li key={p.title}>
            {p.authors} ({p.year}). “{p.title}”.
            {p.venue && (
              <>
                {' '}
                <em>{p.venue}</em>.
              </>
            )}
            {p.arxiv && (
              <>
                {' '}
                <a href={`https://arxiv.org/abs/${p.arxiv}`}>arXiv:{p.arxiv}</a>
              </>
            )}
            {!p.arxiv && p.url && (
              <>
                {' '}
                <a href={p.url}>{p.url}</a>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One article: title block, table of contents, the MDX body with its widgets, references. */
export function ArticlePage({ meta, content, widgets }: ArticlePageProps) {
  const Content = content.default;
  const components = useMemo<MDXComponents>(
    () => ({
      Widget: ({ id }: { id: string }) => {
        const definition = widgets.find((w) => w.id === id);
        const info = meta.widgets.find((w) => w.id === id);
        if (!definition || !info) {
          return (
            <p className="widget-error" role="alert">
              Widget “{id}” is not part of this article.
            </p>
          );
        }
        return (
          <WidgetFrame
            slug={meta.slug}
            definition={definition}
            title={info.title}
            description={info.description}
            mode="article"
          />
        );
      },
    }),
    [meta, widgets],
  );
  // A draft has no place among the published articles, so no neighbours either.
  const index = publishedArticles.findIndex((a) => a.slug === meta.slug);
  const newer = index > 0 ? publishedArticles[index - 1] : undefined;
  const older =
    index >= 0 && index < publishedArticles.length - 1 ? publishedArticles[index + 1] : undefined;

  return (
    <article className="article" data-article={meta.slug}>
      <header className="article-header">
        <h1>{meta.title}</h1>
        <p className="article-original">
          After{' '}
          <a href={meta.originalUrl ?? 'https://kexue.fm/'}>
            “<span lang="zh">{meta.originalTitle}</span>”
          </a>{' '}
          by Su Jianlin, <time dateTime={meta.originalDate}>{meta.originalDate}</time>
        </p>
        <p className="article-summary">{meta.summary}</p>
      </header>
      {content.toc.length > 0 && (
        <nav className="toc" aria-labelledby="toc-title">
          <h2 id="toc-title">Contents</h2>
          <ol>
            {content.toc.map((entry) => (
              <li key={entry.id} className={`toc-depth-${entry.depth}`}>
                <a href={`#${entry.id}`}>{entry.text}</a>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="prose">
        <Content components={components} />
      </div>
      <References meta={meta} />
      <nav className="pager" aria-label="More articles">
        {newer && (
          <a rel="prev" href={routePath({ kind: 'article', slug: newer.slug })}>
            ← {newer.title}
          </a>
        )}
        {older && (
          <a rel="next" href={routePath({ kind: 'article', slug: older.slug })}>
            {older.title} →
          </a>
        )}
      </nav>
    </article>
  );
}
