import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, type Locator } from '@playwright/test';

export interface BuiltRoute {
  kind: 'index' | 'about' | 'article' | 'embed' | 'not-found';
  path: string;
  slug?: string;
  widgetId?: string;
  /** The route belongs to a draft article (built and tested, not listed on the index). */
  draft?: boolean;
}

/** Every page the build wrote (the registry, as built), for tests that cover all of them. */
export function builtRoutes(): BuiltRoute[] {
  const dist = process.env.DIST_DIR ?? 'dist';
  return JSON.parse(fs.readFileSync(path.resolve(dist, 'routes.json'), 'utf8')) as BuiltRoute[];
}

/** Collects uncaught errors and console errors of a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The full-precision value of a readout. */
export async function readout(scope: Page | Locator, name: string): Promise<number> {
  const value = await scope.locator(`[data-readout="${name}"]`).first().getAttribute('data-value');
  return Number(value);
}

/** Waits for the page's client script to have hydrated the widgets. */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('[data-widget]').length > 0);
  await page.waitForLoadState('networkidle');
}

export async function expectClose(
  actual: number,
  expected: number,
  tolerance: number,
): Promise<void> {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/**
 * Opens a widget's embed page (`query` without the "?") once it has hydrated, and returns the
 * widget's frame: `const widget = await openEmbed(page, 'my-article', 'softplus', 'beta=2')`.
 */
export async function openEmbed(
  page: Page,
  slug: string,
  widgetId: string,
  query = '',
): Promise<Locator> {
  await page.goto(`/embed/${slug}/${widgetId}/${query ? `?${query}` : ''}`);
  await waitForHydration(page);
  return page.locator(`[data-widget="${slug}/${widgetId}"]`);
}

/** Types a value into the number box of the slider labelled `label`, and commits it. */
export async function setNumber(scope: Page | Locator, label: string, value: number) {
  const box = scope.getByLabel(`${label} value`, { exact: true });
  await box.fill(String(value));
  await box.press('Enter');
}

/** tf.memory().numTensors on a page where a widget has started tfjs (for leak checks). */
export async function tensorCount(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.__kexueCore!.memory()).numTensors);
}
