/**
 * Build-time pipeline for the articles: the MDX compiler with math, numbered equations and a
 * table of contents, and the `virtual:article-metas` module that lists every article's `meta`
 * without pulling any article's content into the bundle that imports it.
 */
import fs from 'node:fs';
import path from 'node:path';
import mdx from '@mdx-js/rollup';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import GithubSlugger from 'github-slugger';
import { valueToEstree } from 'estree-util-value-to-estree';
import { visit, SKIP } from 'unist-util-visit';
import type { Plugin } from 'vite';
import type { Root, Heading, Parent, RootContent, PhrasingContent } from 'mdast';
import type { Program } from 'estree';

import type { Math as MathNode, InlineMath as InlineMathNode } from 'mdast-util-math';

export interface TocEntry {
  depth: 2 | 3;
  id: string;
  text: string;
}

const LABEL = /\\label\{([^}]+)\}/;
const EQREF = /^\s*\\eqref\{([^}]+)\}\s*$/;

const equationId = (name: string) =>
  `eq-${name.replace(/^eq:/, '').replace(/[^A-Za-z0-9_-]/g, '-')}`;

function headingText(node: Heading): string {
  let text = '';
  visit(node, (child) => {
    if (child.type === 'text' || child.type === 'inlineCode') text += child.value;
    if (child.type === 'inlineMath') text += child.value;
  });
  return text.trim();
}

function esmExport(name: string, value: unknown): RootContent {
  const program: Program = {
    type: 'Program',
    sourceType: 'module',
    body: [
      {
        type: 'ExportNamedDeclaration',
        specifiers: [],
        attributes: [],
        declaration: {
          type: 'VariableDeclaration',
          kind: 'const',
          declarations: [
            {
              type: 'VariableDeclarator',
              id: { type: 'Identifier', name },
              init: valueToEstree(value) as never,
            },
          ],
        },
      },
    ],
  };
  return { type: 'mdxjsEsm', value: '', data: { estree: program } } as unknown as RootContent;
}

/**
 * Numbers every display equation that carries `\label{name}`: the label becomes `\tag{n}`, the
 * block gets the id `eq-name`, and an inline `$\eqref{name}$` becomes a link "(n)" to it.
 * Headings of depth 2 and 3 get stable ids, and the module exports `toc` and `equations`.
 */
export function remarkArticleStructure() {
  return (tree: Root, file: { path?: string }) => {
    const numbers = new Map<string, number>();
    visit(tree, 'math', (node: MathNode) => {
      const match = LABEL.exec(node.value);
      if (!match) return;
      const name = match[1];
      if (numbers.has(name)) {
        throw new Error(`${file.path ?? 'article'}: equation label "${name}" is used twice`);
      }
      const n = numbers.size + 1;
      numbers.set(name, n);
      node.value = node.value.replace(LABEL, `\\tag{${n}}`);
      // A wrapper keeps the anchor: rehype-katex replaces the inner <pre> with its own output.
      node.data = {
        hName: 'div',
        hProperties: { id: equationId(name), className: ['equation'] },
        hChildren: [
          {
            type: 'element',
            tagName: 'pre',
            properties: {},
            children: [
              {
                type: 'element',
                tagName: 'code',
                properties: { className: ['language-math', 'math-display'] },
                children: [{ type: 'text', value: node.value }],
              },
            ],
          },
        ],
      };
    });

    visit(tree, 'inlineMath', (node: InlineMathNode, index, parent: Parent | undefined) => {
      const match = EQREF.exec(node.value);
      if (!match || !parent || index === undefined) return;
      const name = match[1];
      const n = numbers.get(name);
      if (n === undefined) {
        throw new Error(`${file.path ?? 'article'}: \\eqref{${name}} has no matching \\label`);
      }
      const link: PhrasingContent = {
        type: 'link',
        url: `#${equationId(name)}`,
        data: { hProperties: { className: ['eqref'] } },
        children: [{ type: 'text', value: `(${n})` }],
      };
      parent.children.splice(index, 1, link as never);
      return SKIP;
    });

    const slugger = new GithubSlugger();
    const toc: TocEntry[] = [];
    visit(tree, 'heading', (node: Heading) => {
      if (node.depth !== 2 && node.depth !== 3) return;
      const text = headingText(node);
      const id = slugger.slug(text);
      node.data = { ...node.data, hProperties: { id } };
      toc.push({ depth: node.depth, id, text });
    });

    tree.children.push(esmExport('toc', toc));
    tree.children.push(esmExport('equations', Object.fromEntries(numbers)));
  };
}

