/** One entry of a {@link Legend}. */
export interface LegendEntry {
  label: string;
  /** Colour of the sample; an entry without one is a note in words ("solid: test, dashed: train"). */
  color?: string;
  /** What the sample looks like: a line (default), a dot or a filled box. */
  mark?: 'line' | 'dot' | 'box';
  /** SVG dash pattern of a line sample. */
  dash?: string;
  /** Stroke width of a line sample (default 2.5). */
  width?: number;
}

/**
 * A legend under a plot: a sample of each series' mark and its name. Decorative (hidden from
 * screen readers): the plot's title and description carry the meaning.
 */
export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  return (
    <ul className="legend" aria-hidden="true">
      {entries.map((e) => (
        <li key={e.label}>
          {e.color && (
            <svg width="28" height="10">
              {e.mark === 'dot' ? (
                <circle cx="14" cy="5" r="4" fill={e.color} />
              ) : e.mark === 'box' ? (
                <rect x="9" y="0" width="10" height="10" rx="2" fill={e.color} />
              ) : (
                <line
                  x1="0"
                  x2="28"
                  y1="5"
                  y2="5"
                  stroke={e.color}
                  strokeWidth={e.width ?? 2.5}
                  strokeDasharray={e.dash}
                />
              )}
            </svg>
          )}
          {e.label}
        </li>
      ))}
    </ul>
  );
}
