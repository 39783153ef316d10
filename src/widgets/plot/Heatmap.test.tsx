// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { interpolateViridis, rgb } from 'd3';
import { Plot } from './Plot';
import { Heatmap, heatmapPixels } from './Heatmap';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Heatmap', () => {
  it('heatmapPixels puts values row 0 at the bottom of the image and colours by the function', () => {
    // 2 columns × 2 rows: row 0 = [0, 1] (bottom), row 1 = [2, 3] (top).
    const colours = ['rgb(255, 0, 0)', 'rgb(0, 255, 0)', 'rgb(0, 0, 255)', 'rgba(10, 20, 30, 0.5)'];
    const px = heatmapPixels([0, 1, 2, 3], 2, 2, (v) => colours[v], [0, 3]);
    expect(Array.from(px)).toEqual([
      0, 0, 255, 255, /* value 2 */ 10, 20, 30, 128 /* value 3 */, 255, 0, 0, 255, /* value 0 */ 0,
      255, 0, 255 /* value 1 */,
    ]);
  });

  it('heatmapPixels with an interpolator name maps the domain onto [0, 1], clamps, and leaves NaN transparent', () => {
    const px = heatmapPixels(new Float32Array([-5, 10, 20, NaN]), 4, 1, 'viridis', [10, 20]);
    const expected = [0, 0, 1].map((t) => rgb(interpolateViridis(t)));
    for (let i = 0; i < 3; i++) {
      expect([px[4 * i], px[4 * i + 1], px[4 * i + 2], px[4 * i + 3]]).toEqual([
        expected[i].r,
        expected[i].g,
        expected[i].b,
        255,
      ]);
    }
    expect(px[15]).toBe(0);
  });

  it('Heatmap renders nothing on the server (no canvas there)', () => {
    const html = renderToString(
      <Plot width={100} height={100} x={{ domain: [0, 1] }} y={{ domain: [0, 1] }} title="t">
        <Heatmap
          values={[1, 2, 3, 4]}
          cols={2}
          rows={2}
          x0={0}
          x1={1}
          y0={0}
          y1={1}
          color="viridis"
          domain={[1, 4]}
        />
      </Plot>,
    );
    expect(html).not.toContain('<image');
  });

  it('Heatmap on the client draws an <image> with a data URL over the data extent', () => {
    const putImageData = vi.fn();
    const fakeContext = {
      createImageData: (w: number, h: number) => ({
        data: new Uint8ClampedArray(w * h * 4),
        width: w,
        height: h,
      }),
      putImageData,
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
      (() => fakeContext) as unknown as HTMLCanvasElement['getContext'],
    );
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue(
      'data:image/png;base64,AAAA',
    );
    const { container } = render(
      <Plot
        width={100}
        height={100}
        margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
        x={{ domain: [0, 10] }}
        y={{ domain: [0, 10] }}
        title="t"
      >
        <Heatmap
          values={[1, 2, 3, 4, 5, 6]}
          cols={3}
          rows={2}
          x0={2}
          x1={8}
          y0={1}
          y1={5}
          color="magma"
          domain={[1, 6]}
          label="density"
        />
      </Plot>,
    );
    const image = container.querySelector('image')!;
    expect(image.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    expect([
      image.getAttribute('x'),
      image.getAttribute('y'),
      image.getAttribute('width'),
      image.getAttribute('height'),
    ]).toEqual(['20', '50', '60', '40']);
    expect(putImageData).toHaveBeenCalledTimes(1);
    expect(putImageData.mock.calls[0][0].width).toBe(3);
  });

  it('Heatmap renders nothing when canvas 2D is unavailable or the grid is too short', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const { container } = render(
      <Plot width={100} height={100} x={{ domain: [0, 1] }} y={{ domain: [0, 1] }} title="t">
        <Heatmap
          values={[1, 2, 3, 4]}
          cols={2}
          rows={2}
          x0={0}
          x1={1}
          y0={0}
          y1={1}
          color="viridis"
          domain={[1, 4]}
        />
        <Heatmap
          values={[1, 2, 3]}
          cols={2}
          rows={2}
          x0={0}
          x1={1}
          y0={0}
          y1={1}
          color="viridis"
          domain={[1, 4]}
        />
      </Plot>,
    );
    expect(container.querySelector('image')).toBeNull();
  });
});
