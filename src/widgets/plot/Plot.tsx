import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
  type RefObject,
} from 'react';
import { scaleLinear, scaleLog, type ScaleLinear, type ScaleLogarithmic } from 'd3';

/** A position scale of a plot: data value → pixel inside the margins. */
export type PlotScale = ScaleLinear<number, number> | ScaleLogarithmic<number, number>;

/** Space around the plotting area, in viewBox units. */
export interface PlotMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One axis of a plot. */
export interface PlotAxisSpec {
  /** Data range shown, [start, end]; a reversed pair flips the axis. */
  domain: readonly [number, number];
  /** Logarithmic axis (the domain must be positive). */
  log?: boolean;
  /** Axis title drawn by `Axes`, e.g. "x" or "N (samples)". */
  label?: string;
}

/** What `usePlot()` gives the marks drawn inside a `Plot`. */
export interface PlotContext {
  /** x data → pixel, range [0, innerWidth]. */
  xScale: PlotScale;
  /** y data → pixel, range [innerHeight, 0] (up is up). */
  yScale: PlotScale;
  /** Width of the plotting area inside the margins. */
  innerWidth: number;
  /** Height of the plotting area inside the margins. */
  innerHeight: number;
  /** The margins in viewBox units. */
  margin: PlotMargin;
  /** The x axis as used (after `equalAspect`, the widened domain). */
  x: PlotAxisSpec;
  /** The y axis as used. */
  y: PlotAxisSpec;
  /** The root `<svg>` element. */
  svgRef: RefObject<SVGSVGElement | null>;
  /** `url(#…)` of a clip path covering the plotting area; marks set it as `clipPath`. */
  clipPath: string;
  /** Pointer position (client pixels) → pixel inside the plotting area. */
  toInner: (clientX: number, clientY: number) => [number, number];
  /** Pointer position (client pixels) → data coordinates. */
  toData: (clientX: number, clientY: number) => [number, number];
  /** Marks that take focus call this on mount (returns the cleanup) so the plot becomes a group. */
  registerInteractive: () => () => void;
}

const PlotReactContext = createContext<PlotContext | null>(null);

/** The scales and helpers of the enclosing `Plot`; throws outside one. */
export function usePlot(): PlotContext {
  const context = useContext(PlotReactContext);
  if (!context) throw new Error('usePlot: this component must be rendered inside a <Plot>');
  return context;
}

export interface PlotProps {
  /** viewBox width; the SVG itself is as wide as its container and keeps its aspect ratio. */
  width: number;
  /** viewBox height. */
  height: number;
  /** Space for axes and labels (default top 12, right 16, bottom 40, left 48). */
  margin?: Partial<PlotMargin>;
  /** The horizontal axis. */
  x: PlotAxisSpec;
  /** The vertical axis. */
  y: PlotAxisSpec;
  /** Accessible name of the figure (rendered as `<title>`). */
  title: string;
  /** Longer text alternative (rendered as `<desc>`). */
  description?: string;
  /** Widen the shorter linear domain (about its centre) so one unit has the same length on both axes. */
  equalAspect?: boolean;
  /** Extra class on the `<svg>`, after `plot`. */
  className?: string;
  /** Marks: `Axes`, `LinePath`, `Scatter`, … */
  children: ReactNode;
}

export const DEFAULT_MARGIN: PlotMargin = { top: 12, right: 16, bottom: 40, left: 48 };

/**
 * Domains after `equalAspect`: the axis with more pixels per unit is widened about its centre
 * until both have $k = \min(w/|\Delta x|, h/|\Delta y|)$ pixels per unit. Log axes are left alone.
 */
export function equalAspectDomains(
  xDomain: readonly [number, number],
  yDomain: readonly [number, number],
  innerWidth: number,
  innerHeight: number,
): { x: [number, number]; y: [number, number] } {
  const dx = xDomain[1] - xDomain[0];
  const dy = yDomain[1] - yDomain[0];
  if (!(Math.abs(dx) > 0 && Math.abs(dy) > 0 && innerWidth > 0 && innerHeight > 0)) {
    return { x: [xDomain[0], xDomain[1]], y: [yDomain[0], yDomain[1]] };
  }
  const k = Math.min(innerWidth / Math.abs(dx), innerHeight / Math.abs(dy));
  const widen = (d: readonly [number, number], pixels: number): [number, number] => {
    const centre = (d[0] + d[1]) / 2;
    const half = (Math.sign(d[1] - d[0]) * pixels) / k / 2;
    return [centre - half, centre + half];
  };
  return { x: widen(xDomain, innerWidth), y: widen(yDomain, innerHeight) };
}

/**
 * Interpolates a scale's pixel range in steps of 1/100 viewBox unit (far below a screen pixel):
 * positions computed through Math.sin or Math.log may differ in the last bit between the server
 * that prerenders a page and the browser that hydrates it, and rounded they agree. It also keeps
 * the prerendered SVG short.
 */
