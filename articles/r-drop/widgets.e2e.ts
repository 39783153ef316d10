import { expect, test, type Locator } from '@playwright/test';
import { expectClose, openEmbed, readout, watchErrors, tensorCount } from '../../tests/e2e/helpers';

const SLUG = 'r-drop';
const ln = Math.log;

const waitForStatus = (widget: Locator, status: string) =>
  expect(widget.locator(`[data-status="${status}"]`)).toBeVisible({ timeout: 60_000 });
const vector = async (widget: Locator, prefix: string) =>
  Promise.all([0, 1, 2].map((c) => readout(widget, `${prefix}_${c}`)));
const kl = (p: number[], q: number[]) =>
  p.reduce((s, pc, c) => s + (pc > 0 ? pc * ln(pc / q[c]) : 0), 0);

test.describe('dropout-masks widget', () => {
  test('its loss terms follow from the two distributions it shows, for both networks', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(
      page,
      SLUG,
      'dropout-masks',
      'max_steps=120&alpha=3&point=5&pair=4',
    );
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'steps')).toBe(120);
    const y = await readout(widget, 'label');
    expect([0, 1, 2]).toContain(y);
    for (const net of ['plain', 'rdrop']) {
      const p1 = await vector(widget, `${net}_p1`);
      const p2 = await vector(widget, `${net}_p2`);
      const avg = await vector(widget, `${net}_avg`);
      const off = await vector(widget, `${net}_off`);
      for (const p of [p1, p2, avg, off]) {
        await expectClose(
          p.reduce((a, b) => a + b, 0),
          1,
          1e-12,
        );
      }
      await expectClose(await readout(widget, `${net}_ce1`), -ln(p1[y]), 1e-9);
      await expectClose(await readout(widget, `${net}_ce2`), -ln(p2[y]), 1e-9);
      const kl12 = kl(p1, p2);
      const kl21 = kl(p2, p1);
      await expectClose(await readout(widget, `${net}_kl12`), kl12, 1e-9);
      await expectClose(await readout(widget, `${net}_kl21`), kl21, 1e-9);
      const ce = -ln(p1[y]) - ln(p2[y]);
      await expectClose(await readout(widget, `${net}_loss_ce`), ce, 1e-9);
      await expectClose(await readout(widget, `${net}_loss_kl`), (kl12 + kl21) / 2, 1e-9);
      await expectClose(await readout(widget, `${net}_loss`), ce + 3 * ((kl12 + kl21) / 2), 1e-9);
      const gap = avg.reduce((s, a, c) => s + Math.abs(a - off[c]), 0) / 2;
      await expectClose(await readout(widget, `${net}_gap`), gap, 1e-12);
      expect(await readout(widget, `${net}_expected_kl`)).toBeGreaterThanOrEqual(0);
    }
    expect(errors).toEqual([]);
  });

  test('at drop rate 0 every mask is the dropout-off network: no spread, no gap, no R-Drop term', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'dropout-masks', 'max_steps=30&drop_rate=0');
    await waitForStatus(widget, 'done');
    for (const net of ['plain', 'rdrop']) {
      const off = await vector(widget, `${net}_off`);
      for (const row of ['p1', 'p2', 'avg']) {
        const p = await vector(widget, `${net}_${row}`);
        for (let c = 0; c < 3; c++) await expectClose(p[c], off[c], 1e-12);
      }
      expect(await readout(widget, `${net}_gap`)).toBeLessThan(1e-12);
      expect(await readout(widget, `${net}_expected_kl`)).toBeLessThan(1e-12);
      expect(await readout(widget, `${net}_loss_kl`)).toBeLessThan(1e-12);
    }
  });

  test('with α = 0 both columns agree; at the default α = 2 R-Drop shrinks the spread between masks and the gap', async ({
    page,
  }) => {
    let widget = await openEmbed(page, SLUG, 'dropout-masks', 'max_steps=40&alpha=0');
    await waitForStatus(widget, 'done');
    for (const name of ['gap', 'expected_kl', 'loss', 'sd']) {
      expect(await readout(widget, `rdrop_${name}`)).toBe(await readout(widget, `plain_${name}`));
    }
    expect(await readout(widget, 'rdrop_mean_gap')).toBe(await readout(widget, 'plain_mean_gap'));

    widget = await openEmbed(page, SLUG, 'dropout-masks', 'max_steps=200');
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'history_steps')).toBe(200);
    const plainKl = await readout(widget, 'plain_mean_expected_kl');
    const rdropKl = await readout(widget, 'rdrop_mean_expected_kl');
    expect(rdropKl).toBeLessThan(plainKl / 10);
    expect(await readout(widget, 'rdrop_mean_gap')).toBeLessThan(
      await readout(widget, 'plain_mean_gap'),
    );
  });

  test('choosing another mask pair with the keyboard redraws P¹ and P² without retraining', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'dropout-masks', 'drop_rate=0.5&max_steps=50');
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'steps')).toBe(50);
    const before = (await vector(widget, 'plain_p1')).join();
    const slider = widget.locator('[data-param="pair"] input[type="range"]');
    await slider.focus();
    // Masks that differ only in units this input leaves at zero give the same P¹: step through
    // pairs until one drops a live unit (within a few in any draw).
    let pair = 5;
    let after = before;
    while (after === before && pair < 25) {
      await page.keyboard.press('ArrowRight');
      pair += 1;
      await expect(widget.locator('[data-param="pair"] input[type="number"]')).toHaveValue(
        String(pair),
      );
      after = await expect
        .poll(async () => (await vector(widget, 'plain_p1')).join(), { timeout: 2000 })
        .not.toBe(before)
        .then(
          async () => (await vector(widget, 'plain_p1')).join(),
          () => before,
        );
    }
    expect(after).not.toBe(before);
    expect(await readout(widget, 'steps')).toBe(50);
    await expect(widget.locator('[data-status="done"]')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`pair=${pair}`));
  });
});

