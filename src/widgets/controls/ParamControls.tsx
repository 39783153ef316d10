import { useId } from 'react';
import type { ParamSchema, ParamSpec, ParamValues } from '../params';
import { MatrixInput } from './MatrixInput';
import { Select } from './Select';
import { Slider } from './Slider';
import { Toggle } from './Toggle';
import { formatForStep } from './numberText';

export interface ParamControlsProps<S extends ParamSchema> {
  /** The widget's parameter schema. */
  schema: S;
  /** Current values, one per parameter. */
  values: ParamValues<S>;
  /** Called with the changed parameters only, e.g. `{ sigma: 0.5 }`. */
  onChange: (patch: Partial<ParamValues<S>>) => void;
  /** Render only these parameters, in this order (default: all, in schema order). */
  only?: readonly (keyof S & string)[];
  /** Matrix parameters edited as symmetric (editing (i, j) sets (j, i)), e.g. covariances. */
  symmetric?: readonly (keyof S & string)[];
  /**
   * Parameters folded away under a "More settings" summary (or `moreLabel`), after the ones in
   * view (those of `only`, or every other parameter): the settings a reader tries first stay in
   * view, the rest one click away.
   */
  more?: readonly (keyof S & string)[];
  /** The summary of the folded group (default "More settings"). */
  moreLabel?: string;
}

/**
 * The standard control for each parameter of a schema: number/integer → Slider (log when the
 * spec says so), boolean → Toggle, select → Select, vector → one Slider per component,
 * matrix → MatrixInput. Labels and descriptions come from the specs. `only` shows those
 * parameters in that order; `more` adds a folded "More settings" group of others after them.
 */
export function ParamControls<S extends ParamSchema>({
  schema,
  values,
  onChange,
  only,
  symmetric,
  more,
  moreLabel = 'More settings',
}: ParamControlsProps<S>) {
  const baseId = useId();
  const names = only ?? (Object.keys(schema) as (keyof S & string)[]);
  const current = values as Record<string, unknown>;
  const emit = (name: string, value: unknown) =>
    onChange({ [name]: value } as unknown as Partial<ParamValues<S>>);

  const control = (name: string, spec: ParamSpec) => {
    const value = current[name];
    switch (spec.type) {
      case 'number':
        return (
          <Slider
            key={name}
            name={name}
            label={spec.label}
            description={spec.description}
            value={value as number}
            min={spec.min}
            max={spec.max}
            step={spec.step}
            log={spec.log}
            format={
              spec.unit
                ? (v) =>
                    `${spec.log ? String(Number(v.toPrecision(4))) : formatForStep(v, spec.step)} ${spec.unit}`
                : undefined
            }
            onChange={(v) => emit(name, v)}
          />
        );
      case 'integer':
        return (
          <Slider
            key={name}
            name={name}
            label={spec.label}
            description={spec.description}
            value={value as number}
            min={spec.min}
            max={spec.max}
            step={spec.step ?? 1}
            log={spec.log}
            integer
            onChange={(v) => emit(name, v)}
          />
        );
      case 'boolean':
        return (
          <Toggle
            key={name}
            name={name}
            label={spec.label}
            description={spec.description}
            value={value as boolean}
            onChange={(v) => emit(name, v)}
          />
        );
      case 'select':
        return (
          <Select
            key={name}
            name={name}
            label={spec.label}
            description={spec.description}
            value={value as string}
            options={spec.options}
            optionLabels={spec.optionLabels}
            onChange={(v) => emit(name, v)}
          />
        );
      case 'vector': {
        const vector = value as readonly number[];
        const descriptionId = `${baseId}${name}-description`;
        return (
          <fieldset
            key={name}
            className="control control-vector"
            data-param={name}
            aria-describedby={descriptionId}
          >
            <legend className="control-label">{spec.label}</legend>
            {vector.map((component, i) => (
              <Slider
                key={i}
                name={`${name}[${i}]`}
                label={`${spec.label}[${i}]`}
                value={component}
                min={spec.min}
                max={spec.max}
                step={spec.step}
                onChange={(v) =>
                  emit(
                    name,
                    vector.map((c, k) => (k === i ? v : c)),
                  )
                }
              />
            ))}
            <p id={descriptionId} className="control-description">
              {spec.description}
            </p>
          </fieldset>
        );
      }
      case 'matrix':
        return (
          <MatrixInput
            key={name}
            name={name}
            label={spec.label}
            description={spec.description}
            value={value as number[][]}
            min={spec.min}
            max={spec.max}
            step={spec.step}
            symmetric={symmetric?.includes(name) ?? false}
            onChange={(m) => emit(name, m)}
          />
        );
    }
  };

  const controls = (list: readonly string[]) =>
    list.filter((name) => name in schema).map((name) => control(name, schema[name]));
  const main = controls(more ? names.filter((n) => !more.includes(n)) : names);
  if (!more?.length) return <div className="param-controls">{main}</div>;
  return (
    <>
      <div className="param-controls">{main}</div>
      <details className="widget-more">
        <summary>{moreLabel}</summary>
        <div className="param-controls">{controls(more)}</div>
      </details>
    </>
  );
}
