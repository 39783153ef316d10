import type { PointClassStyle } from '../../../src/widgets/plot/EditablePoints';

/** Classes 0–4: the site's series colours (and one more), each with its own marker shape. */
export const CLASS_STYLES: readonly PointClassStyle[] = [
  { label: 'class 0', color: 'var(--series-1, #1d4ed8)', shape: 'circle' },
  { label: 'class 1', color: 'var(--series-2, #c2410c)', shape: 'triangle' },
  { label: 'class 2', color: 'var(--series-3, #047857)', shape: 'square' },
  { label: 'class 3', color: 'var(--series-4, #7c3aed)', shape: 'diamond' },
  { label: 'class 4', color: 'var(--class-5, #a16207)', shape: 'star' },
];

/** The same hues as RGB triples, for painted images (a heatmap cannot read CSS variables). */
export const CLASS_RGB: readonly (readonly [number, number, number])[] = [
  [29, 78, 216],
  [194, 65, 12],
  [4, 120, 87],
  [124, 58, 237],
  [161, 98, 7],
];

/** A translucent tint of class k, light enough to draw points on, on light and dark pages. */
export function classTint(k: number, alpha = 0.22): string {
  const [r, g, b] = CLASS_RGB[k] ?? [128, 128, 128];
  return `rgba(${r},${g},${b},${alpha})`;
}
