// Production build: the client bundle, a server bundle, then every route prerendered to its own
// static HTML file (so text and typeset math arrive without JavaScript), hydrated on the client.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { pageHtml } from './page-html.mjs';

const root = path.resolve(import.meta.dirname, '..');
// OUT_DIR builds elsewhere than dist/ (to build one article in isolation beside another build).
const outDir = path.resolve(root, process.env.OUT_DIR ?? 'dist');
const ssrDir = `${outDir}-ssr`;

async function main() {
  const started = Date.now();
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await build({
    root,
    logLevel: 'warn',
    build: { ssr: 'src/site/entry-server.tsx', outDir: ssrDir, emptyOutDir: true },
  });

  const server = await import(pathToFileURL(path.join(ssrDir, 'entry-server.js')).href);
  const template = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const base = process.env.BASE_PATH ? `/${process.env.BASE_PATH.replace(/^\/*|\/*$/g, '')}/` : '/';
  const routes = server.allRoutes();
  for (const route of routes) {
    const page = pageHtml(template, await server.render(route), { csp: true });
    const urlPath = server.routePath(route).slice(base.length - 1);
    const file = urlPath.endsWith('.html')
      ? path.join(outDir, urlPath)
      : path.join(outDir, urlPath, 'index.html');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, page);
  }
  // The list of pages, for the browser tests and for hosts that want a sitemap.
  fs.writeFileSync(
    path.join(outDir, 'routes.json'),
    JSON.stringify(
      routes.map((route) => ({
        ...route,
        path: server.routePath(route),
        ...(server.isDraft(route) ? { draft: true } : {}),
      })),
      null,
      2,
    ),
  );
  fs.rmSync(ssrDir, { recursive: true, force: true });
  console.log(
    `Prerendered ${routes.length} pages into ${path.relative(root, outDir)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
