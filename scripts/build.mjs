// Production build: the client bundle, a server bundle, then every route prerendered to its own
// static HTML file (so text and typeset math arrive without JavaScript), hydrated on the client.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
// OUT_DIR builds elsewhere than dist/ (to build one article in isolation beside another build).
const outDir = path.resolve(root, process.env.OUT_DIR ?? 'dist');
const ssrDir = `${outDir}-ssr`;

// A strict policy: scripts only from the site itself (no inline script, no eval); WebAssembly may
// compile; inline style attributes are allowed because KaTeX and React's style props use them.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

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
    const { html, title, description, embed } = await server.render(route);
    const head = [
      `<meta name="description" content="${escapeHtml(description)}" />`,
      embed ? '<meta name="robots" content="noindex" />' : '',
    ]
      .filter(Boolean)
      .join('\n    ');
    const page = template
      // The policy comes first in <head>, before any script or stylesheet it governs.
      .replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      )
      .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
      .replace('<!--app-head-->', head)
      .replace('<!--app-html-->', html)
      .replace('<body>', embed ? '<body class="embed">' : '<body>');
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
      routes.map((route) => ({ ...route, path: server.routePath(route) })),
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
