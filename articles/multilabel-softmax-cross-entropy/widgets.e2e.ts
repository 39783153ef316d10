import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  expectClose,
  openEmbed,
  readout,
  setNumber,
  waitForHydration,
  watchErrors,
  tensorCount,
} from '../../tests/e2e/helpers';

const SLUG = 'multilabel-softmax-cross-entropy';
const ARTICLE = `/articles/${SLUG}/`;

// Independent implementations, written out term by term (no log-sum-exp tricks needed here).
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
function softmaxLoss(s: number[], y: number[], gamma = 1, threshold = true): number {
  const neg = s.filter((_, k) => y[k] === 0);
  const pos = s.filter((_, k) => y[k] === 1);
  let total = 1;
  for (const i of neg) for (const j of pos) total += Math.exp(gamma * (i - j));
  if (threshold) {
    total += sum(neg.map((i) => Math.exp(gamma * i)));
    total += sum(pos.map((j) => Math.exp(-gamma * j)));
  }
  return Math.log(total) / gamma;
}
function summedBce(s: number[], y: number[]): number {
  return sum(
    s.map((v, k) => -Math.log(y[k] ? 1 / (1 + Math.exp(-v)) : 1 - 1 / (1 + Math.exp(-v)))),
  );
}

const DEFAULT_SCORES = [2, 1, -1, 0.5, -3];
const DEFAULT_TARGETS = [1, 0, 0, 1, 0];

async function scoresShown(scope: Page | Locator, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 1; k <= n; k++) out.push(await readout(scope, `score_${k}`));
  return out;
}

test.describe('score-bars widget', () => {
  test('shows the article’s example on first paint', async ({ page }) => {
    await openEmbed(page, SLUG, 'score-bars');
    await expectClose(
      await readout(page, 'zlpr'),
      softmaxLoss(DEFAULT_SCORES, DEFAULT_TARGETS),
      1e-12,
    );
    await expectClose(await readout(page, 'zlpr'), 1.974674, 1e-6);
    await expectClose(
      await readout(page, 'bce'),
      summedBce(DEFAULT_SCORES, DEFAULT_TARGETS),
      1e-12,
    );
  });

  test('dragging a bar with the mouse changes its score and both losses; the state goes into the address', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.goto(ARTICLE);
    await waitForHydration(page);
    const widget = page.locator(`[data-widget="${SLUG}/score-bars"]`);
    const bar = widget.getByRole('slider', { name: /^Score of class 3/ });
    // The figure is taller than the viewport: bring the bar's own column into view.
    await bar.locator('.plot-bar-hit').scrollIntoViewIfNeeded();
    const box = (await bar.locator('.plot-bar-hit').boundingBox())!;
    // Press near the top of class 3's column and drag up a little more: a large positive score.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => readout(widget, 'score_3')).toBeGreaterThan(3);
    const scores = await scoresShown(widget, 5);
    expect(scores.filter((_, k) => k !== 2)).toEqual([2, 1, 0.5, -3]);
    await expectClose(await readout(widget, 'zlpr'), softmaxLoss(scores, DEFAULT_TARGETS), 1e-9);
    await expectClose(await readout(widget, 'bce'), summedBce(scores, DEFAULT_TARGETS), 1e-9);
    // The runaway non-target takes most of the downward push of the softmax loss.
    expect(-(await readout(widget, 'push_zlpr_3'))).toBeGreaterThan(
      0.5 * (await readout(widget, 'down_zlpr')),
    );
    await expect(page).toHaveURL(/score-bars\.scores=/);
    expect(errors).toEqual([]);
  });

  test('arrow keys set a focused bar, a checkbox toggles a target, and Reset restores the example', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'score-bars');
    const bar = page.getByRole('slider', { name: /^Score of class 5/ });
    await bar.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    await expect(bar).toHaveAttribute('aria-valuenow', '-2.5');
    await page.getByRole('checkbox', { name: 'Class 2 is a target' }).check();
    const scores = [2, 1, -1, 0.5, -2.5];
    const targets = [1, 1, 0, 1, 0];
    await expectClose(await readout(page, 'zlpr'), softmaxLoss(scores, targets), 1e-12);
    await expectClose(await readout(page, 'bce_2'), Math.log(1 + Math.exp(-1)), 1e-12);
    await expectClose(await readout(page, 'mistakes'), 0, 0);
    await page.locator('[data-action="reset"]').click();
    await expectClose(
      await readout(page, 'zlpr'),
      softmaxLoss(DEFAULT_SCORES, DEFAULT_TARGETS),
      1e-12,
    );
  });

  test('all-zero scores with 10 classes and 2 targets give the pushes of the article', async ({
    page,
  }) => {
    await openEmbed(
      page,
      SLUG,
      'score-bars',
      'classes=10&scores=0,0,0,0,0,0,0,0,0,0&targets=1,1,0,0,0,0,0,0,0,0',
    );
    await expectClose(await readout(page, 'down_bce'), 4, 1e-12);
    await expectClose(await readout(page, 'up_bce'), 1, 1e-12);
    await expectClose(await readout(page, 'down_zlpr'), 8 / 9, 1e-12);
    await expectClose(await readout(page, 'up_zlpr'), 2 / 3, 1e-12);
    await expectClose(await readout(page, 'zlpr'), Math.log(9) + Math.log(3), 1e-12);
  });
});

