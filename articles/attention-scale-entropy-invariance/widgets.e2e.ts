import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  attentionEntropy,
  attentionWeights,
  entropyInvariantScale,
  sampleAttentionVectors,
} from './math';
import { integrate1D } from '../../src/core/quadrature';
import { seededStreams } from './widgets/shared';
import {
  expectClose,
  openEmbed,
  readout,
  setNumber,
  watchErrors,
  tensorCount,
} from '../../tests/e2e/helpers';

const SLUG = 'attention-scale-entropy-invariance';
// float32 on the page's backend against float64 here.
const FLOAT32 = 2e-4;

/** The seed's first n queries and keys, as the widgets draw them. */
function vectors(nq: number, nk: number, d: number, seed: number, spread = 1) {
  const streams = seededStreams(seed);
  return {
    queries: sampleAttentionVectors(streams.queries, nq, d, { spread }),
    keys: sampleAttentionVectors(streams.keys, nk, d, { spread }),
  };
}

/**
 * The mean-field entropy ln n + K(λ) − λK′(λ) for keys on the sphere, by quadrature in
 * t = cos φ with density ∝ (1 − t²)^{(d−3)/2} and K′ by a central difference.
 */
function meanField(n: number, lambda: number, d: number): number {
  const cgf = (l: number) => {
    const base = (t: number) => Math.pow(Math.max(0, 1 - t * t), (d - 3) / 2);
    const a = l * d;
    const z = integrate1D((t) => base(t) * Math.exp(a * (t - 1)), -1, 1, { panels: 200 });
    return a + Math.log(z / integrate1D(base, -1, 1, { panels: 200 }));
  };
  const h = 1e-5;
  return Math.log(n) + cgf(lambda) - (lambda * (cgf(lambda + h) - cgf(lambda - h))) / (2 * h);
}

/** Waits for a tfjs widget's run to finish. */
const finished = (widget: Locator, timeout = 60_000) =>
  expect(widget.locator('[data-status="done"]')).toBeVisible({ timeout });

/** Opens a tfjs widget's embed page and waits for the run it starts by itself to finish. */
async function openFinished(page: Page, id: string, query: string): Promise<Locator> {
  const widget = await openEmbed(page, SLUG, id, query);
  await finished(widget);
  return widget;
}

test.describe('one-query widget', () => {
  test('shows the entropies and the matching key’s weight of the default draw, and follows the n slider', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openEmbed(page, SLUG, 'one-query');
    const check = async (n: number) => {
      const { queries, keys } = vectors(1, n, 64, 1);
      const withMatch = [queries[0], ...keys.slice(1)];
      for (const [rule, scale] of [
        ['standard', 1 / 8],
        ['invariant', entropyInvariantScale(n, 64)],
      ] as const) {
        await expectClose(
          await readout(widget, `entropy_${rule}`),
          attentionEntropy(queries, withMatch, scale),
          1e-9,
        );
        await expectClose(
          await readout(widget, `weight_${rule}`),
          attentionWeights(queries, withMatch, scale)[0][0],
          1e-9,
        );
      }
    };
    await check(1024);
    await setNumber(widget, 'Keys n', 16384);
    await expect.poll(() => readout(widget, 'n')).toBe(16384);
    await check(16384);
    // The article's numbers: under 1/√d the matching key keeps only about 0.10 of the weight.
    expect(await readout(widget, 'weight_standard')).toBeCloseTo(0.1, 2);
    expect(await readout(widget, 'weight_invariant')).toBeGreaterThan(0.8);
    await expect(page).toHaveURL(/n=16384/);
    expect(errors).toEqual([]);
  });

  test('without the matching key the readout is the largest weight of the random keys', async ({
    page,
  }) => {
    await openEmbed(page, SLUG, 'one-query', 'n=200&d=16&seed=4');
    await page.getByRole('switch', { name: 'One relevant key' }).click();
    const { queries, keys } = vectors(1, 200, 16, 4);
    const weights = attentionWeights(queries, keys, 0.25)[0];
    await expect.poll(() => readout(page, 'weight_standard')).toBeCloseTo(Math.max(...weights), 9);
    await expectClose(
      await readout(page, 'entropy_standard'),
      attentionEntropy(queries, keys, 0.25),
      1e-9,
    );
  });
});