test.describe('side-by-side widget', () => {
  test('both networks start from the same weights, and with α = 0 they stay identical while the loss falls', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const widget = await openEmbed(page, SLUG, 'side-by-side', 'alpha=0&max_steps=60&n_train=20');
    await expect.poll(() => readout(widget, 'plain_train_loss'), { timeout: 30_000 }).not.toBeNaN();
    const names = ['train_loss', 'test_loss', 'train_accuracy', 'test_accuracy'];
    const start: Record<string, number> = {};
    for (const name of names) {
      start[name] = await readout(widget, `plain_${name}`);
      expect(await readout(widget, `rdrop_${name}`)).toBe(start[name]);
    }
    // An untrained two-class network: a loss near ln 2 either side.
    expect(Math.abs(start.train_loss - ln(2))).toBeLessThan(0.5);
    await widget.locator('[data-action="play"]').click();
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'steps')).toBe(60);
    for (const name of names) {
      expect(await readout(widget, `rdrop_${name}`)).toBe(await readout(widget, `plain_${name}`));
    }
    expect(await readout(widget, 'plain_train_loss')).toBeLessThan(start.train_loss);
    // Accuracies are counts over 20 training and 400 test points.
    const trainAccuracy = await readout(widget, 'plain_train_accuracy');
    await expectClose(trainAccuracy * 20, Math.round(trainAccuracy * 20), 1e-9);
    const testAccuracy = await readout(widget, 'plain_test_accuracy');
    await expectClose(testAccuracy * 400, Math.round(testAccuracy * 400), 1e-9);
    expect(errors).toEqual([]);
  });

  test('with the defaults, R-Drop ends with the higher training loss and the lower test loss', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'side-by-side', 'max_steps=200');
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'steps')).toBe(200);
    expect(await readout(widget, 'rdrop_train_loss')).toBeGreaterThan(
      await readout(widget, 'plain_train_loss'),
    );
    expect(await readout(widget, 'rdrop_test_loss')).toBeLessThan(
      await readout(widget, 'plain_test_loss'),
    );
    expect(await readout(widget, 'plain_test_accuracy')).toBeGreaterThan(0.6);
    expect(await readout(widget, 'rdrop_test_accuracy')).toBeGreaterThan(0.6);
    // The decision regions are drawn for both networks, with a boundary line each.
    await expect(widget.locator('[data-panel="plain"] image.plot-heatmap')).toHaveCount(1);
    await expect(widget.locator('[data-panel="rdrop"] image.plot-heatmap')).toHaveCount(1);
  });

  test('it trains in plain TypeScript, the badge says so, and no tfjs is downloaded', async ({
    page,
  }) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script' || r.url().endsWith('.wasm')) scripts.push(r.url());
    });
    const widget = await openEmbed(page, SLUG, 'side-by-side', 'max_steps=20');
    await waitForStatus(widget, 'done');
    await expect(widget).toHaveAttribute('data-backend', 'plain');
    await expect(widget.locator('.backend-badge')).toHaveText('plain TypeScript');
    await expect(widget.locator('.backend-badge')).toHaveAttribute('title', /below|less work/);
    expect(scripts.filter((u) => /tfjs|\.wasm/.test(u))).toEqual([]);
  });

  test('forced onto tfjs, the α slider restarts training with the new weight, and a restart leaks no tensors', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'side-by-side', 'max_steps=20&backend=wasm');
    await waitForStatus(widget, 'done');
    await expect(widget).toHaveAttribute('data-backend', 'wasm');
    const tensors = () => tensorCount(page);
    const afterFirst = await tensors();
    const slider = widget.locator('[data-param="alpha"] input[type="range"]');
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(widget.locator('[data-param="alpha"] input[type="number"]')).toHaveValue('3.9');
    await expect(page).toHaveURL(/alpha=3\.9/);
    await waitForStatus(widget, 'done');
    expect(await readout(widget, 'steps')).toBe(20);
    await widget.locator('[data-action="reset-run"]').click();
    await widget.locator('[data-action="play"]').click();
    await waitForStatus(widget, 'done');
    expect(await tensors()).toBe(afterFirst);
  });

  test('SGD at the top learning rate diverges and the runner stops with a message', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'side-by-side', 'optimizer=momentum&lr=10');
    await waitForStatus(widget, 'failed');
    await expect(widget.getByRole('alert')).toContainText('diverged');
    expect(await readout(widget, 'steps')).toBeLessThan(30);
  });
});