test.describe('smooth-max widget', () => {
  const S = [2, -1.5, 1, -2.5, -0.5, -3];
  const Y = [1, 0, 0, 0, 1, 0];

  test('typing γ = 10 brings the loss within 1e-3 of the hinge, and the bound holds', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'smooth-max');
    await expectClose(await readout(page, 'loss'), softmaxLoss(S, Y), 1e-12);
    await expectClose(await readout(page, 'hinge'), 1.5, 0);
    await setNumber(page, 'Sharpness γ', 10);
    await expect.poll(() => readout(page, 'loss')).toBeCloseTo(softmaxLoss(S, Y, 10), 10);
    const gap = (await readout(page, 'loss')) - 1.5;
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(1e-3);
    await expectClose(await readout(page, 'gap_bound'), Math.log(15) / 10, 1e-12);
  });

  test('switching the threshold class off gives the ranking loss; moving a dot with the keys updates the hinge', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'smooth-max', 'gamma=2');
    await page.getByRole('switch', { name: /Threshold class/ }).click();
    await expectClose(await readout(page, 'loss'), softmaxLoss(S, Y, 2, false), 1e-12);
    await expectClose(await readout(page, 'terms'), 9, 0);
    // Move target 5 from −0.5 up past the non-target at 1: ten steps of 0.1 per Shift press.
    const dot = page.getByRole('button', { name: /^Score of class 5/ });
    await dot.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    const moved = [2, -1.5, 1, -2.5, 1.5, -3];
    await expect.poll(() => readout(page, 'min_positive')).toBeCloseTo(1.5, 9);
    await expectClose(await readout(page, 'hinge'), 0, 1e-12);
    await expectClose(await readout(page, 'loss'), softmaxLoss(moved, Y, 2, false), 1e-9);
  });
});