export function roundedInterpolate(a: number, b: number): (t: number) => number {
  return (t) => Math.round((a * (1 - t) + b * t) * 100) / 100;
}

function makeScale(axis: PlotAxisSpec, range: [number, number]): PlotScale {
  const domain: [number, number] = [axis.domain[0], axis.domain[1]];
  return axis.log
    ? scaleLog().domain(domain).range(range).interpolate(roundedInterpolate)
    : scaleLinear().domain(domain).range(range).interpolate(roundedInterpolate);
}

/**
 * A responsive SVG figure with data scales. React renders every element; d3 only computes
 * scales. Marks read the scales with `usePlot()` and draw inside the margins.
 */
export function Plot({
  width,
  height,
  margin: marginProp,
  x,
  y,
  title,
  description,
  equalAspect = false,
  className,
  children,
}: PlotProps) {
  const titleId = useId();
  const descId = useId();
  const clipId = useId();
  const svgRef = useRef<SVGSVGElement | null>(null);
  const [interactiveCount, setInteractiveCount] = useState(0);

  const top = marginProp?.top ?? DEFAULT_MARGIN.top;
  const right = marginProp?.right ?? DEFAULT_MARGIN.right;
  const bottom = marginProp?.bottom ?? DEFAULT_MARGIN.bottom;
  const left = marginProp?.left ?? DEFAULT_MARGIN.left;
  const innerWidth = Math.max(0, width - left - right);
  const innerHeight = Math.max(0, height - top - bottom);
  const [x0, x1] = x.domain;
  const [y0, y1] = y.domain;
  const xLog = x.log ?? false;
  const yLog = y.log ?? false;

  const registerInteractive = useCallback(() => {
    setInteractiveCount((n) => n + 1);
    return () => setInteractiveCount((n) => n - 1);
  }, []);

  const toInner = useCallback(
    (clientX: number, clientY: number): [number, number] => {
      const svg = svgRef.current;
      let vx = clientX;
      let vy = clientY;
      const ctm = svg && typeof svg.getScreenCTM === 'function' ? svg.getScreenCTM() : null;
      if (ctm) {
        const inv = ctm.inverse();
        vx = inv.a * clientX + inv.c * clientY + inv.e;
        vy = inv.b * clientX + inv.d * clientY + inv.f;
      } else if (svg) {
        // No CTM (jsdom, or not laid out yet): assume the viewBox fills the bounding box.
        const box = svg.getBoundingClientRect();
        vx = box.width > 0 ? ((clientX - box.left) * width) / box.width : clientX - box.left;
        vy = box.height > 0 ? ((clientY - box.top) * height) / box.height : clientY - box.top;
      }
      return [vx - left, vy - top];
    },
    [width, height, left, top],
  );

  const context = useMemo<PlotContext>(() => {
    let xAxis: PlotAxisSpec = { ...x, domain: [x0, x1] };
    let yAxis: PlotAxisSpec = { ...y, domain: [y0, y1] };
    if (equalAspect && !xLog && !yLog) {
      const d = equalAspectDomains([x0, x1], [y0, y1], innerWidth, innerHeight);
      xAxis = { ...xAxis, domain: d.x };
      yAxis = { ...yAxis, domain: d.y };
    }
    const xScale = makeScale(xAxis, [0, innerWidth]);
    const yScale = makeScale(yAxis, [innerHeight, 0]);
    return {
      xScale,
      yScale,
      innerWidth,
      innerHeight,
      margin: { top, right, bottom, left },
      x: xAxis,
      y: yAxis,
      svgRef,
      clipPath: `url(#${clipId})`,
      toInner,
      toData: (clientX, clientY) => {
        const [px, py] = toInner(clientX, clientY);
        return [xScale.invert(px), yScale.invert(py)];
      },
      registerInteractive,
    };
    // The axis objects are often literals; depend on their contents, not their identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    x0,
    x1,
    xLog,
    x.label,
    y0,
    y1,
    yLog,
    y.label,
    equalAspect,
    innerWidth,
    innerHeight,
    top,
    right,
    bottom,
    left,
    clipId,
    toInner,
    registerInteractive,
  ]);

  return (
    <svg
      ref={svgRef}
      className={className ? `plot ${className}` : 'plot'}
      viewBox={`0 0 ${width} ${height}`}
      // A figure with focusable handles must expose them, which role="img" would hide.
      role={interactiveCount > 0 ? 'group' : 'img'}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={titleId}>{title}</title>
      {description ? <desc id={descId}>{description}</desc> : null}
      <defs>
        <clipPath id={clipId}>
          <rect width={innerWidth} height={innerHeight} />
        </clipPath>
      </defs>
      <g transform={`translate(${left},${top})`}>
        <PlotReactContext.Provider value={context}>{children}</PlotReactContext.Provider>
      </g>
    </svg>
  );
}

/** Lets a mark opt the plot into role="group" while it is mounted. */
export function useInteractiveMark(): void {
  const { registerInteractive } = usePlot();
  useEffect(() => registerInteractive(), [registerInteractive]);
}
