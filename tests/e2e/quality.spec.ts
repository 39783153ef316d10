/**
 * Checks that run over every page and widget the build wrote, so a new article is covered
 * without being listed: one visit per page for the content security policy, accessibility (axe
 * in light and dark, keyboard, text alternatives) and reduced motion; hostile query strings; and
 * a soak of random state changes.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { builtRoutes, waitForHydration, watchErrors } from './helpers';

const routes = builtRoutes();
const embeds = routes.filter((r) => r.kind === 'embed');

/** Records CSP violations from the first script on. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

/** Serious or critical axe violations on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}

/** Tabs through a widget and checks that every control takes the focus, with a visible ring. */
async function expectKeyboardReachable(page: Page, key: string): Promise<void> {
  const widget = page.locator(`[data-widget="${key}"]`);
  // Open collapsed sections so that what they hold is counted too.
  for (const summary of await widget.locator('details > summary').all()) await summary.click();
  const controls = await widget.evaluate((root) => {
    const selector = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
    return [...root.querySelectorAll(selector)].filter(
      (el) => !(el as HTMLInputElement).disabled && (el as HTMLElement).getClientRects().length > 0,
    ).length;
  });
  expect(controls).toBeGreaterThan(2);
  // Reach the widget by keyboard, as a reader would (focus rings show for keyboard focus).
  await widget.locator('.widget-title').click();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => !!document.activeElement?.closest('[data-widget]'))) break;
  }
  const reached = new Set<string>();
  for (let i = 0; i < controls + 5; i++) {
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return null;
      const style = getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      const drawn =
        el.querySelector('.focus-ring, [data-focus-ring]') !== null || el.matches('svg *');
      const id = `${el.tagName}:${el.getAttribute('aria-label') ?? ''}:${el.textContent?.slice(0, 30)}:${[...(el.parentElement?.children ?? [])].indexOf(el)}:${el.closest('[data-param]')?.getAttribute('data-param') ?? ''}`;
      return {
        inside: !!el.closest('[data-widget]'),
        visible: ring || drawn || style.boxShadow !== 'none',
        id,
      };
    });
    if (!info || !info.inside) break;
    expect(info.visible, `focus ring on ${info.id}`).toBe(true);
    reached.add(info.id);
    await page.keyboard.press('Tab');
  }
  expect(reached.size).toBeGreaterThanOrEqual(controls - 1);
}

/**
 * One visit per page, for everything a page must be whatever is on it: the policy, accessibility
 * in both colour schemes (switched without a reload), and on an embed its widget's keyboard use,
 * text alternatives and stillness under reduced motion.
 */
test.describe('one visit per page', () => {
  for (const route of routes) {
    const embed = route.kind === 'embed';
    const title = embed
      ? `${route.path}: strict policy kept, axe clean in light and dark, still under reduced motion, plots described, every control reachable by Tab with a visible focus`
      : `${route.path}: strict policy kept, axe clean in light and dark`;
    test(title, async ({ page }) => {
      const violations = await recordViolations(page);
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      await page.goto(route.path);
      if (embed) await waitForHydration(page);
      else await page.waitForLoadState('networkidle');
      const policy = await page
        .locator('meta[http-equiv="Content-Security-Policy"]')
        .getAttribute('content');
      expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(policy).not.toMatch(/(?<!wasm-)unsafe-eval|script-src[^;]*unsafe-inline/);
      // Give tfjs widgets time to load their backend under the policy; a reader who prefers less
      // motion meanwhile sees nothing start by itself.
      await page.waitForTimeout(embed ? 1500 : 200);
      if (embed) {
        const statuses = await page
          .locator('[data-status]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
        for (const status of statuses) expect(['idle', 'paused']).toContain(status);
      }
      expect(await seriousViolations(page), 'light').toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
      expect(await seriousViolations(page), 'dark').toEqual([]);
      if (embed) {
        const key = `${route.slug}/${route.widgetId}`;
        const widget = page.locator(`[data-widget="${key}"]`);
        for (const plot of await widget.locator('svg.plot').all()) {
          await expect(plot).toHaveAttribute('role', /img|group/);
          expect(
            ((await plot.locator('title').first().textContent()) ?? '').length,
          ).toBeGreaterThan(10);
          expect(((await plot.locator('desc').first().textContent()) ?? '').length).toBeGreaterThan(
            10,
          );
        }
        expect(await widget.locator('[aria-live]').count()).toBeGreaterThan(0);
        await expectKeyboardReachable(page, key);
      }
      expect(await violations()).toEqual([]);
    });
  }
});

/** 25 values that no parameter accepts as given, and each also used under an unknown name. */
const PAYLOADS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '',
  ' ',
  'abc',
  '0x1F',
  '1,2,3,4,5,6,7,8,9,10,11',
  ',,,',
  '<script>window.pwned=1</script>',
  '"><img src=x onerror="window.pwned=1">',
  "'><svg onload=window.pwned=1>",
  'javascript:window.pwned=1',
  '%00',
  '\u0000',
  '{"a":1}',
  '[1,2]',
  'true!',
  '1e',
  '--1',
  '１２',
  '😀',
  'x'.repeat(5000),
];
const UNKNOWN_NAMES = ['zz_unknown', '__proto__', 'constructor', '<b>bold</b>', 'toString'];

