import { WidgetFrame } from '../../widgets/WidgetFrame';
import type { AnyWidgetDefinition } from '../../widgets/defineWidget';
import type { ArticleMeta } from '../meta';

/** One widget, no site chrome: what an instructor's iframe shows. */
export function EmbedPage({ meta, widget }: { meta: ArticleMeta; widget: AnyWidgetDefinition }) {
  const info = meta.widgets.find((w) => w.id === widget.id);
  return (
    <main className="embed-page" id="main">
      <WidgetFrame
        slug={meta.slug}
        definition={widget}
        title={info?.title ?? widget.id}
        description={info?.description ?? ''}
        mode="embed"
      />
    </main>
  );
}
