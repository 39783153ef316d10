/**
 * `npm run dev` serves every route the build writes, rendered on request by the same server
 * entry as the prerender (src/site/entry-server.tsx) and filled into index.html by the same
 * function (scripts/page-html.mjs), so a page in development is the page the build writes: the
 * index, /about/, every article, every embed, and the 404 page (with status 404) for anything
 * else. Vite's module graph invalidates the server modules when a file changes, so a reload
 * shows the edit; in the open page, hot reload updates the MDX and the widgets in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connect, Plugin, ViteDevServer } from 'vite';
import { pageHtml } from './page-html.mjs';

const SERVER_ENTRY = '/src/site/entry-server.tsx';

interface ServerEntry {
  parseRoute: (pathname: string) => { kind: string };
  render: (
    route: unknown,
  ) => Promise<{ html: string; title: string; description: string; embed: boolean }>;
}

/**
 * Whether a request is for a page rather than a module or an asset: a GET of a path that ends in
 * a slash, in .html, or in a last segment without a dot, outside Vite's own `/@…` and `/__…`.
 */
export function isPageRequest(method: string | undefined, pathname: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (/^\/(@|__)/.test(pathname)) return false;
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return last === '' || last.endsWith('.html') || !last.includes('.');
}

async function servePage(
  server: ViteDevServer,
  req: Connect.IncomingMessage,
  res: import('node:http').ServerResponse,
  url: URL,
): Promise<void> {
  const entry = (await server.ssrLoadModule(SERVER_ENTRY)) as unknown as ServerEntry;
  const pathname = decodeURIComponent(url.pathname);
  const route = entry.parseRoute(pathname);
  const template = fs.readFileSync(path.join(server.config.root, 'index.html'), 'utf8');
  const html = await server.transformIndexHtml(
    req.originalUrl ?? url.pathname,
    template,
    req.originalUrl,
  );
  const page = pageHtml(html, await entry.render(route), { csp: false });
  // The 404 page at its own address is a page like any other, as on a static host.
  res.statusCode = route.kind === 'not-found' && !pathname.endsWith('/404.html') ? 404 : 200;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : page);
}

/** The development server's page routes (see the comment at the top of this file). */
export function devPages(): Plugin {
  return {
    name: 'dev-pages',
    apply: 'serve',
    configureServer(server) {
      // Before Vite's own HTML handling, which knows only the files on disk.
      server.middlewares.use((req, res, next) => {
        const url = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost');
        if (!isPageRequest(req.method, url.pathname)) return next();
        servePage(server, req, res, url).catch((error: unknown) => {
          if (error instanceof Error) server.ssrFixStacktrace(error);
          next(error);
        });
      });
    },
  };
}