test.describe('hostile query strings', () => {
  for (const route of embeds) {
    test(`${route.path} survives 50 malformed query strings (10 page loads, 40 history moves) with notices and no markup`, async ({
      page,
    }) => {
      test.setTimeout(180_000);
      const errors = watchErrors(page);
      await page.goto(route.path);
      await waitForHydration(page);
      const key = `${route.slug}/${route.widgetId}`;
      const names = await page.evaluate((k) => Object.keys(window.__kexueWidgets![k].params), key);
      expect(names.length).toBeGreaterThan(0);
      const cases: { name: string; value: string }[] = [
        ...PAYLOADS.map((value, i) => ({ name: names[i % names.length], value })),
        ...PAYLOADS.map((value, i) => ({ name: UNKNOWN_NAMES[i % UNKNOWN_NAMES.length], value })),
      ];
      expect(cases).toHaveLength(50);
      for (const [i, { name, value }] of cases.entries()) {
        const query = `?${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
        if (i % 5 === 0) {
          // Opened afresh: the prerendered page hydrates and then reads the address.
          await page.goto(`${route.path}${query}`);
        } else {
          // The same address reached by back/forward navigation in the open page.
          await page.evaluate((q) => {
            history.pushState(null, '', q);
            window.dispatchEvent(new PopStateEvent('popstate'));
          }, query);
        }
        const widget = page.locator(`[data-widget="${key}"]`);
        await expect(widget).toBeVisible();
        await expect(
          page
            .locator('[data-notice-param]')
            .filter({ hasText: name.slice(0, 20) })
            .first(),
        ).toBeAttached();
        const state = await page.evaluate(() => ({
          pwned: (window as unknown as { pwned?: number }).pwned,
          injected: document.querySelectorAll('body script, img[src="x"], svg[onload], [onerror]')
            .length,
        }));
        expect(state, `${name}=${value.slice(0, 30)}`).toEqual({ pwned: undefined, injected: 0 });
      }
      expect(errors).toEqual([]);
    });
  }
});

test.describe('soak', () => {
  for (const route of embeds) {
    test(`${route.path} takes 2,000 random valid changes with tensors and heap back to their level`, async ({
      page,
    }) => {
      test.setTimeout(240_000);
      const errors = watchErrors(page);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(route.path);
      await waitForHydration(page);
      const key = `${route.slug}/${route.widgetId}`;
      const cdp = await page.context().newCDPSession(page);
      const settle = async () => {
        await page.evaluate((k) => window.__kexueWidgets![k].reset(), key);
        await page.waitForTimeout(800);
        await cdp.send('HeapProfiler.collectGarbage');
        const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
        const tensors = await page.evaluate(async () =>
          window.__kexueCore ? (await window.__kexueCore.memory()).numTensors : 0,
        );
        return { heap, tensors };
      };
      // Warm-up: the first run loads tfjs and compiles kernels, which is not growth.
      await page.evaluate(
        async ({ k }) => {
          const w = window.__kexueWidgets![k];
          for (const b of document.querySelectorAll<HTMLButtonElement>('[data-action="play"]'))
            b.click();
          await new Promise((r) => setTimeout(r, 500));
          w.reset();
        },
        { k: key },
      );
      const before = await settle();
      await page.evaluate(async (k) => {
        const widget = window.__kexueWidgets![k];
        let state = 12345;
        const random = () => {
          state = (state * 1103515245 + 12345) % 2147483648;
          return state / 2147483648;
        };
        const pick = (lo: number, hi: number, step: number) => {
          const x = lo + random() * (hi - lo);
          return Math.min(hi, Math.max(lo, Math.round(x / step) * step));
        };
        const yieldToPage = () => new Promise((r) => setTimeout(r, 0));
        const names = Object.keys(widget.params);
        for (let i = 0; i < 2000; i++) {
          const name = names[Math.floor(random() * names.length)];
          const spec = widget.params[name] as unknown as Record<string, unknown> & { type: string };
          let value: unknown;
          const num = spec as unknown as { min: number; max: number; step?: number };
          if (spec.type === 'number')
            value = pick(num.min, num.max, num.step ?? (num.max - num.min) / 100);
          else if (spec.type === 'integer')
            value = Math.round(pick(num.min, Math.min(num.max, num.min + 5000), 1));
          else if (spec.type === 'boolean') value = random() < 0.5;
          else if (spec.type === 'select') {
            const options = spec.options as string[];
            value = options[Math.floor(random() * options.length)];
          } else if (spec.type === 'vector') {
            value = Array.from({ length: spec.length as number }, () =>
              pick(num.min, num.max, num.step ?? 0.01),
            );
          } else if (spec.type === 'matrix') {
            // A random matrix may not be valid for the widget (not SPD): keep the current one.
            continue;
          }
          widget.set({ [name]: value } as never);
          // Renders come every few changes, as when a reader drags quickly.
          if (i % 5 !== 4) continue;
          if (i % 200 === 104) {
            for (const b of document.querySelectorAll<HTMLButtonElement>('[data-action="play"]'))
              b.click();
          }
          if (i % 200 === 154) {
            for (const b of document.querySelectorAll<HTMLButtonElement>('[data-action="pause"]'))
              b.click();
          }
          await yieldToPage();
        }
      }, key);
      await expect(page.locator(`[data-widget="${key}"]`)).toBeVisible();
      const after = await settle();
      expect(after.tensors, 'tf.memory().numTensors after reset').toBeLessThanOrEqual(
        before.tensors,
      );
      // Margin for the heap after garbage collection: 25 % plus 2 MB (caches of compiled kernels).
      expect(after.heap).toBeLessThan(before.heap * 1.25 + 2 * 1024 * 1024);
      expect(errors).toEqual([]);
    });
  }
});
