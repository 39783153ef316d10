import { useId, type KeyboardEvent } from 'react';

export interface ToggleProps {
  /** Parameter name, written to `data-param` on the root. */
  name: string;
  /** Visible label. */
  label: string;
  /** On or off. */
  value: boolean;
  /** Called with the new state. */
  onChange: (value: boolean) => void;
  /** One sentence shown under the switch and linked with aria-describedby. */
  description?: string;
  /** Disable the switch. */
  disabled?: boolean;
}

/**
 * A native checkbox drawn as a switch (role="switch"). Space is handled here rather than left
 * to the browser, so that it behaves the same everywhere (and in jsdom, which has no keyboard
 * activation): keydown toggles, and both keydown and keyup are default-prevented so the browser
 * does not toggle a second time.
 */
export function Toggle({
  name,
  label,
  value,
  onChange,
  description,
  disabled = false,
}: ToggleProps) {
  const id = useId();
  const descriptionId = useId();

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== ' ') return;
    event.preventDefault();
    if (!event.repeat) onChange(!value);
  };

  return (
    <div className="control control-toggle" data-param={name}>
      <input
        id={id}
        className="control-switch"
        type="checkbox"
        role="switch"
        checked={value}
        aria-checked={value}
        aria-describedby={description ? descriptionId : undefined}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          if (event.key === ' ') event.preventDefault();
        }}
      />
      <label className="control-label" htmlFor={id}>
        {label}
      </label>
      {description ? (
        <p id={descriptionId} className="control-description">
          {description}
        </p>
      ) : null}
    </div>
  );
}
