/**
 * The frame's sharing tools on real pages: the embed code pasted into another page's iframe with
 * the state it was copied in, the copied link, and the exported figure. The widgets come from
 * the registry (the first article's), so no article is named here.
 */
import { expect, test, type Page } from '@playwright/test';
import { builtRoutes, waitForHydration, watchErrors } from './helpers';

const routes = builtRoutes();
const article = routes.find((r) => r.kind === 'article')!;
const embed = routes.find((r) => r.kind === 'embed' && r.slug === article.slug)!;

interface ParamInfo {
  name: string;
  min: number;
  max: number;
}

/** The first widget of the article with a number parameter, and that parameter's range. */
async function widgetWithNumber(
  page: Page,
): Promise<{ key: string; id: string; param: ParamInfo }> {
  const found = await page.evaluate(() => {
    for (const [key, widget] of Object.entries(window.__kexueWidgets ?? {})) {
      for (const [name, spec] of Object.entries(widget.params)) {
        if (spec.type === 'number') return { key, name, min: spec.min, max: spec.max };
      }
    }
    return null;
  });
  expect(found, 'a widget with a number parameter').not.toBeNull();
  const { key, name, min, max } = found!;
  return { key, id: key.split('/')[1], param: { name, min, max } };
}

test('the copied embed code works in an iframe of another page, state included', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto(article.path);
  await waitForHydration(page);
  const { key, id, param } = await widgetWithNumber(page);
  await page.evaluate(
    ([k, name, value]) => window.__kexueWidgets![k as string].set({ [name as string]: value }),
    [key, param.name, param.max] as const,
  );
  const widget = page.locator(`[data-widget="${key}"]`);
  await widget.locator('[data-action="copy-embed"]').click();
  const code = await widget.locator('[data-share="embed"] textarea').inputValue();
  expect(code).toMatch(
    new RegExp(`^<iframe src="http://localhost:\\d+/embed/${article.slug}/${id}/\\?`),
  );
  expect(code).toContain(`${param.name}=${param.max}`);
  expect(code).toMatch(/title="[^"]+\(interactive\)"/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

  // A page of the instructor's own, holding only the pasted snippet.
  const deck = await context.newPage();
  const errors = watchErrors(deck);
  await deck.setContent(`<!doctype html><title>Slides</title><h1>Lecture 3</h1>${code}`);
  const frameLocator = deck.frameLocator('iframe');
  const embedded = frameLocator.locator(`[data-widget="${key}"]`);
  await expect(embedded).toBeVisible();
  const frame = deck.frames().find((f) => f.url().includes(`/embed/${article.slug}/${id}/`))!;
  const valueInFrame = () =>
    frame.evaluate(([k, name]) => window.__kexueWidgets?.[k as string]?.values()[name as string], [
      key,
      param.name,
    ] as const);
  await expect.poll(valueInFrame).toBe(param.max);
  // Drive it inside the iframe: its number box takes a new value.
  const box = embedded.locator(`[data-param="${param.name}"] input[type="number"]`).first();
  await box.fill(String(param.min));
  await box.press('Enter');
  await expect.poll(valueInFrame).toBe(param.min);
  // No site chrome in the embed, and a link back to the article.
  await expect(frameLocator.locator('.site-header')).toHaveCount(0);
  await expect(frameLocator.getByRole('link', { name: 'Read the article' })).toHaveAttribute(
    'href',
    new RegExp(`articles/${article.slug}/#widget-${id}`),
  );
  expect(errors).toEqual([]);
});

test('copy link gives the article address with this widget’s state and anchor', async ({
  page,
}) => {
  await page.goto(article.path);
  await waitForHydration(page);
  const { key, id } = await widgetWithNumber(page);
  const first = await page.evaluate((k) => Object.keys(window.__kexueWidgets![k].params)[0], key);
  const widget = page.locator(`[data-widget="${key}"]`);
  await widget.locator('[data-action="copy-link"]').click();
  const link = await widget.locator('[data-share="link"] textarea').inputValue();
  expect(link).toMatch(
    new RegExp(`/articles/${article.slug}/\\?${id}\\.${first}=[^&]+&.*#widget-${id}$`),
  );
});

test('export figure downloads the widget’s SVG', async ({ page }) => {
  await page.goto(embed.path);
  await waitForHydration(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-action="export"]').click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${embed.slug}-${embed.widgetId}.svg`);
  const stream = await download.createReadStream();
  let svg = '';
  for await (const chunk of stream) svg += chunk;
  expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('<path');
});
