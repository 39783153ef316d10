import { targetsFrom } from './readouts';

export interface TargetChecksProps {
  /** What the checkboxes choose, as their legend. */
  legend: string;
  /** The targets parameter (URL values from 0.5 up count as targets). */
  targets: readonly number[];
  /** How many classes to offer (the first ones of `targets`). */
  classes: number;
  /** Called with the whole targets vector, one class flipped. */
  onChange: (targets: number[]) => void;
}

/** A checkbox per class that says whether the class is one of the example's labels. */
export function TargetChecks({ legend, targets, classes, onChange }: TargetChecksProps) {
  const all = targetsFrom(targets, targets.length);
  return (
    <fieldset className="control" data-param="targets" style={{ border: 0, padding: 0 }}>
      <legend className="control-label">{legend}</legend>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 0.9rem' }}>
        {all.slice(0, classes).map((t, k) => (
          <label key={k} style={{ whiteSpace: 'nowrap' }}>
            <input
              type="checkbox"
              aria-label={`Class ${k + 1} is a target`}
              checked={t === 1}
              onChange={() => onChange(all.map((u, i) => (i === k ? 1 - u : u)))}
            />{' '}
            class {k + 1}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
