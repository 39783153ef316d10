import { useId } from 'react';

export interface SelectProps {
  /** Parameter name, written to `data-param` on the root. */
  name: string;
  /** Visible label. */
  label: string;
  /** The selected option. */
  value: string;
  /** Option values, in display order. */
  options: readonly string[];
  /** Human-readable option names, same order as `options` (default: the values). */
  optionLabels?: readonly string[];
  /** Called with the newly selected option value. */
  onChange: (value: string) => void;
  /** One sentence shown under the select and linked with aria-describedby. */
  description?: string;
  /** Disable the select. */
  disabled?: boolean;
}

/** A labelled native `<select>`. */
export function Select({
  name,
  label,
  value,
  options,
  optionLabels,
  onChange,
  description,
  disabled = false,
}: SelectProps) {
  const id = useId();
  const descriptionId = useId();
  return (
    <div className="control control-select" data-param={name}>
      <label className="control-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="control-select-input"
        value={value}
        aria-describedby={description ? descriptionId : undefined}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {options.map((option, i) => (
          <option key={option} value={option}>
            {optionLabels?.[i] ?? option}
          </option>
        ))}
      </select>
      {description ? (
        <p id={descriptionId} className="control-description">
          {description}
        </p>
      ) : null}
    </div>
  );
}
