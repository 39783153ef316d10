import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './App';
import { headFor } from './head';
import { loadPageData } from './pageData';
import { findArticle } from './registry';
import { allRoutes, parseRoute, routePath } from './routes';
import type { Route } from './routes';

export { allRoutes, parseRoute, routePath };

/** Whether a route belongs to a draft article (routes.json says so, for the browser tests). */
export function isDraft(route: Route): boolean {
  return (
    (route.kind === 'article' || route.kind === 'embed') && findArticle(route.slug)?.draft === true
  );
}

/** The HTML of one route's page body and its head fields, for the prerender. */
export async function render(
  route: Route,
): Promise<{ html: string; title: string; description: string; embed: boolean }> {
  const data = await loadPageData(route);
  const html = renderToString(
    <StrictMode>
      <App route={route} data={data} />
    </StrictMode>,
  );
  return { html, ...headFor(route), embed: route.kind === 'embed' };
}
