import { useId, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { clamp, formatForStep, parseNumberText, roundSignificant } from './numberText';

export interface SliderProps {
  /** Parameter name, written to `data-param` on the root. */
  name: string;
  /** Visible label of the range input. */
  label: string;
  /** Current value (in real units, also on a log slider). */
  value: number;
  /** Smallest value (must be > 0 when `log`). */
  min: number;
  /** Largest value. */
  max: number;
  /** Step of the range input and of the arrow keys in real units (ignored when `log`). */
  step: number;
  /** Called with the new value, already clamped to [min, max] (and rounded when `integer`). */
  onChange: (value: number) => void;
  /** The range input moves in log10 space (20 stops per decade); values keep 3 significant digits. */
  log?: boolean;
  /** Whole numbers only. */
  integer?: boolean;
  /** One sentence shown under the slider and linked with aria-describedby. */
  description?: string;
  /** Display text of the value (shown beside the label and read as aria-valuetext), e.g. with a unit. */
  format?: (value: number) => string;
  /** Disable both inputs. */
  disabled?: boolean;
}

/** Stops per decade of a log slider. */
const LOG_STOPS_PER_DECADE = 20;

/**
 * A native range input with a number box for typed entry. Typed text is applied on Enter or
 * blur (clamped to [min, max]); text that is not a number reverts; Escape reverts.
 */
export function Slider({
  name,
  label,
  value,
  min,
  max,
  step,
  onChange,
  log = false,
  integer = false,
  description,
  format,
  disabled = false,
}: SliderProps) {
  const rangeId = useId();
  const numberId = useId();
  const descriptionId = useId();
  const [draft, setDraft] = useState<string | null>(null);

  const logMin = Math.log10(min);
  const logMax = Math.log10(max);
  const logStops = Math.max(1, Math.round((logMax - logMin) * LOG_STOPS_PER_DECADE));
  const logStep = (logMax - logMin) / logStops;

  /** Clamp, and round to the kind of number this slider holds. */
  const normalise = (raw: number): number => {
    const clamped = clamp(raw, min, max);
    if (integer) return clamp(Math.round(clamped), Math.ceil(min), Math.floor(max));
    return log ? clamp(roundSignificant(clamped), min, max) : clamped;
  };

  /** Real value of a range position (the position is log10 of the value on a log slider). */
  const fromPosition = (position: number): number => {
    if (!log) return normalise(position);
    if (position <= logMin + logStep / 2) return normalise(min);
    if (position >= logMax - logStep / 2) return normalise(max);
    return normalise(10 ** position);
  };

  const position = log ? Math.log10(clamp(value, min, max)) : value;
  const text = integer
    ? String(Math.round(value))
    : log
      ? String(roundSignificant(value, 4))
      : formatForStep(value, step);

  const emit = (next: number) => {
    if (Number.isFinite(next) && next !== value) onChange(next);
  };

  const commitDraft = () => {
    if (draft === null) return;
    setDraft(null);
    const parsed = parseNumberText(draft);
    if (parsed !== null) emit(normalise(parsed));
  };

  const nudge = (direction: 1 | -1, factor: number) => {
    setDraft(null);
    if (log) {
      emit(fromPosition(position + direction * factor * logStep));
    } else {
      const next = clamp(value + direction * factor * step, min, max);
      // Snap to the step grid from min, without binary-fraction drift (0.1 + 0.2).
      const snapped = Number((min + Math.round((next - min) / step) * step).toFixed(12));
      emit(normalise(snapped));
    }
  };

  const onNumberKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      commitDraft();
    } else if (event.key === 'Escape') {
      setDraft(null);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      // Apply at once, like the range input, instead of waiting for Enter.
      event.preventDefault();
      nudge(event.key === 'ArrowUp' ? 1 : -1, event.shiftKey ? 10 : 1);
    }
  };

  const shown = format ? format(value) : text;
  return (
    <div className="control control-slider" data-param={name}>
      <div className="control-row">
        <label className="control-label" htmlFor={rangeId}>
          {label}
        </label>
        {format ? (
          <output className="control-output" htmlFor={`${rangeId} ${numberId}`}>
            {shown}
          </output>
        ) : null}
        <input
          id={numberId}
          className="control-number"
          type="number"
          inputMode="decimal"
          aria-label={`${label} value`}
          aria-describedby={description ? descriptionId : undefined}
          min={min}
          max={max}
          step={log ? 'any' : integer ? Math.max(1, Math.round(step)) : step}
          value={draft ?? text}
          disabled={disabled}
          onChange={(event: ChangeEvent<HTMLInputElement>) => setDraft(event.target.value)}
          onKeyDown={onNumberKeyDown}
          onBlur={commitDraft}
        />
      </div>
      <input
        id={rangeId}
        className="control-range"
        type="range"
        min={log ? logMin : min}
        max={log ? logMax : max}
        step={log ? logStep : step}
        value={position}
        aria-valuetext={log || format ? shown : undefined}
        aria-describedby={description ? descriptionId : undefined}
        disabled={disabled}
        onChange={(event: ChangeEvent<HTMLInputElement>) => {
          setDraft(null);
          emit(fromPosition(Number(event.target.value)));
        }}
      />
      {description ? (
        <p id={descriptionId} className="control-description">
          {description}
        </p>
      ) : null}
    </div>
  );
}
