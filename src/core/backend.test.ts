import { afterEach, describe, expect, it } from 'vitest';
import {
  activeBackend,
  initBackend,
  loadTf,
  probeContenders,
  PROBE_PRUNE_FACTOR,
  resetBackendChoice,
} from './backend';

afterEach(() => resetBackendChoice());

describe('initBackend in Node', () => {
  it('measures the Node candidates and picks the fastest, with its timings', async () => {
    const choice = await initBackend({ candidates: ['cpu'] });
    expect(choice.name).toBe('cpu');
    expect(choice.reason).toMatch(/fastest on a probe \(cpu [\d.]+ ms\)/);
    expect(choice.timings.cpu).toBeGreaterThan(0);
    expect(activeBackend()).toBe(choice);
    expect((await loadTf()).getBackend()).toBe('cpu');
    expect(choice.chooseMs).toBeGreaterThan(0);
  });

  it('measures both Node backends and picks the one with the smaller probe time', async () => {
    const choice = await initBackend({ candidates: ['cpu', 'wasm'], remeasure: true });
    const timed = Object.entries(choice.timings) as [string, number][];
    expect(timed.length).toBeGreaterThanOrEqual(1);
    const fastest = timed.reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(choice.name).toBe(fastest[0]);
  });

  it('honours a forced backend that can start', async () => {
    const choice = await initBackend({ force: 'cpu' });
    expect(choice).toMatchObject({ name: 'cpu', reason: 'forced by ?backend=cpu' });
  });

  it('falls back and says so when the forced backend cannot start here (no WebGPU in Node)', async () => {
    const choice = await initBackend({ force: 'webgpu', candidates: ['cpu'] });
    expect(choice.name).toBe('cpu');
    expect(choice.reason).toMatch(/^webgpu could not start here; /);
  });

  it('returns the same choice to every caller of one page', async () => {
    const [a, b] = await Promise.all([initBackend({ candidates: ['cpu'] }), initBackend()]);
    expect(a).toBe(b);
  });
});

describe('probeContenders', () => {
  it('keeps the backends within the factor of the fastest, the fastest included', () => {
    expect(probeContenders({ wasm: 1.3, webgl: 5.1, cpu: 10, webgpu: 32 }).sort()).toEqual([
      'wasm',
      'webgl',
    ]);
    expect(PROBE_PRUNE_FACTOR).toBe(4);
  });

  it('keeps a backend exactly at the factor and drops one just beyond it', () => {
    expect(probeContenders({ wasm: 2, cpu: 8 }, 4).sort()).toEqual(['cpu', 'wasm']);
    expect(probeContenders({ wasm: 2, cpu: 8.001 }, 4)).toEqual(['wasm']);
  });

  it('ignores non-finite timings and has no contenders without a timing', () => {
    expect(probeContenders({ wasm: Infinity, cpu: 3 })).toEqual(['cpu']);
    expect(probeContenders({})).toEqual([]);
  });
});
