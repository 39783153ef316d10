import { expect, test } from '@playwright/test';
import { builtRoutes, watchErrors } from './helpers';

const routes = builtRoutes();
const articles = routes.filter((r) => r.kind === 'article');
const published = articles.filter((r) => !r.draft);

test.describe('every prerendered page', () => {
  for (const route of routes) {
    test(`${route.path} loads and hydrates without errors`, async ({ page }) => {
      const errors = watchErrors(page);
      const response = await page.goto(route.path);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState('networkidle');
      await expect(page.locator('h1').first()).toBeVisible();
      expect(errors).toEqual([]);
    });
  }
});

test('the index lists every published article with its Chinese title, date, tags and summary, and no draft', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.locator('.card')).toHaveCount(published.length);
  for (const a of articles.filter((r) => r.draft)) {
    await expect(page.locator(`.card[data-slug="${a.slug}"]`)).toHaveCount(0);
  }
  for (const a of published) {
    const card = page.locator(`.card[data-slug="${a.slug}"]`);
    await expect(card).toBeVisible();
    await expect(card.locator('[lang="zh"]')).not.toBeEmpty();
    await expect(card.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
    await expect(card.locator('.tags li').first()).toBeVisible();
  }
});

test('the index filters cards by tag, and keeps the tag in the address', async ({ page }) => {
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  const total = await page.locator('.card').count();
  const tagButton = page.locator('[data-tag]').first();
  const tag = (await tagButton.getAttribute('data-tag')) as string;
  await tagButton.click();
  await expect(tagButton).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(new RegExp(`\\?tag=${encodeURIComponent(tag)}`));
  const shown = page.locator('.card');
  expect(await shown.count()).toBeLessThanOrEqual(total);
  for (const card of await shown.all()) await expect(card.locator('.tags')).toContainText(tag);
});

test('the index page downloads no TensorFlow.js', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.url().endsWith('.wasm')) scripts.push(r.url());
  });
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((u) => /tfjs|\.wasm/.test(u))).toEqual([]);
});

test('an article reads without JavaScript: prose, typeset math, contents, references, figures', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const a of articles) {
    await page.goto(a.path);
    await expect(page.locator('article h1')).toBeVisible();
    expect(await page.locator('.prose .katex').count()).toBeGreaterThan(10);
    expect(await page.locator('.prose .katex-error').count()).toBe(0);
    await expect(page.locator('nav.toc a').first()).toBeVisible();
    await expect(page.locator('.references li').first()).toContainText('Su Jianlin');
    // Widgets are prerendered in their default state, so the figures are there too.
    expect(await page.locator('[data-widget] svg.plot').count()).toBeGreaterThan(0);
  }
  await context.close();
});

test('numbered equations are anchored and the references in the text link to them', async ({
  page,
}) => {
  for (const a of articles) {
    await page.goto(a.path);
    const refs = page.locator('a.eqref');
    for (const ref of await refs.all()) {
      const target = (await ref.getAttribute('href')) as string;
      await expect(page.locator(target)).toHaveCount(1);
    }
  }
});

test('the table of contents links to headings that exist', async ({ page }) => {
  for (const a of articles) {
    await page.goto(a.path);
    for (const link of await page.locator('nav.toc a').all()) {
      const target = (await link.getAttribute('href')) as string;
      await expect(page.locator(target)).toHaveCount(1);
    }
  }
});

test('the about page states the source blog and its licence', async ({ page }) => {
  await page.goto('/about/');
  await expect(page.locator('main')).toContainText('Su Jianlin');
  await expect(page.locator('main')).toContainText('BY-NC-ND 2.5');
  await expect(page.locator('a[href*="kexue.fm"]').first()).toBeVisible();
});

test('an unknown address gets the 404 page', async ({ page }) => {
  const response = await page.goto('/articles/no-such-article/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
});
