import { expect, test, type Locator, type Page } from '@playwright/test';
import { experimentDataset } from './math';
import { gaussSolve } from './reference';
import {
  expectClose,
  openEmbed,
  readout,
  waitForHydration,
  watchErrors,
  tensorCount,
} from '../../tests/e2e/helpers';

const SLUG = 'logistic-regression-closed-form';

// ---------- independent computations, written here from the formulas ----------

type Point = { x: number; y: number; cls: number };
type Linear = { W: number[][]; b: number[] };

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** Linear discriminant analysis: w_k = Σ⁻¹μ_k, b_k = ln π_k − ½μ_kᵀΣ⁻¹μ_k, Σ pooled with 1/N. */
function lda(X: number[][], y: number[], K: number): Linear {
  const n = X.length;
  const d = X[0].length;
  const counts = Array.from({ length: K }, (_, k) => y.filter((v) => v === k).length);
  const means = Array.from({ length: K }, (_, k) =>
    Array.from(
      { length: d },
      (_, a) => X.reduce((s, x, i) => s + (y[i] === k ? x[a] : 0), 0) / counts[k],
    ),
  );
  const S = Array.from({ length: d }, (_, a) =>
    Array.from(
      { length: d },
      (_, c) => X.reduce((s, x, i) => s + (x[a] - means[y[i]][a]) * (x[c] - means[y[i]][c]), 0) / n,
    ),
  );
  const W = means.map((m) => gaussSolve(S, m));
  return { W, b: means.map((m, k) => Math.log(counts[k] / n) - 0.5 * dot(m, W[k])) };
}

function accuracy(model: Linear, X: number[][], y: number[]): number {
  let right = 0;
  X.forEach((x, i) => {
    const logits = model.W.map((w, k) => dot(w, x) + model.b[k]);
    if (logits.indexOf(Math.max(...logits)) === y[i]) right++;
  });
  return right / X.length;
}

function logLoss(model: Linear, X: number[][], y: number[]): number {
  return (
    X.reduce((s, x, i) => {
      const logits = model.W.map((w, k) => dot(w, x) + model.b[k]);
      const m = Math.max(...logits);
      return s + m + Math.log(logits.reduce((t, l) => t + Math.exp(l - m), 0)) - logits[y[i]];
    }, 0) / X.length
  );
}

/** Binary maximum likelihood by Newton's method: the lowest training log-loss there is. */
function newtonLogLoss(X: number[][], y: number[]): number {
  let theta = [0, 0, 0];
  for (let iter = 0; iter < 60; iter++) {
    const g = [0, 0, 0];
    const H = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    X.forEach((x, i) => {
      const xe = [...x, 1];
      const p = 1 / (1 + Math.exp(-dot(xe, theta)));
      for (let a = 0; a < 3; a++) {
        g[a] += (p - y[i]) * xe[a];
        for (let c = 0; c < 3; c++) H[a][c] += p * (1 - p) * xe[a] * xe[c];
      }
    });
    const step = gaussSolve(H, g);
    theta = theta.map((v, a) => v - step[a]);
  }
  return logLoss({ W: [[0, 0], theta.slice(0, 2)], b: [0, theta[2]] }, X, y);
}

/** Full-batch float64 Adam on the softmax cross-entropy from zero weights (as the widget's tfjs trainer). */
function adam(X: number[][], y: number[], K: number, steps: number, lr: number): Linear {
  const d = X[0].length;
  const n = X.length;
  const theta = Array.from({ length: K }, () => new Array<number>(d + 1).fill(0));
  const m = theta.map((r) => r.map(() => 0));
  const v = theta.map((r) => r.map(() => 0));
  for (let t = 1; t <= steps; t++) {
    const g = theta.map((r) => r.map(() => 0));
    X.forEach((x, i) => {
      const logits = theta.map((w) => dot(w.slice(0, d), x) + w[d]);
      const mx = Math.max(...logits);
      const e = logits.map((l) => Math.exp(l - mx));
      const z = e.reduce((s, q) => s + q, 0);
      for (let k = 0; k < K; k++) {
        const r = (e[k] / z - (y[i] === k ? 1 : 0)) / n;
        for (let a = 0; a < d; a++) g[k][a] += r * x[a];
        g[k][d] += r;
      }
    });
    for (let k = 0; k < K; k++) {
      for (let a = 0; a <= d; a++) {
        m[k][a] = 0.9 * m[k][a] + 0.1 * g[k][a];
        v[k][a] = 0.999 * v[k][a] + 0.001 * g[k][a] ** 2;
        theta[k][a] -=
          (lr * (m[k][a] / (1 - 0.9 ** t))) / (Math.sqrt(v[k][a] / (1 - 0.999 ** t)) + 1e-7);
      }
    }
  }
  return { W: theta.map((w) => w.slice(0, d)), b: theta.map((w) => w[d]) };
}

