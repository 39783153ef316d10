/**
 * The instructor's path: copy three widgets' embed codes from three articles, paste them into a
 * reveal.js deck served from another origin, present it, and drive each widget on its slide.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, type Frame, type Page } from '@playwright/test';
import { builtRoutes, waitForHydration, watchErrors } from './helpers';

const REVEAL_DIR = path.resolve('node_modules/reveal.js');

type Values = Record<string, unknown>;

/** One widget from each of three articles (other widgets fill in while the site has fewer). */
function chooseWidgets() {
  const embeds = builtRoutes().filter((r) => r.kind === 'embed');
  const seen = new Set<string>();
  const distinct = embeds.filter((r) => (seen.has(r.slug!) ? false : (seen.add(r.slug!), true)));
  return [...distinct, ...embeds.filter((r) => !distinct.includes(r))].slice(0, 3);
}

/** A valid state different from the current one: the first simple parameter changed. */
async function changeState(page: Page, key: string): Promise<Values> {
  return page.evaluate((k) => {
    const widget = window.__kexueWidgets![k];
    const values = widget.values() as Record<string, unknown>;
    for (const [name, spec] of Object.entries(widget.params)) {
      const current = values[name];
      let next: unknown;
      if (spec.type === 'select') next = spec.options.find((o) => o !== current);
      else if (spec.type === 'boolean') next = !current;
      else if (spec.type === 'number' || spec.type === 'integer') {
        const step = spec.type === 'number' ? spec.step : (spec.step ?? 1);
        const middle = Math.round((spec.min + spec.max) / 2 / step) * step;
        next = Number((middle !== current ? middle : spec.min).toFixed(10));
      } else continue;
      widget.set({ [name]: next } as never);
      return { ...values, [name]: next };
    }
    throw new Error(`${k} has no simple parameter to change`);
  }, key);
}

async function widgetFrame(page: Page, key: string): Promise<Frame> {
  const [slug, id] = key.split('/');
  await expect
    .poll(() => page.frames().some((f) => f.url().includes(`/embed/${slug}/${id}/`)))
    .toBe(true);
  return page.frames().find((f) => f.url().includes(`/embed/${slug}/${id}/`))!;
}

test('a reveal.js deck presents three embedded widgets with their state, and keeps its keyboard', async ({
  page,
  context,
}) => {
  test.setTimeout(150_000);
  const chosen = chooseWidgets();
  expect(chosen).toHaveLength(3);
  const articles = new Set(
    builtRoutes()
      .filter((r) => r.kind === 'article')
      .map((r) => r.slug),
  );
  expect(new Set(chosen.map((r) => r.slug)).size).toBe(Math.min(3, articles.size));

  // 1. Copy each widget's embed code from its article, after changing its state.
  const slides: { key: string; code: string; values: Values; present: boolean }[] = [];
  for (const [i, route] of chosen.entries()) {
    const key = `${route.slug}/${route.widgetId}`;
    await page.goto(`/articles/${route.slug}/`);
    await waitForHydration(page);
    const widget = page.locator(`[data-widget="${key}"]`);
    await widget.scrollIntoViewIfNeeded();
    const values = await changeState(page, key);
    await widget.locator('[data-action="copy-embed"]').click();
    let code = await widget.locator('[data-share="embed"] textarea').inputValue();
    // The instructor asks for large type on the first slide.
    if (i === 0) code = code.replace('/?', '/?present=1&amp;');
    slides.push({ key, code, values, present: i === 0 });
  }

  // 2. The deck, on its own origin, with the snippets pasted in as they are.
  const deck = fs
    .readFileSync(path.resolve('tests/fixtures/deck.html'), 'utf8')
    .replace(
      '<!--slides-->',
      slides.map((s) => `<section><h2>${s.key}</h2>${s.code}</section>`).join('\n'),
    );
  // Served from 127.0.0.1 on its own port: another origin than the site (localhost:4173).
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://deck');
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(deck);
      return;
    }
    const file = path.join(REVEAL_DIR, url.pathname.replace(/^\/reveal\//, ''));
    if (!file.startsWith(REVEAL_DIR) || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const DECK_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const deckPage = await context.newPage();
  const errors = watchErrors(deckPage);
  await deckPage.goto(`${DECK_ORIGIN}/`);
  await deckPage.waitForFunction(() =>
    (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady(),
  );
  const slideIndex = () =>
    deckPage.evaluate(
      () =>
        (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h,
    );

  for (const [i, slide] of slides.entries()) {
    // The arrow key changes the slide: no iframe took the focus.
    await deckPage.keyboard.press('ArrowRight');
    await expect.poll(slideIndex).toBe(i + 1);
    const frame = await widgetFrame(deckPage, slide.key);
    const widget = frame.locator(`[data-widget="${slide.key}"]`);
    await expect(widget).toBeVisible();
    await frame.waitForFunction((k) => !!window.__kexueWidgets?.[k], slide.key);

    // 3. The state in the embed code is the state shown.
    expect(await frame.evaluate((k) => window.__kexueWidgets![k].values(), slide.key)).toEqual(
      slide.values,
    );
    if (slide.present) {
      await expect(widget).toHaveAttribute('data-present', '1');
      const size = await widget.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const base = await frame.evaluate(() =>
        parseFloat(getComputedStyle(document.documentElement).fontSize),
      );
      expect(size).toBeGreaterThan(base * 1.2);
    }

    // 4. Drive the widget with the keyboard inside the iframe.
    const control = widget
      .locator('input[type="range"], [aria-roledescription="draggable point"]')
      .first();
    await control.focus();
    const before = await frame.evaluate(
      (k) => JSON.stringify(window.__kexueWidgets![k].values()),
      slide.key,
    );
    for (let k = 0; k < 3; k++) await deckPage.keyboard.press('ArrowRight');
    await expect
      .poll(() =>
        frame.evaluate((k) => JSON.stringify(window.__kexueWidgets![k].values()), slide.key),
      )
      .not.toBe(before);
    // The arrow keys went to the widget, not to the deck.
    expect(await slideIndex()).toBe(i + 1);
    // Escape hands the keyboard back to the deck.
    await deckPage.keyboard.press('Escape');
  }
  await deckPage.keyboard.press('ArrowRight');
  await expect.poll(slideIndex).toBe(slides.length + 1);
  expect(errors).toEqual([]);
  server.close();
});