export const ARTICLES_DIR = path.resolve(import.meta.dirname, '..', 'articles');

/** The source text of the `export const meta = {...}` literal of one MDX file. */
export function extractMetaSource(source: string, file: string): string {
  const start = source.search(/^export const meta\s*=\s*\{/m);
  if (start < 0) throw new Error(`${file}: missing "export const meta = {...}"`);
  const open = source.indexOf('{', start);
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return source.slice(open, i + 1);
  }
  throw new Error(`${file}: unterminated meta object`);
}

/**
 * The article folders: every `articles/<slug>/index.mdx`. The environment variable ARTICLES
 * (comma-separated slugs) narrows the site to some of them, to build one article in isolation.
 */
export function listArticleSlugs(dir = ARTICLES_DIR): string[] {
  if (!fs.existsSync(dir)) return [];
  const only = process.env.ARTICLES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'index.mdx')))
    .map((d) => d.name)
    .filter((name) => !only || only.includes(name))
    .sort();
}

const VIRTUAL_METAS = 'virtual:article-metas';

/**
 * `virtual:article-metas`: every article's meta (small, eager) and loaders for its content and
 * widgets (lazy, one chunk per article).
 */
function articleMetasPlugin(): Plugin {
  const resolved = '\0' + VIRTUAL_METAS;
  return {
    name: 'article-metas',
    resolveId(id) {
      return id === VIRTUAL_METAS ? resolved : undefined;
    },
    load(id) {
      if (id !== resolved) return undefined;
      const folders = listArticleSlugs();
      const entries = folders.map((folder) => {
        const file = path.join(ARTICLES_DIR, folder, 'index.mdx');
        this.addWatchFile(file);
        const literal = extractMetaSource(fs.readFileSync(file, 'utf8'), file);
        return `  { folder: ${JSON.stringify(folder)}, meta: ${literal} },`;
      });
      const loader = (folder: string, file: string) =>
        `  ${JSON.stringify(folder)}: () => import(${JSON.stringify(`/articles/${folder}/${file}`)}),`;
      const widgetFolders = folders.filter((f) =>
        fs.existsSync(path.join(ARTICLES_DIR, f, 'widgets', 'index.ts')),
      );
      return [
        `export const articleMetas = [\n${entries.join('\n')}\n];`,
        `export const contentLoaders = {\n${folders.map((f) => loader(f, 'index.mdx')).join('\n')}\n};`,
        `export const widgetLoaders = {\n${widgetFolders.map((f) => loader(f, 'widgets/index.ts')).join('\n')}\n};`,
        '',
      ].join('\n');
    },
  };
}

/** rehype-katex only warns on TeX it cannot parse; an article must not ship red error text. */
function rehypeFailOnMathErrors() {
  return (
    _tree: unknown,
    file: {
      path?: string;
      messages: { source?: string | null; reason: string; cause?: unknown }[];
    },
  ) => {
    const problem = file.messages.find((m) => m.source === 'rehype-katex');
    if (problem) {
      const cause = problem.cause instanceof Error ? `: ${problem.cause.message}` : '';
      throw new Error(`${file.path ?? 'article'}: ${problem.reason}${cause}`);
    }
  };
}

/**
 * A display equation wider than the column scrolls sideways; keyboard users must be able to
 * focus it to scroll. Only long ones get a tab stop, so short equations do not crowd the order.
 */
function rehypeFocusableWideMath() {
  return (tree: import('hast').Root) => {
    visit(tree, 'element', (node) => {
      const classes = node.properties?.className;
      if (!Array.isArray(classes) || !classes.includes('katex-display')) return;
      let tex = '';
      visit(node, 'element', (child) => {
        if (child.tagName === 'annotation') {
          for (const text of child.children) if (text.type === 'text') tex += text.value;
        }
      });
      if (tex.length > 80) {
        node.properties.tabIndex = 0;
        node.properties.role = 'group';
        node.properties.ariaLabel = 'Equation (scrolls sideways)';
      }
      return SKIP;
    });
  };
}

/** The MDX options every article is compiled with (also used by the pipeline's tests). */
export const mdxOptions: import('@mdx-js/rollup').Options = {
  remarkPlugins: [remarkGfm, remarkMath, remarkArticleStructure],
  rehypePlugins: [
    [rehypeKatex, { strict: 'error' }],
    rehypeFailOnMathErrors,
    rehypeFocusableWideMath,
  ],
};

export function articlePlugins(): Plugin[] {
  return [{ enforce: 'pre', ...mdx(mdxOptions) } as Plugin, articleMetasPlugin()];
}
