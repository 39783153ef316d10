import { LinePath } from '../../../src/widgets/plot';

/** n points log-spaced from a to b (both > 0). */
export function logSpace(a: number, b: number, n: number): number[] {
  const [la, lb] = [Math.log10(a), Math.log10(b)];
  return Array.from({ length: n }, (_, i) => 10 ** (la + ((lb - la) * i) / (n - 1)));
}

/** How a named series is drawn; also a legend entry as it stands. */
export interface SeriesStyle {
  label: string;
  color: string;
  dash?: string;
  /** Stroke width (default the LinePath's). */
  width?: number;
}

export interface SeriesLinesProps<K extends string> {
  /** The series in drawing order, each with its label, colour and dash. */
  series: Readonly<Record<K, SeriesStyle>>;
  /** The points of each series (other entries are left alone). */
  data: Readonly<Record<NoInfer<K>, readonly (readonly [number, number])[]>>;
}

/** One LinePath per series of a figure, in the order of `series` (the rules, the clipping factors). */
export function SeriesLines<K extends string>({ series, data }: SeriesLinesProps<K>) {
  return (Object.keys(series) as K[]).map((name) => (
    <LinePath
      key={name}
      data={data[name]}
      color={series[name].color}
      dash={series[name].dash}
      label={series[name].label}
      strokeWidth={series[name].width}
    />
  ));
}