test.describe('training-race widget', () => {
  const SMALL = 'train=200&test=100&classes=20&steps=60&seed=3';

  test('both models score the same at step 0; after 60 steps both losses fell and F1 rose; a restart keeps the tensor count', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openEmbed(page, SLUG, 'training-race', SMALL);
    await expect(page.locator('[data-action="step"]')).toBeEnabled({ timeout: 30_000 });
    // No autoplay when the reader prefers reduced motion: one step, then the step-0 evaluation.
    await expect(page.locator('[data-status="idle"]')).toBeVisible();
    await page.locator('[data-action="step"]').click();
    await expect.poll(() => readout(page, 'evaluated_at')).toBe(0);
    const startMicro = await readout(page, 'micro_zlpr');
    expect(await readout(page, 'micro_bce')).toBe(startMicro);
    expect(await readout(page, 'macro_bce')).toBe(await readout(page, 'macro_zlpr'));
    await page.locator('[data-action="play"]').click();
    await expect(page.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(await readout(page, 'evaluated_at')).toBe(60);
    expect(await readout(page, 'loss_zlpr')).toBeLessThan(await readout(page, 'first_loss_zlpr'));
    expect(await readout(page, 'loss_bce')).toBeLessThan(await readout(page, 'first_loss_bce'));
    expect(await readout(page, 'micro_zlpr')).toBeGreaterThan(startMicro + 0.2);
    expect(await readout(page, 'micro_bce')).toBeGreaterThan(startMicro);
    // Labels predicted per example is a count over 100 held-out rows, divided by 100.
    for (const name of ['labels_zlpr', 'labels_bce', 'labels_true']) {
      const perExample = (await readout(page, name)) * 100;
      expect(Math.abs(perExample - Math.round(perExample))).toBeLessThan(1e-9);
    }
    // 1 to 3 labels per example, uniformly: 2 on average, within 4 standard errors for 100 rows.
    await expectClose(await readout(page, 'labels_true'), 2, 4 * Math.sqrt(2 / 3 / 100));
    const tensors = () => tensorCount(page);
    const afterFirst = await tensors();
    await page.locator('[data-action="reset-run"]').click();
    await page.locator('[data-action="play"]').click();
    await expect(page.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(await tensors()).toBe(afterFirst);
    expect(errors).toEqual([]);
  });

  test('changing a parameter mid-run restarts the race on the new task and runs it to the end', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await openEmbed(page, SLUG, 'training-race', 'train=200&test=100&classes=20&steps=150&seed=3');
    await expect.poll(() => readout(page, 'evaluated_at'), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.evaluate(() =>
      window.__kexueWidgets!['multilabel-softmax-cross-entropy/training-race'].set({ seed: 4 }),
    );
    await expect(page).toHaveURL(/seed=4/);
    await expect(page.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
    expect(await readout(page, 'evaluated_at')).toBe(150);
    expect(await page.locator('[data-status="done"]').textContent()).toContain('150 steps');
    expect(errors).toEqual([]);
  });

  test('cpu, wasm and webgl give the same losses after 20 steps', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const results: Record<string, { zlpr: number; bce: number }> = {};
    for (const backend of ['cpu', 'wasm', 'webgl']) {
      await openEmbed(
        page,
        SLUG,
        'training-race',
        `train=200&test=100&classes=20&steps=20&seed=3&backend=${backend}`,
      );
      await expect(page.locator('[data-action="play"]')).toBeEnabled({ timeout: 30_000 });
      const chosen = await page.evaluate(() => window.__kexueCore!.backend());
      await page.locator('[data-action="play"]').click();
      await expect(page.locator('[data-status="done"]')).toBeVisible({ timeout: 30_000 });
      // A backend that cannot start here falls back to another one; compare only real runs.
      if (chosen !== backend) continue;
      results[backend] = {
        zlpr: await readout(page, 'loss_zlpr'),
        bce: await readout(page, 'loss_bce'),
      };
    }
    expect(Object.keys(results)).toContain('cpu');
    expect(Object.keys(results).length).toBeGreaterThan(1);
    for (const [name, r] of Object.entries(results)) {
      expect(Math.abs(r.zlpr - results.cpu.zlpr) / results.cpu.zlpr, name).toBeLessThan(1e-3);
      expect(Math.abs(r.bce - results.cpu.bce) / results.cpu.bce, name).toBeLessThan(1e-3);
    }
  });

  test('SGD at learning rate 1000 on the MLP diverges and the runner stops with a message', async ({
    page,
  }) => {
    await openEmbed(
      page,
      SLUG,
      'training-race',
      'train=200&test=100&model=mlp&optimizer=sgd&lr=1000&steps=300',
    );
    await expect(page.locator('[data-status="failed"]')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('alert')).toContainText(/NaN|infinite/);
  });
});
