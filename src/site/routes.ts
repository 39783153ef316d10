/** The site's routes: parsing a path, and the path of a route (under the base path). */
import { articles } from './registry';

export type Route =
  | { kind: 'index' }
  | { kind: 'about' }
  | { kind: 'article'; slug: string }
  | { kind: 'embed'; slug: string; widgetId: string }
  | { kind: 'not-found' };

const base = () => import.meta.env.BASE_URL;

/** The path of a route, e.g. `/articles/<slug>/`, with the base path in front. */
export function routePath(route: Route): string {
  switch (route.kind) {
    case 'index':
      return base();
    case 'about':
      return `${base()}about/`;
    case 'article':
      return `${base()}articles/${route.slug}/`;
    case 'embed':
      return `${base()}embed/${route.slug}/${route.widgetId}/`;
    case 'not-found':
      return `${base()}404.html`;
  }
}

/** The route a pathname names; anything unknown is not-found (never an error). */
export function parseRoute(pathname: string): Route {
  const root = base();
  const rest = pathname.startsWith(root)
    ? pathname.slice(root.length)
    : pathname.replace(/^\//, '');
  const parts = rest
    .replace(/index\.html$/, '')
    .split('/')
    .filter(Boolean);
  if (parts.length === 0) return { kind: 'index' };
  if (parts.length === 1 && parts[0] === 'about') return { kind: 'about' };
  const known = (slug: string) => articles.some((a) => a.slug === slug);
  if (parts.length === 2 && parts[0] === 'articles' && known(parts[1])) {
    return { kind: 'article', slug: parts[1] };
  }
  if (parts.length === 3 && parts[0] === 'embed' && known(parts[1])) {
    const meta = articles.find((a) => a.slug === parts[1]);
    if (meta?.widgets.some((w) => w.id === parts[2])) {
      return { kind: 'embed', slug: parts[1], widgetId: parts[2] };
    }
  }
  return { kind: 'not-found' };
}

/** Every page the prerender writes. */
export function allRoutes(): Route[] {
  return [
    { kind: 'index' },
    { kind: 'about' },
    { kind: 'not-found' },
    ...articles.map((a) => ({ kind: 'article' as const, slug: a.slug })),
    ...articles.flatMap((a) =>
      a.widgets.map((w) => ({ kind: 'embed' as const, slug: a.slug, widgetId: w.id })),
    ),
  ];
}
