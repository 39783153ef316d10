import { findArticle } from './registry';
import type { Route } from './routes';

const SITE = 'Scientific Spaces, explorable';

/** The document title and description of a route (the prerender writes them into <head>). */
export function headFor(route: Route): { title: string; description: string } {
  switch (route.kind) {
    case 'index':
      return {
        title: `${SITE}: machine-learning mathematics you can move`,
        description:
          'Explorable articles on the derivations of the blog Scientific Spaces (kexue.fm): closed forms, divergences, training tricks, with live widgets.',
      };
    case 'about':
      return {
        title: `About · ${SITE}`,
        description: 'What this site is, its source blog and its licence.',
      };
    case 'article': {
      const meta = findArticle(route.slug);
      return { title: `${meta?.title ?? route.slug} · ${SITE}`, description: meta?.summary ?? '' };
    }
    case 'embed': {
      const meta = findArticle(route.slug);
      const widget = meta?.widgets.find((w) => w.id === route.widgetId);
      return {
        title: `${widget?.title ?? route.widgetId} · ${meta?.title ?? route.slug}`,
        description: widget?.description ?? '',
      };
    }
    case 'not-found':
      return { title: `Page not found · ${SITE}`, description: 'This page does not exist.' };
  }
}
