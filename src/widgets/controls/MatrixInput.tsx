import { Fragment, useId, useState } from 'react';
import { clamp, formatForStep, parseNumberText } from './numberText';

export interface MatrixInputProps {
  /** Parameter name, written to `data-param` on the root. */
  name: string;
  /** Name of the matrix, e.g. "Σ"; also starts each cell's accessible name. */
  label: string;
  /** The matrix, row by row. */
  value: readonly (readonly number[])[];
  /** Called with a new matrix (a fresh copy) whenever a cell holds a number. */
  onChange: (matrix: number[][]) => void;
  /** Smallest entry; typed values are clamped. */
  min: number;
  /** Largest entry. */
  max: number;
  /** Step of each cell's arrow keys. */
  step: number;
  /** Row names for the cells' accessible names (default 1, 2, …). */
  rowLabels?: readonly string[];
  /** Column names (default 1, 2, …); shown as a header row when given. */
  colLabels?: readonly string[];
  /** Editing (i, j) also sets (j, i); the lower triangle is read-only. */
  symmetric?: boolean;
  /** One sentence shown under the grid and linked with aria-describedby. */
  description?: string;
}

/**
 * A grid of number inputs. A cell applies as soon as its text is a finite number (clamped to
 * [min, max]); otherwise the matrix keeps its last good value and the cell is aria-invalid
 * until it holds a number again or loses focus.
 */
export function MatrixInput({
  name,
  label,
  value,
  onChange,
  min,
  max,
  step,
  rowLabels,
  colLabels,
  symmetric = false,
  description,
}: MatrixInputProps) {
  const labelId = useId();
  const descriptionId = useId();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const rows = value.length;
  const cols = rows > 0 ? value[0].length : 0;

  const rowName = (i: number) => rowLabels?.[i] ?? String(i + 1);
  const colName = (j: number) => colLabels?.[j] ?? String(j + 1);

  const onCellChange = (i: number, j: number, text: string) => {
    setDrafts((d) => ({ ...d, [`${i},${j}`]: text }));
    const parsed = parseNumberText(text);
    if (parsed === null) return;
    const entry = clamp(parsed, min, max);
    const next = value.map((row) => [...row]);
    next[i][j] = entry;
    if (symmetric && i < rows && j < rows) next[j][i] = entry;
    onChange(next);
  };

  const onCellBlur = (i: number, j: number) => {
    setDrafts((d) => {
      const { [`${i},${j}`]: _dropped, ...rest } = d;
      return rest;
    });
  };

  return (
    <div
      className="control control-matrix"
      data-param={name}
      role="group"
      aria-labelledby={labelId}
      aria-describedby={description ? descriptionId : undefined}
    >
      <span id={labelId} className="control-label">
        {label}
      </span>
      <div
        className="matrix-grid"
        style={{
          gridTemplateColumns: `${rowLabels ? 'auto ' : ''}repeat(${cols}, minmax(4.5em, 7em))`,
        }}
      >
        {colLabels ? (
          <>
            {rowLabels ? <span aria-hidden="true" /> : null}
            {Array.from({ length: cols }, (_, j) => (
              <span key={`c${j}`} className="matrix-col-label" aria-hidden="true">
                {colName(j)}
              </span>
            ))}
          </>
        ) : null}
        {value.map((row, i) => (
          <Fragment key={i}>
            {rowLabels ? (
              <span className="matrix-row-label" aria-hidden="true">
                {rowName(i)}
              </span>
            ) : null}
            {row.map((entry, j) => {
              const mirrored = symmetric && i > j;
              const key = `${i},${j}`;
              const draft = mirrored ? undefined : drafts[key];
              const parsed = draft === undefined ? entry : parseNumberText(draft);
              const invalid = parsed === null || parsed < min || parsed > max;
              const shown = mirrored && j < rows && i < value[j].length ? value[j][i] : entry;
              return (
                <input
                  key={j}
                  className="matrix-cell"
                  type="number"
                  inputMode="decimal"
                  aria-label={`${label} row ${rowName(i)} column ${colName(j)}`}
                  aria-invalid={invalid || undefined}
                  min={min}
                  max={max}
                  step={step}
                  readOnly={mirrored}
                  tabIndex={mirrored ? -1 : undefined}
                  value={draft ?? formatForStep(shown, step)}
                  onChange={(event) => onCellChange(i, j, event.target.value)}
                  onBlur={() => onCellBlur(i, j)}
                />
              );
            })}
          </Fragment>
        ))}
      </div>
      {description ? (
        <p id={descriptionId} className="control-description">
          {description}
        </p>
      ) : null}
    </div>
  );
}
