import { useMemo, useSyncExternalStore } from 'react';
import {
  color as parseColor,
  interpolateBlues,
  interpolateCividis,
  interpolateGreys,
  interpolateInferno,
  interpolateMagma,
  interpolateOranges,
  interpolatePlasma,
  interpolatePuOr,
  interpolateRdBu,
  interpolateTurbo,
  interpolateViridis,
} from 'd3';
import { usePlot } from './Plot';

/** d3-scale-chromatic interpolators a heatmap can name. */
export const HEATMAP_INTERPOLATORS = {
  viridis: interpolateViridis,
  magma: interpolateMagma,
  inferno: interpolateInferno,
  plasma: interpolatePlasma,
  cividis: interpolateCividis,
  turbo: interpolateTurbo,
  blues: interpolateBlues,
  oranges: interpolateOranges,
  greys: interpolateGreys,
  rdbu: interpolateRdBu,
  puor: interpolatePuOr,
} as const satisfies Record<string, (t: number) => string>;

export type HeatmapInterpolator = keyof typeof HEATMAP_INTERPOLATORS;

export interface HeatmapProps {
  /** Cell values, row-major: `values[r * cols + c]`; row 0 is at y0 (bottom), column 0 at x0. */
  values: Float32Array | readonly number[];
  /** Number of columns (cells along x). */
  cols: number;
  /** Number of rows (cells along y). */
  rows: number;
  /** Left edge of the grid in data units. */
  x0: number;
  /** Right edge of the grid in data units. */
  x1: number;
  /** Bottom edge of the grid in data units. */
  y0: number;
  /** Top edge of the grid in data units. */
  y1: number;
  /** Colour of a value: a function of the raw value, or an interpolator name applied to domain. */
  color: ((value: number) => string) | HeatmapInterpolator;
  /** Values mapped to the ends of a named interpolator; ignored by a colour function. */
  domain: readonly [number, number];
  /** Cell interpolation: false keeps cells crisp (default), true lets the browser smooth them. */
  smooth?: boolean;
  /** Accessible label of the image. */
  label?: string;
}

/**
 * RGBA bytes of the heatmap image, top image row first (so row `rows - 1` of the values comes
 * first). Non-finite values and unparsable colours are transparent.
 */
export function heatmapPixels(
  values: Float32Array | readonly number[],
  cols: number,
  rows: number,
  color: ((value: number) => string) | HeatmapInterpolator,
  domain: readonly [number, number],
): Uint8ClampedArray {
  const pixels = new Uint8ClampedArray(cols * rows * 4);
  let colourOf: (value: number) => string;
  if (typeof color === 'function') {
    colourOf = color;
  } else {
    const interpolate = HEATMAP_INTERPOLATORS[color];
    const [lo, hi] = domain;
    const span = hi - lo;
    colourOf = (v) => interpolate(span === 0 ? 0.5 : Math.min(1, Math.max(0, (v - lo) / span)));
  }
  // Colours repeat across cells (interpolators give whole RGB values): parse each text once.
  const parsedColours = new Map<string, readonly [number, number, number, number] | null>();
  const rgbaOf = (text: string) => {
    let rgba = parsedColours.get(text);
    if (rgba === undefined) {
      const parsed = parseColor(text)?.rgb();
      rgba = parsed ? [parsed.r, parsed.g, parsed.b, Math.round(parsed.opacity * 255)] : null;
      parsedColours.set(text, rgba);
    }
    return rgba;
  };
  for (let r = 0; r < rows; r++) {
    const imageRow = rows - 1 - r;
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      if (!Number.isFinite(v)) continue;
      const rgba = rgbaOf(colourOf(v));
      if (!rgba) continue;
      pixels.set(rgba, (imageRow * cols + c) * 4);
    }
  }
  return pixels;
}

/** A PNG data URL of the heatmap, or null without a canvas 2D context (e.g. jsdom). */
export function heatmapDataUrl(
  values: Float32Array | readonly number[],
  cols: number,
  rows: number,
  color: ((value: number) => string) | HeatmapInterpolator,
  domain: readonly [number, number],
): string | null {
  if (!(Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0)) return null;
  if (values.length < cols * rows) return null;
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return null;
  const image = context.createImageData(cols, rows);
  image.data.set(heatmapPixels(values, cols, rows, color, domain));
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

// "Mounted" without an effect: false while server-rendering and hydrating, true on the client.
const subscribeNothing = () => () => {};
const isClient = () => true;
const isServer = () => false;

/**
 * A grid of values as an SVG `<image>` whose href is a PNG data URL painted on an offscreen
 * canvas, so an exported SVG keeps the picture. Linear axes only. Renders nothing until mounted
 * (there is no canvas during server-side rendering) or when canvas 2D is unavailable.
 * Pass a stable `color` function (module-level or memoised): a new one repaints the image.
 */
export function Heatmap({
  values,
  cols,
  rows,
  x0,
  x1,
  y0,
  y1,
  color,
  domain,
  smooth = false,
  label,
}: HeatmapProps) {
  const { xScale, yScale, clipPath } = usePlot();
  const mounted = useSyncExternalStore(subscribeNothing, isClient, isServer);
  const [lo, hi] = domain;
  const href = useMemo(
    () => (mounted ? heatmapDataUrl(values, cols, rows, color, [lo, hi]) : null),
    [mounted, values, cols, rows, color, lo, hi],
  );

  if (!href) return null;
  const left = Math.min(xScale(x0), xScale(x1));
  const top = Math.min(yScale(y0), yScale(y1));
  const width = Math.abs(xScale(x1) - xScale(x0));
  const height = Math.abs(yScale(y1) - yScale(y0));
  return (
    <image
      className="plot-heatmap"
      href={href}
      x={left}
      y={top}
      width={width}
      height={height}
      preserveAspectRatio="none"
      style={{ imageRendering: smooth ? 'auto' : 'pixelated' }}
      clipPath={clipPath}
      role={label ? 'img' : undefined}
      aria-label={label}
    />
  );
}
