import { useEffect } from 'react';
import { WidgetFrame } from '../../widgets/WidgetFrame';
import type { AnyWidgetDefinition } from '../../widgets/defineWidget';
import type { ArticleMeta } from '../meta';

/** One widget, no site chrome: what an instructor's iframe shows. */
export function EmbedPage({ meta, widget }: { meta: ArticleMeta; widget: AnyWidgetDefinition }) {
  const info = meta.widgets.find((w) => w.id === widget.id);

  // Inside a slide deck, Escape hands the keyboard back to the deck so that its arrow keys
  // change slides again (the iframe never takes focus by itself).
  useEffect(() => {
    if (window.parent === window) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      (document.activeElement as HTMLElement | null)?.blur();
      window.parent.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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
