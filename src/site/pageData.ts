import { findArticle, loadArticleContent, loadArticleWidgets } from './registry';
import type { ArticleContentModule } from './registry';
import type { ArticleMeta } from './meta';
import type { Route } from './routes';
import type { AnyWidgetDefinition } from '../widgets/defineWidget';

/** What a page needs before it can render (and hydrate to the same HTML). */
export type PageData =
  | { kind: 'plain' }
  | {
      kind: 'article';
      meta: ArticleMeta;
      content: ArticleContentModule;
      widgets: AnyWidgetDefinition[];
    }
  | { kind: 'embed'; meta: ArticleMeta; widget: AnyWidgetDefinition };

export async function loadPageData(route: Route): Promise<PageData> {
  if (route.kind === 'article') {
    const [content, widgets] = await Promise.all([
      loadArticleContent(route.slug),
      loadArticleWidgets(route.slug),
    ]);
    return { kind: 'article', meta: content.meta, content, widgets };
  }
  if (route.kind === 'embed') {
    const meta = findArticle(route.slug);
    const widgets = await loadArticleWidgets(route.slug);
    const widget = widgets.find((w) => w.id === route.widgetId);
    if (!meta || !widget) throw new Error(`No widget ${route.slug}/${route.widgetId}`);
    return { kind: 'embed', meta, widget };
  }
  return { kind: 'plain' };
}