/** The points a widget draws, read from the data attributes of its markers. */
async function pointsIn(scope: Locator, selector: string): Promise<Point[]> {
  return scope.locator(selector).evaluateAll((els) =>
    els.map((e) => ({
      x: Number(e.getAttribute('data-x')),
      y: Number(e.getAttribute('data-y')),
      cls: Number(e.getAttribute('data-class')),
    })),
  );
}
const asData = (points: Point[]) => ({
  X: points.map((p) => [p.x, p.y]),
  y: points.map((p) => p.cls),
});

async function expectClosedFormOf(widget: Locator, selector: string, K: number) {
  const { X, y } = asData(await pointsIn(widget, selector));
  const model = lda(X, y, K);
  await expectClose(await readout(widget, 'cf_accuracy'), accuracy(model, X, y), 1e-12);
  await expectClose(await readout(widget, 'cf_log_loss'), logLoss(model, X, y), 1e-9);
  return { X, y, model };
}

const tensors = tensorCount;

/** Once the run is done, restarts and replays it `times` times: the tensor count must not move. */
async function expectRerunsKeepTensors(page: Page, widget: Locator, times: number) {
  await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
  const start = await tensors(page);
  for (let i = 0; i < times; i++) {
    await widget.locator('[data-action="reset-run"]').click();
    await widget.locator('[data-action="play"]').click();
    await expect(widget.locator('[data-status="done"]')).toBeVisible();
  }
  expect(await tensors(page)).toBe(start);
}

// ---------- two classes ----------

const POINTS = '.plot-editable-point';

