/** The Monte Carlo widget in a real browser: its estimate on tfjs, the backend fallback, restarts. */
import { expect, test } from '@playwright/test';
import { expectClose, openEmbed, readout, watchErrors, tensorCount } from '../../tests/e2e/helpers';

test.describe('Monte Carlo widget (tfjs)', () => {
  test('its estimate lands within 4 standard errors of the closed form, and it names its backend', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, 'gaussian-distances', 'monte-carlo', 'n=50000&seed=3');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 60_000 });
    const backend = await widget.getAttribute('data-backend');
    expect(['wasm', 'webgl', 'cpu']).toContain(backend);
    await expect(widget.locator('.backend-badge')).toHaveText(`tfjs · ${backend}`);
    expect(await readout(widget, 'n_drawn')).toBe(50_000);
    const exact = await readout(widget, 'kl_exact');
    await expectClose(exact, 1.5, 1e-9);
    const se = await readout(widget, 'kl_se');
    await expectClose(await readout(widget, 'kl_mc'), exact, 4 * se);
    expect(errors).toEqual([]);
  });

  test('without WebGPU, ?backend=webgpu falls back to another backend and says why', async ({
    page,
  }) => {
    const widget = await openEmbed(
      page,
      'gaussian-distances',
      'monte-carlo',
      'n=1000&backend=webgpu',
    );
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 60_000 });
    expect(await widget.getAttribute('data-backend')).not.toBe('webgpu');
    await expect(widget.locator('.backend-badge')).toHaveAttribute(
      'title',
      /webgpu could not start/,
    );
  });

  test('1,000 restarts one frame apart end in the last run, complete and correct', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // Five batches per run, so restarts land while a batch is in flight, just after a run has
    // finished, and in between.
    const widget = await openEmbed(page, 'gaussian-distances', 'monte-carlo', 'n=100000');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 60_000 });
    await page.evaluate(async () => {
      const widget = window.__kexueWidgets!['gaussian-distances/monte-carlo'];
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      for (let seed = 2; seed <= 1001; seed++) {
        widget.set({ seed });
        await frame();
      }
    });
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 20_000 });
    expect(await readout(widget, 'n_drawn')).toBe(100_000);
    const afterRestarts = await readout(widget, 'kl_mc');
    // The same seed on a fresh page: the estimate owes nothing to the 999 runs before it.
    await openEmbed(page, 'gaussian-distances', 'monte-carlo', 'n=100000&seed=1001');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 60_000 });
    expect(await readout(widget, 'kl_mc')).toBe(afterRestarts);
  });

  test('1,000 reruns leave tf.memory().numTensors where it was', async ({ page }) => {
    test.setTimeout(240_000);
    const widget = await openEmbed(page, 'gaussian-distances', 'monte-carlo', 'n=100');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 60_000 });
    const tensors = () => tensorCount(page);
    const start = await tensors();
    // 1,000 new seeds, each starting a fresh run on tfjs that is let finish before the next.
    await page.evaluate(async () => {
      const widget = window.__kexueWidgets!['gaussian-distances/monte-carlo'];
      const status = () => document.querySelector('[data-status]')?.getAttribute('data-status');
      const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
      for (let seed = 2; seed <= 1001; seed++) {
        widget.set({ seed });
        await frame();
        while (status() !== 'done') await frame();
      }
    });
    await expect(widget.locator('[data-status="done"]')).toBeVisible();
    await expect(widget.locator('[data-param="seed"] input[type="number"]')).toHaveValue('1001');
    expect(await readout(widget, 'n_drawn')).toBe(100);
    expect(await tensors()).toBe(start);
  });
});
