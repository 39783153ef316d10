import { useState } from 'react';
import { useLocationSearch } from '../../widgets/useLocationSearch';
import { allTags, publishedArticles as articles } from '../registry';
import { routePath } from '../routes';
import type { ArticleMeta } from '../meta';

function ArticleCard({ meta }: { meta: ArticleMeta }) {
  return (
    <li className="card" data-slug={meta.slug}>
      <h2>
        <a href={routePath({ kind: 'article', slug: meta.slug })}>{meta.title}</a>
      </h2>
      <p className="card-original">
        <span lang="zh">{meta.originalTitle}</span> ·{' '}
        <time dateTime={meta.originalDate}>{meta.originalDate}</time>
      </p>
      <p className="card-summary">{meta.summary}</p>
      <ul className="tags" aria-label="Tags">
        {meta.tags.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
    </li>
  );
}

/** The list of articles, filterable by tag (the filter lives in `?tag=`). */
export function IndexPage() {
  const tags = allTags();
  const search = useLocationSearch();
  const requested = new URLSearchParams(search ?? '').get('tag');
  const [chosen, setChosen] = useState<string | null | undefined>(undefined);
  const tag =
    chosen !== undefined ? chosen : requested && tags.includes(requested) ? requested : null;

  const choose = (next: string | null) => {
    setChosen(next);
    const url = next ? `?tag=${encodeURIComponent(next)}` : window.location.pathname;
    window.history.replaceState(null, '', url);
  };

  const shown = tag ? articles.filter((a) => a.tags.includes(tag)) : articles;
  return (
    <>
      <section className="intro">
        <h1>Machine-learning mathematics you can move</h1>
        <p>
          Short, sharp derivations from Su Jianlin&rsquo;s blog <em>Scientific Spaces</em> (
          <span lang="zh">科学空间</span>), explained anew with the mathematics typeset and widgets
          you can drag, slide and train. Every number a widget shows is checked against an
          independent computation.
        </p>
      </section>
      <div className="tag-filter" role="group" aria-label="Filter by tag">
        <button type="button" aria-pressed={tag === null} onClick={() => choose(null)}>
          All ({articles.length})
        </button>
        {tags.map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={tag === t}
            onClick={() => choose(t)}
            data-tag={t}
          >
            {t}
          </button>
        ))}
      </div>
      <p className="sr-only" role="status">
        {shown.length} article{shown.length === 1 ? '' : 's'} shown
      </p>
      <ul className="cards">
        {shown.map((a) => (
          <ArticleCard key={a.slug} meta={a} />
        ))}
      </ul>
    </>
  );
}
