import { Readout } from '../../../src/widgets/Readout';
import { RULES, type ScaleRule } from './shared';

export interface RuleReadoutsProps {
  rules: readonly ScaleRule[];
  /** Each readout is named `<name>_<rule>`. */
  name: string;
  /** What the number is; the rule's short name follows it. */
  label: string;
  /** The number for a rule (and its place in `rules`). */
  value: (rule: ScaleRule, index: number) => number;
  unit?: string;
}

/** One readout of the same quantity per scale rule, each with the rule's colour. */
export function RuleReadouts({ rules, name, label, value, unit }: RuleReadoutsProps) {
  return (
    <>
      {rules.map((rule, i) => (
        <Readout
          key={rule}
          name={`${name}_${rule}`}
          label={`${label}, ${RULES[rule].label}`}
          value={value(rule, i)}
          unit={unit}
          color={RULES[rule].color}
        />
      ))}
    </>
  );
}
