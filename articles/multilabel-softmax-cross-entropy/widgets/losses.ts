/** The colours of the article's series, and the two losses as the rows of a readout grid. */
import type { ReadoutRow } from '../../../src/widgets/Readout';

export const COLORS = {
  target: 'var(--series-1)',
  other: 'var(--series-2)',
  zlpr: 'var(--series-3)',
  bce: 'var(--series-4)',
};

/** Rows `zlpr` and `bce`: a grid's cells are then `<quantity>_zlpr` and `<quantity>_bce`. */
export const LOSS_ROWS: readonly ReadoutRow[] = [
  { key: 'zlpr', label: 'softmax CE', color: COLORS.zlpr },
  { key: 'bce', label: 'BCE', color: COLORS.bce },
];
