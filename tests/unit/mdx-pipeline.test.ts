import { compile, run } from '@mdx-js/mdx';
import * as runtime from 'react/jsx-runtime';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { extractMetaSource, mdxOptions } from '../../scripts/mdx-pipeline';

/** Compiles like the build does, runs the module and renders it: the HTML a reader gets. */
const compileArticle = async (source: string) => {
  const code = String(await compile(source, { ...mdxOptions, outputFormat: 'function-body' }));
  const module = await run(code, { ...runtime, baseUrl: import.meta.url });
  const html = renderToStaticMarkup(createElement(module.default));
  return {
    html,
    toc: module.toc as { depth: number; id: string; text: string }[],
    equations: module.equations,
  };
};

const article = `
## First section

$$
a^2 + b^2 = c^2
\\label{eq:pythagoras}
$$

$$
e^{i\\pi} + 1 = 0
\\label{eq:euler}
$$

By $\\eqref{eq:euler}$ and $\\eqref{eq:pythagoras}$ we are done; $x^2$ stays math.

### A subsection with $\\alpha$
`;

describe('the article MDX pipeline', () => {
  it('numbers labelled display equations in order and anchors them', async () => {
    const { html, equations } = await compileArticle(article);
    expect(equations).toEqual({ 'eq:pythagoras': 1, 'eq:euler': 2 });
    expect(html).toMatch(/<div id="eq-pythagoras" class="equation">/);
    expect(html).toMatch(/<div id="eq-euler" class="equation">/);
    // KaTeX typesets \\tag{n} as "(n)" at the right of the display.
    expect(html).toMatch(/class="tag">.*\(.*1.*\)/);
  });

  it('turns $\\eqref{name}$ into a link to the numbered equation', async () => {
    const { html } = await compileArticle(article);
    expect(html).toContain('<a href="#eq-euler" class="eqref">(2)</a>');
    expect(html).toContain('<a href="#eq-pythagoras" class="eqref">(1)</a>');
  });

  it('renders the remaining math with KaTeX at build time', async () => {
    const { html } = await compileArticle(article);
    expect(html).toMatch(/class="katex"/);
    expect(html).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
    expect(html).not.toMatch(/eqref\{/);
  });

  it('exports a table of contents of the ## and ### headings with stable ids', async () => {
    const { html, toc } = await compileArticle(article);
    expect(toc).toEqual([
      { depth: 2, id: 'first-section', text: 'First section' },
      { depth: 3, id: 'a-subsection-with-alpha', text: 'A subsection with \\alpha' },
    ]);
    expect(html).toContain('<h2 id="first-section">');
  });

  it('fails the build on a reference to an unknown label', async () => {
    await expect(compileArticle('See $\\eqref{eq:nowhere}$.')).rejects.toThrow(/no matching/);
  });

  it('fails the build on a label used twice', async () => {
    const twice = '$$\nx\n\\label{eq:a}\n$$\n\n$$\ny\n\\label{eq:a}\n$$\n';
    await expect(compileArticle(twice)).rejects.toThrow(/used twice/);
  });

  it('fails the build on invalid TeX instead of shipping red error text', async () => {
    await expect(compileArticle('$$\n\\frac{1}{\n$$\n')).rejects.toThrow();
  });
});

describe('extractMetaSource', () => {
  it('returns the object literal, braces and strings inside it included', () => {
    const src = "export const meta = { a: '}', b: { c: [1, 2] } };\n\n# Body {x}";
    expect(extractMetaSource(src, 'f')).toBe("{ a: '}', b: { c: [1, 2] } }");
  });

  it('says which file lacks a meta', () => {
    expect(() => extractMetaSource('# no meta', 'articles/x/index.mdx')).toThrow(
      /articles\/x\/index.mdx/,
    );
  });
});
