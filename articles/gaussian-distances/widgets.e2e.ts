import { expect, test } from '@playwright/test';
import {
  expectClose,
  openEmbed,
  readout,
  waitForHydration,
  watchErrors,
} from '../../tests/e2e/helpers';

const SLUG = 'gaussian-distances';
const ARTICLE = `/articles/${SLUG}/`;

// Independent values for the worked example: μp=(1,0), Σp=[[2,1],[1,2]]; μq=(0,2), Σq=diag(1,3).
const WORKED = {
  kl_pq: 1.5,
  kl_qp: 8 / 3,
  bhattacharyya: 0.5 * Math.log(3.5 / 3) + 3 / 8,
  w2: Math.sqrt(13 - 2 * Math.sqrt(14)),
};

test.describe('ellipses widget', () => {
  test('shows the worked example’s closed forms on first paint', async ({ page }) => {
    // Not openEmbed, which waits for hydration: these are the numbers the page arrives with.
    await page.goto(`/embed/${SLUG}/ellipses/`);
    const widget = page.locator(`[data-widget="${SLUG}/ellipses"]`);
    for (const [name, value] of Object.entries(WORKED)) {
      await expectClose(await readout(widget, name), value, 1e-9);
    }
  });

  test('dragging the centre of q with the mouse changes KL(p‖q), and the state goes into the address', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto(ARTICLE);
    await waitForHydration(page);
    const widget = page.locator('[data-widget="gaussian-distances/ellipses"]');
    await widget.scrollIntoViewIfNeeded();
    const before = await readout(widget, 'kl_pq');
    const handle = widget.getByRole('button', { name: /^Centre of q/ });
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => readout(widget, 'kl_pq')).not.toBeCloseTo(before, 3);
    // The readout is the closed form for the new state, not a stale number: KL(p‖q) ≥ 0 and
    // the asymmetric pair still differs.
    expect(await readout(widget, 'kl_pq')).toBeGreaterThan(0);
    await expect(page).toHaveURL(/ellipses\.mu_q=/);
    // Reloading the address restores the dragged state.
    const moved = await readout(widget, 'kl_pq');
    await page.reload();
    await waitForHydration(page);
    await expect.poll(() => readout(widget, 'kl_pq')).toBeCloseTo(moved, 9);
    expect(errors).toEqual([]);
  });

  test('arrow keys move a focused centre, and Reset restores the defaults', async ({ page }) => {
    await openEmbed(page, SLUG, 'ellipses');
    const handle = page.getByRole('button', { name: /^Centre of p/ });
    await handle.focus();
    const before = await readout(page, 'w2');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect(handle).toHaveAttribute('aria-label', /x 1\.5/);
    expect(await readout(page, 'w2')).not.toBeCloseTo(before, 6);
    await page.locator('[data-action="reset"]').click();
    await expectClose(await readout(page, 'w2'), WORKED.w2, 1e-9);
  });

  test('a typed covariance that is not positive definite is refused with the reason', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'ellipses');
    await page.locator('.widget-more summary').click();
    const cell = page.getByLabel(/Σ_p row 1 column 2/);
    await cell.fill('5');
    await cell.press('Enter');
    await expect(page.locator('[data-spd-error="p"]')).toContainText('not positive definite');
    await expectClose(await readout(page, 'kl_pq'), WORKED.kl_pq, 1e-9);
  });

  test('malformed and hostile query values get a notice naming the parameter, never markup', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      (window as unknown as { pwned: boolean }).pwned = false;
    });
    const hostile = encodeURIComponent('<img src=x onerror="window.pwned=true">');
    await openEmbed(
      page,
      SLUG,
      'ellipses',
      `mu_p=abc&sd_q=1e999,1&angle_p=${hostile}&mu_q=1,2,3&zzz=1&backend=<b>`,
    );
    const notices = page.locator('[data-notice-param]');
    await expect(notices).toHaveCount(6);
    for (const name of ['mu_p', 'sd_q', 'angle_p', 'mu_q', 'zzz', 'backend']) {
      await expect(page.locator(`[data-notice-param="${name}"]`)).toBeVisible();
    }
    expect(await page.locator('.widget img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned)).toBe(false);
    // The widget still computes: defaults for the bad values, the clamped sd_q for the huge one.
    expect(Number.isFinite(await readout(page, 'kl_pq'))).toBe(true);
    expect(errors).toEqual([]);
  });

  test('present mode from ?present=1 enlarges the type', async ({ page }) => {
    await openEmbed(page, SLUG, 'ellipses');
    const size = async () =>
      page
        .locator('[data-readout="kl_pq"] dd')
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await size();
    await openEmbed(page, SLUG, 'ellipses', 'present=1');
    await expect(page.locator('[data-widget]')).toHaveAttribute('data-present', '1');
    expect(await size()).toBeGreaterThan(normal * 1.3);
  });
});

test.describe('slices widget', () => {
  test('reads off the one-dimensional closed forms at the cursor', async ({ page }) => {
    // Defaults: mean slice, σp = σq = 1, read-off at 3/4 of [−4, 4], so μq = 2.
    await openEmbed(page, SLUG, 'slices');
    await expectClose(await readout(page, 'position'), 2, 1e-12);
    await expectClose(await readout(page, 'kl_pq'), 2, 1e-12); // Δ²/2
    await expectClose(await readout(page, 'kl_qp'), 2, 1e-12);
    await expectClose(await readout(page, 'bhattacharyya'), 0.5, 1e-12); // Δ²/8
    await expectClose(await readout(page, 'w2'), 2, 1e-12); // |Δ|
    await expectClose(await readout(page, 'hellinger'), Math.sqrt(1 - Math.exp(-0.5)), 1e-12);
  });

  test('in the spread slice KL is asymmetric and W₂ stays finite as σq shrinks', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'slices', 'mode=scale&shift=0&at=0&sigma_p=1');
    const r = await readout(page, 'position'); // σq/σp = 0.05
    await expectClose(r, 0.05, 1e-12);
    await expectClose(
      await readout(page, 'kl_pq'),
      0.5 * (1 / (r * r) - 1 + 2 * Math.log(r)),
      1e-9,
    );
    await expectClose(await readout(page, 'kl_qp'), 0.5 * (r * r - 1 - 2 * Math.log(r)), 1e-9);
    await expectClose(await readout(page, 'w2'), 1 - r, 1e-12);
    expect(await readout(page, 'kl_pq')).toBeGreaterThan(100);
  });
});
