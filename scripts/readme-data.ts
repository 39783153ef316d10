/** What the README's generated list shows of every article, read from the site's registry. */
import { articles, loadArticleWidgets } from '../src/site/registry';

export async function registryForReadme() {
  return Promise.all(
    articles.map(async (meta) => ({
      ...meta,
      widgets: await Promise.all(
        meta.widgets.map(async (w) => {
          const definition = (await loadArticleWidgets(meta.slug)).find((d) => d.id === w.id);
          return { id: w.id, compute: definition?.compute ?? 'js' };
        }),
      ),
    })),
  );
}
