import { afterEach, describe, expect, it } from 'vitest';
import { activeBackend, initBackend, loadTf, resetBackendChoice } from './backend';

afterEach(() => resetBackendChoice());

describe('initBackend in Node', () => {
  it('measures the Node candidates and picks the fastest, with its timings', async () => {
    const choice = await initBackend({ candidates: ['cpu'] });
    expect(choice.name).toBe('cpu');
    expect(choice.reason).toMatch(/fastest on a probe \(cpu [\d.]+ ms\)/);
    expect(choice.timings.cpu).toBeGreaterThan(0);
    expect(activeBackend()).toBe(choice);
    expect((await loadTf()).getBackend()).toBe('cpu');
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