test.describe('two-classes widget', () => {
  test('the seven-point example from the address gives w = (9.625, 9.625) and b = −27.5585', async ({
    page,
  }) => {
    const xy = [0, 0, 1, 0, 0, 1, 1, 1, 2, 2, 3, 2, 2, 3];
    const added_xy = [...xy, ...new Array(48 - xy.length).fill(0)].join(',');
    const added_class = [0, 0, 0, 0, 1, 1, 1, ...new Array(17).fill(-1)].join(',');
    const widget = await openEmbed(
      page,
      SLUG,
      'two-classes',
      `n=0&steps=10&added_xy=${added_xy}&added_class=${added_class}`,
    );
    await expect.poll(() => readout(widget, 'n_points')).toBe(7);
    await expectClose(await readout(widget, 'cf_w1'), 9.625, 1e-9);
    await expectClose(await readout(widget, 'cf_w2'), 9.625, 1e-9);
    await expectClose(
      await readout(widget, 'cf_b'),
      Math.log(3 / 4) + 0.5 * (2.625 - 343 / 6),
      1e-9,
    );
    await expectClose(await readout(widget, 'cf_b'), -27.558515, 1e-6);
  });

  test('shows the closed form of the drawn points at once, and gradient descent approaches maximum likelihood', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, SLUG, 'two-classes', 'steps=400');
    const { X, y } = await expectClosedFormOf(widget, POINTS, 2);
    expect(X.length).toBe(80);
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(await readout(widget, 'gd_steps')).toBe(400);
    const best = newtonLogLoss(X, y);
    const gd = await readout(widget, 'gd_log_loss');
    // No classifier beats the maximum-likelihood log-loss; 400 Adam steps come within 0.005 of it.
    expect(gd).toBeGreaterThanOrEqual(best - 1e-6);
    expect(gd - best).toBeLessThan(0.005);
    expect(gd).toBeLessThan(await readout(widget, 'cf_log_loss'));
    expect(errors).toEqual([]);
  });

  test('dragging a point with the mouse refits the closed form, and the edit survives a reload', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'steps=10');
    const before = await readout(widget, 'cf_log_loss');
    const point = widget.locator(POINTS).nth(5);
    const box = (await point.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 - 90, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => readout(widget, 'cf_log_loss')).not.toBeCloseTo(before, 6);
    await expect(page).toHaveURL(/moved_index=5,-1/);
    const moved = await expectClosedFormOf(widget, POINTS, 2);
    // The address is written 200 ms after the last change: wait for the final position in it.
    const [x, y] = moved.X[5].map((v) => String(v).replace(/[.-]/g, '\\$&'));
    await expect(page).toHaveURL(new RegExp(`moved_xy=${x},${y},`));
    await page.reload();
    await waitForHydration(page);
    await expect
      .poll(() => readout(widget, 'cf_log_loss'))
      .toBeCloseTo(logLoss(moved.model, moved.X, moved.y), 9);
  });

  test('clicking adds a point of the chosen class, the delete tool removes one, and the keyboard moves one', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'steps=10');
    await widget.locator('[data-tool="1"]').check();
    const plot = widget.locator('svg.plot').first();
    const box = (await plot.boundingBox())!;
    // Near the top-left corner of the plotting area, where no point is.
    await plot.click({ position: { x: box.width * 0.14, y: box.height * 0.06 } });
    await expect.poll(() => readout(widget, 'n_points')).toBe(81);
    await expect(page).toHaveURL(/added_class=1,-1/);
    await expectClosedFormOf(widget, POINTS, 2);

    await widget.locator('[data-tool="2"]').check();
    const target = widget.locator(POINTS).nth(0);
    await target.scrollIntoViewIfNeeded();
    const tb = (await target.boundingBox())!;
    await page.mouse.click(tb.x + tb.width / 2, tb.y + tb.height / 2);
    await expect.poll(() => readout(widget, 'n_points')).toBe(80);
    await expect(page).toHaveURL(/removed=0,-1/);
    await expectClosedFormOf(widget, POINTS, 2);

    const editor = widget.getByRole('application');
    await editor.focus();
    await page.keyboard.press(']');
    await expect(editor).toHaveAttribute('aria-label', /Selected point 1/);
    const first = await pointsIn(widget, POINTS);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    // Each press moves 0.1; positions are kept on the URL's 0.01 grid.
    await expect
      .poll(async () => Math.abs((await pointsIn(widget, POINTS))[0].x - (first[0].x + 0.5)))
      .toBeLessThan(0.006);
    await expectClosedFormOf(widget, POINTS, 2);
    await page.keyboard.press('Delete');
    await expect.poll(() => readout(widget, 'n_points')).toBe(79);
  });

  test('too few points for an invertible covariance: a clear message and no closed form, never NaN weights', async ({
    page,
  }) => {
    const added_xy = [0, 0, 1, 1, 3, 0, ...new Array(42).fill(0)].join(',');
    const added_class = [0, 0, 1, ...new Array(21).fill(-1)].join(',');
    const widget = await openEmbed(
      page,
      SLUG,
      'two-classes',
      `n=0&added_xy=${added_xy}&added_class=${added_class}`,
    );
    await expect(widget.locator('[data-closed-form-error]')).toContainText('singular');
    await expect(widget.locator('[data-readout="cf_w1"]')).toHaveAttribute('data-value', 'NaN');
    await expect(widget.locator('[data-readout="cf_w1"]')).toHaveText('—');
  });

  test('with no points, Play stops the runner with a message', async ({ page }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'n=0');
    const play = widget.locator('[data-action="play"]');
    await expect(play).toBeEnabled({ timeout: 30_000 });
    await play.click();
    await expect(widget.locator('[data-status="failed"]')).toBeVisible();
    await expect(widget.locator('.runner-message[role="alert"]')).toContainText('no points');
  });

  test('a huge learning rate with plain gradient descent never overflows: the run finishes with finite numbers', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'optimizer=sgd&lr=10&steps=150');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(Number.isFinite(await readout(widget, 'gd_log_loss'))).toBe(true);
    expect(Number.isFinite(await readout(widget, 'gd_w1'))).toBe(true);
  });

  test('breaking the shared covariance leaves the closed form behind on new data', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'mismatch=1&n=400&steps=500');
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 40_000 });
    const cf = await readout(widget, 'cf_new_accuracy');
    const gd = await readout(widget, 'gd_new_accuracy');
    expect(gd - cf).toBeGreaterThan(0.02);
    // Both near their unlimited-data values (90.7% and 94.6%).
    await expectClose(cf, 0.907, 0.02);
    await expectClose(gd, 0.946, 0.02);
  });

  test('restarting the training leaves tf.memory().numTensors where it was', async ({ page }) => {
    const widget = await openEmbed(page, SLUG, 'two-classes', 'steps=30&optimizer=momentum');
    await expectRerunsKeepTensors(page, widget, 5);
  });
});

// ---------- softmax regions ----------

