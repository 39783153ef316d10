import { expect, test } from '@playwright/test';
import {
  expectClose,
  openEmbed,
  readout,
  setNumber,
  waitForHydration,
  watchErrors,
  tensorCount,
} from '../../tests/e2e/helpers';

const SLUG = 'gradient-clipping-acceleration';

// ---------------------------------------------------------------- independent computations

/** Gradient descent written out here: steps until |f′| ≤ ε, or 'overflow' when f′ stops being finite. */
function steps(df: (x: number) => number, x0: number, rate: (a: number) => number, eps: number) {
  let x = x0;
  for (let k = 0; k <= 1_000_000; k++) {
    const g = df(x);
    if (!Number.isFinite(g)) return Infinity;
    if (Math.abs(g) <= eps) return k;
    x -= rate(Math.abs(g)) * g;
  }
  return Infinity;
}
const coshGrad = (x: number) => 2 * Math.sinh(x);
const quarticGrad = (x: number) => 4 * x ** 3;

/** Ordinary least squares through points, from the normal equations. */
function leastSquares(points: [number, number][]) {
  const n = points.length;
  const sx = points.reduce((s, p) => s + p[0], 0);
  const sy = points.reduce((s, p) => s + p[1], 0);
  const sxx = points.reduce((s, p) => s + p[0] * p[0], 0);
  const sxy = points.reduce((s, p) => s + p[0] * p[1], 0);
  const syy = points.reduce((s, p) => s + p[1] * p[1], 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const r = (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
  return { slope, intercept: (sy - slope * sx) / n, r };
}

// ---------------------------------------------------------------- the sandwich

test.describe('sandwich widget', () => {
  test('reads off min(1, 1/t), 1/(1 + t) and their ratio where the slider is set', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, SLUG, 'sandwich');
    await expectClose(await readout(widget, 'ratio'), 0.5, 1e-15);
    for (const t of [5, 0.02, 300]) {
      await setNumber(widget, 'Gradient norm over threshold, ‖g‖/γ', t);
      await expect.poll(() => readout(widget, 'hard')).toBeCloseTo(Math.min(1, 1 / t), 12);
      await expectClose(await readout(widget, 'soft'), 1 / (1 + t), 1e-12);
      await expectClose(await readout(widget, 'ratio'), 1 / (1 + Math.min(t, 1 / t)), 1e-12);
      await expectClose(await readout(widget, 'step_hard'), Math.min(t, 1), 1e-12);
      const soft = await readout(widget, 'soft');
      expect(soft).toBeGreaterThanOrEqual(0.5 * (await readout(widget, 'hard')));
    }
    // The keyboard moves the log slider down by about a twentieth of a decade.
    const range = widget.locator('[data-param="ratio"] input[type="range"]');
    await range.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => readout(widget, 'hard')).toBeGreaterThan(1 / 300);
    const moved = 1 / (await readout(widget, 'hard')); // t > 1, so hard = 1/t
    expect(moved).toBeGreaterThan(300 / 10 ** 0.06);
    await expectClose(await readout(widget, 'soft'), 1 / (1 + moved), 1e-12);
    await expectClose(await readout(widget, 'ratio'), moved / (1 + moved), 1e-12);
    await expect(page).toHaveURL(/ratio=/);
    expect(errors).toEqual([]);
  });
});

// ---------------------------------------------------------------- the race

test.describe('descent-race widget', () => {
  test('shows the step counts of an independent loop, and the overflow of the fixed step 1/L₀', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, SLUG, 'descent-race');
    const safe = 1 / (2 * Math.cosh(10));
    expect(await readout(widget, 'iters_fixed')).toBe(steps(coshGrad, 10, () => safe, 1e-3));
    expect(await readout(widget, 'iters_fixed')).toBe(91_335);
    expect(await readout(widget, 'iters_hard')).toBe(
      steps(coshGrad, 10, (a) => 0.5 * Math.min(1, 2 / a), 1e-3),
    );
    expect(await readout(widget, 'iters_soft')).toBe(steps(coshGrad, 10, (a) => 1 / (2 + a), 1e-3));
    await expectClose(await readout(widget, 'eta_safe'), safe, 1e-18);

    await widget.locator('[data-action="eta-l0"]').click();
    await expect.poll(() => readout(widget, 'iters_fixed')).toBe(Infinity);
    await expect(widget.locator('[data-readout="iters_fixed"]')).toContainText(
      'overflow at step 1',
    );

    // A nearer start and the safe step again: 220 steps from x₀ = 4 (e² fewer per 2 units).
    await setNumber(widget, 'Start x₀', 4);
    await widget.locator('[data-action="eta-safe"]').click();
    const safe4 = 1 / (2 * Math.cosh(4));
    await expect
      .poll(() => readout(widget, 'iters_fixed'))
      .toBe(steps(coshGrad, 4, () => safe4, 1e-3));
    expect(await readout(widget, 'iters_fixed')).toBe(220);
    expect(await readout(widget, 'iters_soft')).toBe(8);
    expect(errors).toEqual([]);
  });

  test('choosing x⁴ sets η = 1/L₀, γ = L₀/L₁ and the safe fixed step, and the counts follow', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'descent-race', 'x0=3&tol=0.0001');
    await widget.getByLabel('Function', { exact: true }).selectOption('quartic');
    await expect.poll(() => readout(widget, 'l0')).toBe(4);
    expect(await readout(widget, 'gamma_theory')).toBe(2);
    const eps = 1e-4;
    expect(await readout(widget, 'iters_fixed')).toBe(steps(quarticGrad, 3, () => 1 / 108, eps));
    expect(await readout(widget, 'iters_hard')).toBe(
      steps(quarticGrad, 3, (a) => 0.25 * Math.min(1, 2 / a), eps),
    );
    expect(await readout(widget, 'iters_soft')).toBe(
      steps(quarticGrad, 3, (a) => 0.5 / (a + 2), eps),
    );
    await expect(page).toHaveURL(/fn=quartic/);
    // The state survives a reload from the address bar.
    const before = await readout(widget, 'iters_soft');
    await page.reload();
    await waitForHydration(page);
    await expect.poll(() => readout(widget, 'iters_soft')).toBe(before);
  });
});