test.describe('entropy-vs-length widget (tfjs)', () => {
  test('measures n × n attention entropies that match a float64 computation, for every n of the sweep', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openFinished(
      page,
      'entropy-vs-length',
      'max_n=128&d=16&seed=3&show_logn=1',
    );
    const backend = await widget.getAttribute('data-backend');
    expect(['webgpu', 'wasm', 'webgl', 'cpu']).toContain(backend);
    const { queries, keys } = vectors(128, 128, 16, 3);
    for (const n of [16, 32, 64, 128]) {
      const q = queries.slice(0, n);
      const k = keys.slice(0, n);
      await expectClose(
        await readout(widget, `h_standard_${n}`),
        attentionEntropy(q, k, 0.25),
        FLOAT32,
      );
      await expectClose(
        await readout(widget, `h_invariant_${n}`),
        attentionEntropy(q, k, entropyInvariantScale(n, 16)),
        FLOAT32,
      );
      await expectClose(
        await readout(widget, `h_logn_${n}`),
        attentionEntropy(q, k, Math.log(n) / 4),
        FLOAT32,
      );
    }
    await expectClose(
      await readout(widget, 'growth_standard'),
      (await readout(widget, 'h_standard_128')) - (await readout(widget, 'h_standard_64')),
      1e-12,
    );
    expect(await readout(widget, 'last_n')).toBe(128);

    // Driving the main control: a longer sweep extends the table with the next length.
    await widget.getByLabel('Longest sequence').selectOption('256');
    await finished(widget);
    await expect.poll(() => readout(widget, 'last_n')).toBe(256);
    const more = vectors(256, 256, 16, 3);
    await expectClose(
      await readout(widget, 'h_invariant_256'),
      attentionEntropy(more.queries, more.keys, entropyInvariantScale(256, 16)),
      FLOAT32,
    );
    await expect(page).toHaveURL(/max_n=256/);
    expect(errors).toEqual([]);
  });

  test('restarting the sweep leaves tf.memory().numTensors where it was', async ({ page }) => {
    const widget = await openFinished(page, 'entropy-vs-length', 'max_n=64&d=8');
    const tensors = () => tensorCount(page);
    const start = await tensors();
    for (let i = 0; i < 3; i++) {
      await widget.locator('[data-action="reset-run"]').click();
      await widget.locator('[data-action="play"]').click();
      await finished(widget, 30_000);
    }
    expect(await tensors()).toBe(start);
  });
});

test.describe('approximation widget (tfjs)', () => {
  test('its measured curve matches a float64 computation and its mean field an independent quadrature, as the read-off scale moves', async ({
    page,
  }) => {
    const errors = watchErrors(page);
    const widget = await openFinished(page, 'approximation', 'n=64&queries=32&d=16&seed=2');
    const { queries, keys } = vectors(32, 64, 16, 2);
    const at = async (c: number) => {
      await expectClose(await readout(widget, 'multiplier'), c, 1e-12);
      await expectClose(
        await readout(widget, 'measured'),
        attentionEntropy(queries, keys, c / 4),
        FLOAT32,
      );
      await expectClose(await readout(widget, 'mean_field'), meanField(64, c / 4, 16), 1e-6);
      await expectClose(await readout(widget, 'peak_logit'), (c / 4) * 16, 1e-12);
    };
    await at(1);
    await setNumber(widget, 'Read-off scale λ√d', 2.5);
    await expect.poll(() => readout(widget, 'multiplier')).toBe(2.5);
    await at(2.5);
    // The measured slope is the central difference of the measured curve per unit a = λd.
    const slope =
      (attentionEntropy(queries, keys, 2.625 / 4) - attentionEntropy(queries, keys, 2.375 / 4)) /
      ((0.25 / 4) * 16);
    await expectClose(await readout(widget, 'slope_measured'), slope, 5e-3);
    expect(errors).toEqual([]);
  });
});
