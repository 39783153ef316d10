// The HTML of one page: index.html with a route's rendered body and head fields filled in. The
// production build (scripts/build.mjs) and the development server (scripts/dev-pages.ts) both
// write pages through this, so `npm run dev` shows the same page as the prerender.

// A strict policy: scripts only from the site itself (no inline script, no eval); WebAssembly may
// compile; inline style attributes are allowed because KaTeX and React's style props use them.
// The development server leaves it out: Vite's hot reload injects inline scripts.
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

export const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Fills the template (index.html, already processed by Vite) with a rendered page:
 * `rendered` is what entry-server's render() returns; `csp` adds the policy as the first
 * element of <head>.
 * @param {string} template
 * @param {{ html: string, title: string, description: string, embed: boolean }} rendered
 * @param {{ csp: boolean }} options
 */
export function pageHtml(template, rendered, { csp }) {
  const { html, title, description, embed } = rendered;
  const head = [
    `<meta name="description" content="${escapeHtml(description)}" />`,
    embed ? '<meta name="robots" content="noindex" />' : '',
  ]
    .filter(Boolean)
    .join('\n    ');
  let page = template;
  if (csp) {
    // The policy comes first in <head>, before any script or stylesheet it governs.
    page = page.replace(
      '<meta charset="UTF-8" />',
      `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
    );
  }
  return (
    page
      .replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`)
      // Function replacements: a `$&` or `$1` in the rendered text must stay literal.
      .replace('<!--app-head-->', () => head)
      .replace('<!--app-html-->', () => html)
      .replace('<body>', embed ? '<body class="embed">' : '<body>')
  );
}
