import type { ReactNode } from 'react';
import { ReadoutGrid, type ReadoutRow } from '../../../src/widgets/Readout';

/** The two arms of every comparison in this article, in the colours of their lines. */
export const ARMS = [
  { key: 'cf', label: 'closed form', color: 'var(--series-3, #047857)' },
  { key: 'gd', label: 'gradient descent', color: 'var(--series-4, #7c3aed)' },
] as const;

/** A quantity measured on each fit: its row of the grid and how to read it off a fit. */
export interface FitQuantity<F> extends ReadoutRow {
  of: (fit: F) => number;
}

/**
 * The same quantities of the closed-form fit and of gradient descent's, as a table whose cells
 * are `cf_<quantity>` and `gd_<quantity>`; a fit that does not exist (yet) shows dashes.
 */
export function FitGrid<F>({
  label,
  fits,
  quantities,
}: {
  label: string;
  fits: { cf: F | null; gd: F | null };
  quantities: readonly FitQuantity<F>[];
}) {
  return (
    <ReadoutGrid
      label={label}
      columns={ARMS}
      rows={quantities}
      value={(row, column) => {
        const fit = column === 'cf' ? fits.cf : fits.gd;
        const quantity = quantities.find((q) => q.key === row);
        return fit && quantity ? quantity.of(fit) : NaN;
      }}
    />
  );
}

/** Why there is no closed form, as an alert (tests find it by `data-closed-form-error`). */
export function NoClosedForm({ children }: { children: ReactNode }) {
  return (
    <p className="widget-warning" role="alert" data-closed-form-error>
      {children}
    </p>
  );
}
