import '../kit.css';

export { Plot, usePlot, equalAspectDomains, DEFAULT_MARGIN } from './Plot';
export type { PlotProps, PlotContext, PlotScale, PlotMargin, PlotAxisSpec } from './Plot';
export { Axes, axisTicks, powerOfTen } from './Axes';
export type { AxesProps, Tick } from './Axes';
export { LinePath } from './LinePath';
export type { LinePathProps } from './LinePath';
export { Band } from './Band';
export type { BandProps } from './Band';
export { Scatter } from './Scatter';
export type { ScatterProps } from './Scatter';
export { Heatmap, heatmapPixels, HEATMAP_INTERPOLATORS } from './Heatmap';
export type { HeatmapProps, HeatmapInterpolator } from './Heatmap';
export { CovarianceEllipse, ellipsePoints, cholesky2 } from './CovarianceEllipse';
export type { CovarianceEllipseProps, Covariance2 } from './CovarianceEllipse';
export { DraggablePoint, formatCoordinate } from './DraggablePoint';
export type { DraggablePointProps } from './DraggablePoint';
