import type { ReactNode } from 'react';

export interface ComparisonPanelProps {
  /** Machine name of the arm, written to `data-panel` (e.g. "plain", "rdrop"). */
  name: string;
  /** The arm's heading, e.g. "Dropout only". */
  title: ReactNode;
  /** The arm's series colour; the heading takes it. */
  color?: string;
  /** The arm's figure and numbers. */
  children: ReactNode;
}

/** One arm of a comparison: its heading in its colour above its figure and numbers. */
export function ComparisonPanel({ name, title, color, children }: ComparisonPanelProps) {
  return (
    <section
      className="comparison-panel"
      data-panel={name}
      aria-label={typeof title === 'string' ? title : name}
    >
      <p className="comparison-title" style={color ? { color } : undefined}>
        {title}
      </p>
      {children}
    </section>
  );
}

export interface ComparisonProps {
  /** The arms, as `ComparisonPanel`s, side by side where there is room and stacked otherwise. */
  children: ReactNode;
  /** Narrowest width of an arm before they stack (CSS length, default 250px). */
  minWidth?: string;
}

/** Two or more arms of an experiment side by side (dropout against R-Drop, BCE against ZLPR). */
export function Comparison({ children, minWidth = '250px' }: ComparisonProps) {
  return (
    <div
      className="comparison"
      style={{ gridTemplateColumns: `repeat(auto-fit, minmax(min(${minWidth}, 100%), 1fr))` }}
    >
      {children}
    </div>
  );
}
