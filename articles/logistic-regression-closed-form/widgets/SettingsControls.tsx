import { ParamControls } from '../../../src/widgets/controls';
import type { ParamSchema, ParamValues } from '../../../src/widgets/params';

/** The controls of a widget: the settings a reader tries first, and the rest folded away. */
export function SettingsControls<S extends ParamSchema>({
  schema,
  values,
  onChange,
  main,
  more,
  moreLabel,
}: {
  schema: S;
  values: ParamValues<S>;
  onChange: (patch: Partial<ParamValues<S>>) => void;
  main: readonly (keyof S & string)[];
  more: readonly (keyof S & string)[];
  /** What the folded settings are, as the summary the reader opens. */
  moreLabel: string;
}) {
  return (
    <>
      <ParamControls schema={schema} values={values} onChange={onChange} only={main} />
      <details className="widget-more">
        <summary>{moreLabel}</summary>
        <ParamControls schema={schema} values={values} onChange={onChange} only={more} />
      </details>
    </>
  );
}