test.describe('softmax-regions widget', () => {
  const CLASS_POINTS = '[data-panel="closed"] .class-points path';

  test('the closed form fits the drawn points; after training both maps agree on most of the plane', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'softmax-regions');
    const { X, y } = await expectClosedFormOf(widget, CLASS_POINTS, 4);
    expect(X.length).toBe(200);
    expect(new Set(y).size).toBe(4);
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 40_000 });
    expect(await readout(widget, 'agreement')).toBeGreaterThan(0.9);
    // Gradient descent minimises the training log-loss; the closed form does not.
    expect(await readout(widget, 'gd_log_loss')).toBeLessThan(await readout(widget, 'cf_log_loss'));
  });

  test('moving a class centre with the keyboard redraws its points and refits the closed form', async ({
    page,
  }) => {
    const widget = await openEmbed(page, SLUG, 'softmax-regions', 'classes=3&steps=20');
    const before = await readout(widget, 'cf_log_loss');
    const handle = widget.getByRole('button', { name: /^Centre of class 2/ });
    await handle.focus();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(() => readout(widget, 'cf_log_loss')).not.toBeCloseTo(before, 6);
    await expect(page).toHaveURL(/means=/);
    const { y } = await expectClosedFormOf(widget, CLASS_POINTS, 3);
    expect(new Set(y).size).toBe(3);
  });
});

// ---------- repeated experiment ----------

test.describe('repeated-experiment widget', () => {
  // The automatic backend choice (WASM here), and WebGL forced: the same numbers within tolerance.
  for (const backend of ['', 'webgl']) {
    test(`its averages match an independent refit of the same datasets, and the histogram counts every dataset${backend ? `, on ${backend}` : ''}`, async ({
      page,
    }) => {
      const settings = { dim: 5, classes: 2, scenario: 'shared' as const, separation: 1.5 };
      const forced = backend ? `&backend=${backend}` : '';
      const widget = await openEmbed(
        page,
        SLUG,
        'repeated-experiment',
        `datasets=20&n_train=30&dim=5&steps=120&seed=7${forced}`,
      );
      await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 40_000 });
      if (backend) expect(await widget.getAttribute('data-backend')).toBe(backend);
      expect(await readout(widget, 'datasets_done')).toBe(20);
      let cf = 0;
      let gd = 0;
      for (let j = 0; j < 20; j++) {
        const { train, test: held } = experimentDataset(7, j, settings, 30, 1000);
        cf += accuracy(lda(train.X, train.y, 2), held.X, held.y) / 20;
        gd += accuracy(adam(train.X, train.y, 2, 120, 0.05), held.X, held.y) / 20;
      }
      await expectClose(await readout(widget, 'cf_mean_accuracy'), cf, 1e-12);
      // float32 on the page against float64 here: a few borderline test points may flip.
      await expectClose(await readout(widget, 'gd_mean_accuracy'), gd, 0.002);
      await expectClose(
        await readout(widget, 'mean_difference'),
        100 *
          ((await readout(widget, 'cf_mean_accuracy')) -
            (await readout(widget, 'gd_mean_accuracy'))),
        1e-9,
      );
      const counts = await widget
        .locator('.plot-histogram rect')
        .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))));
      expect(counts.reduce((s, c) => s + c, 0)).toBe(20);
      const shares =
        (await readout(widget, 'closed_form_better')) +
        (await readout(widget, 'ties')) +
        (await readout(widget, 'gd_better'));
      await expectClose(shares, 100, 1e-9);
    });
  }

  test('too few points for the covariance: it refuses with the reason, and shrinkage makes it run', async ({
    page,
  }) => {
    const query = 'n_train=8&dim=10&datasets=10&steps=20';
    const widget = await openEmbed(page, SLUG, 'repeated-experiment', query);
    await expect(widget.locator('[data-closed-form-error]')).toContainText('cannot be inverted');
    await expect(widget.locator('[data-action="play"]')).toBeDisabled();
    await openEmbed(page, SLUG, 'repeated-experiment', `${query}&shrinkage=0.3`);
    await expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(await readout(widget, 'datasets_done')).toBe(10);
    await expect(widget.locator('[data-closed-form-error]')).toHaveCount(0);
  });

  test('a rerun leaves tf.memory().numTensors where it was', async ({ page }) => {
    const widget = await openEmbed(
      page,
      SLUG,
      'repeated-experiment',
      'datasets=12&n_train=20&dim=3&steps=30&optimizer=momentum',
    );
    await expectRerunsKeepTensors(page, widget, 3);
    expect(await readout(widget, 'datasets_done')).toBe(12);
  });
});
