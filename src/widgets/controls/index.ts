import '../kit.css';

export { Slider } from './Slider';
export type { SliderProps } from './Slider';
export { Toggle } from './Toggle';
export type { ToggleProps } from './Toggle';
export { Select } from './Select';
export type { SelectProps } from './Select';
export { MatrixInput } from './MatrixInput';
export type { MatrixInputProps } from './MatrixInput';
export { ParamControls } from './ParamControls';
export type { ParamControlsProps } from './ParamControls';
export { parseNumberText, formatForStep } from './numberText';
