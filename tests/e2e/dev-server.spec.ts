/**
 * `npm run dev` (the README's first command) against the pages the build writes: every route
 * answers with the page the prerender writes, hydrates without errors, and picks up an edit to an
 * article's MDX or to a widget in the open page. Runs in the "dev" project, whose web server is
 * `vite` itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { builtRoutes, watchErrors } from './helpers';
import { isLastBitHydrationNoise } from './hydrationNoise';

const routes = builtRoutes();
const DIST = process.env.DIST_DIR ?? 'dist';

/** Waits for the widgets of a page to have hydrated (the frame's toolbar answers). */
async function waitForWidgets(page: Page, count: number): Promise<void> {
  if (count === 0) return;
  await expect(page.locator('[data-widget]')).toHaveCount(count);
  await page.waitForFunction((n) => Object.keys(window.__kexueWidgets ?? {}).length >= n, count, {
    timeout: 60_000,
  });
}

/** Widgets the build wrote into a route's page. */
function builtWidgetCount(routePath: string): number {
  const file = routePath.endsWith('.html')
    ? path.join(DIST, routePath)
    : path.join(DIST, routePath, 'index.html');
  return (fs.readFileSync(file, 'utf8').match(/data-widget="/g) ?? []).length;
}

test.describe('npm run dev serves every page the build writes', () => {
  for (const route of routes) {
    test(`${route.path} answers 200, renders like the build and hydrates without errors`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      const errors = watchErrors(page);
      const response = await page.goto(route.path);
      expect(response?.status()).toBe(200);
      // The server's HTML, before any script ran: the same page the prerender writes.
      const html = (await response?.text()) ?? '';
      const widgets = builtWidgetCount(route.path);
      expect((html.match(/data-widget="/g) ?? []).length).toBe(widgets);
      if (route.kind === 'article') expect(html).toContain('class="katex"');
      await expect(page.locator('h1').first()).toBeVisible();
      await waitForWidgets(page, widgets);
      expect(errors.filter((e) => !isLastBitHydrationNoise(e))).toEqual([]);
    });
  }

  test('an unknown address gets the 404 page with status 404', async ({ page }) => {
    const response = await page.goto('/articles/no-such-article/');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    const slug = routes.find((r) => r.kind === 'article')!.slug;
    const embed = await page.goto(`/embed/${slug}/no-such-widget/`);
    expect(embed?.status()).toBe(404);
  });
});

/** Rewrites a source file for the length of one test, then puts it back as it was. */
async function withEdit(file: string, edit: (text: string) => string, body: () => Promise<void>) {
  const original = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, edit(original));
  try {
    await body();
  } finally {
    fs.writeFileSync(file, original);
  }
}

test.describe('hot reload', () => {
  // Both tests edit sources that the other pages read: one at a time, after the page visits.
  test.describe.configure({ mode: 'serial' });

  test('an edit to an article’s MDX shows in the open page without reloading it by hand', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const article = routes.find((r) => r.kind === 'article')!;
    await page.goto(article.path);
    await waitForWidgets(page, builtWidgetCount(article.path));
    const marker = `Edited while the page was open ${Date.now()}.`;
    const file = path.join('articles', article.slug!, 'index.mdx');
    await withEdit(
      file,
      (text) => `${text.trimEnd()}\n\n${marker}\n`,
      async () => {
        await expect(page.locator('.prose')).toContainText(marker, { timeout: 60_000 });
      },
    );
    await expect(page.locator('.prose')).not.toContainText(marker, { timeout: 60_000 });
  });

  test('an edit to a widget’s code shows in the open embed', async ({ page }) => {
    test.setTimeout(120_000);
    const embed = routes.find((r) => r.kind === 'embed')!;
    await page.goto(embed.path);
    await waitForWidgets(page, 1);
    // The widget's own file: the one under its article's widgets/ that defines its id.
    const folder = path.join('articles', embed.slug!, 'widgets');
    const file = fs
      .readdirSync(folder)
      .map((name) => path.join(folder, name))
      .find(
        (f) => f.endsWith('.tsx') && fs.readFileSync(f, 'utf8').includes(`id: '${embed.widgetId}'`),
      );
    expect(file, `the file of ${embed.slug}/${embed.widgetId}`).toBeDefined();
    await withEdit(
      file!,
      // Wrap the view in an element the page did not have before.
      (text) =>
        text.replace(
          /Component: (\w+),/,
          (_, name) =>
            `Component: (props: Parameters<typeof ${name}>[0]) => <div data-edited="yes"><${name} {...props} /></div>,`,
        ),
      async () => {
        await expect(page.locator('[data-edited="yes"]')).toBeAttached({ timeout: 60_000 });
      },
    );
  });
});