// ---------------------------------------------------------------- the network

test.describe('smoothness-vs-gradient widget (tfjs)', () => {
  const NETWORK = 'smoothness-vs-gradient';

  test('trains to the step count: the loss falls and the line is the least-squares fit of the plotted points', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, SLUG, NETWORK, 'steps=60&points=100&seed=2');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 45_000 });
    const backend = await widget.getAttribute('data-backend');
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(backend);
    expect(await readout(widget, 'steps_done')).toBe(60);
    expect(await readout(widget, 'loss')).toBeLessThan((await readout(widget, 'loss_start')) * 0.5);
    const points = JSON.parse(
      (await widget.locator('[data-points]').getAttribute('data-points')) ?? '[]',
    ) as [number, number][];
    expect(points).toHaveLength(60);
    const fit = leastSquares(points);
    await expectClose(
      await readout(widget, 'fit_slope'),
      fit.slope,
      1e-9 * (1 + Math.abs(fit.slope)),
    );
    await expectClose(await readout(widget, 'fit_intercept'), fit.intercept, 1e-9);
    await expectClose(await readout(widget, 'fit_r'), fit.r, 1e-9);
    const last = points[points.length - 1];
    await expectClose(await readout(widget, 'grad_norm'), last[0], 1e-12);
    await expectClose(await readout(widget, 'smoothness'), last[1], 1e-12);
    // The relation the article describes, with the CPU's numbers (r 0.996, slope 1.65) as reference.
    expect(fit.r).toBeGreaterThan(0.98);
    await expectClose(fit.slope, 1.65, 0.05);
    expect(errors).toEqual([]);
  });

  test('squared error at η = 2 diverges and stops with a message; clipping at γ = 0.25 rescues it', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, NETWORK, 'loss=squared&lr=2&points=100&seed=2');
    await expect(widget.locator('[data-status="failed"]')).toBeVisible({ timeout: 45_000 });
    await expect(widget.getByRole('alert')).toContainText('diverged');
    expect(await readout(widget, 'steps_done')).toBeLessThan(30);

    await widget.getByRole('switch', { name: 'Clip the gradient norm' }).click();
    await expect(widget.locator('[data-param="clip_norm"]')).toBeVisible();
    await setNumber(widget, 'Steps', 60);
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 45_000 });
    expect(await readout(widget, 'steps_done')).toBe(60);
    expect(await readout(widget, 'loss')).toBeLessThan(
      (await readout(widget, 'loss_start')) * 0.25,
    );
    await expect(page).toHaveURL(/clip=1/);
  });

  test('restarting a run leaves tf.memory().numTensors where it was', async ({ page }) => {
    const widget = await openEmbed(page, SLUG, NETWORK, 'steps=15&points=50');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 45_000 });
    const tensors = () => tensorCount(page);
    const start = await tensors();
    for (let i = 0; i < 3; i++) {
      await widget.locator('[data-action="reset-run"]').click();
      await widget.locator('[data-action="play"]').click();
      await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 45_000 });
      expect(await readout(widget, 'steps_done')).toBe(15);
    }
    expect(await tensors()).toBe(start);
  });
});

test('the article page renders all three widgets without errors', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/articles/${SLUG}/`);
  await waitForHydration(page);
  for (const id of ['sandwich', 'descent-race', 'smoothness-vs-gradient']) {
    await expect(page.locator(`[data-widget="${SLUG}/${id}"]`)).toBeVisible();
  }
  await expect(page.locator('.katex-display').first()).toBeVisible();
  expect(errors).toEqual([]);
});
