/** Presentation properties copied inline so that an exported SVG looks as it does on the page. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
];

function inlineStyles(source: Element, target: Element): void {
  const computed = window.getComputedStyle(source);
  const style = STYLE_PROPERTIES.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  target.setAttribute('style', style);
  for (let i = 0; i < source.children.length; i++) {
    inlineStyles(source.children[i], target.children[i]);
  }
}

function download(href: string, filename: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

/** A standalone SVG document of a figure, with its computed styles inlined. */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const box = svg.viewBox.baseVal;
  if (box && box.width) {
    clone.setAttribute('width', String(box.width));
    clone.setAttribute('height', String(box.height));
  }
  return new XMLSerializer().serializeToString(clone);
}

/**
 * Downloads the widget's figure: SVG plots as .svg; a canvas (heatmaps, many points) as .png.
 * Only the frame's own figure container is searched.
 */
export async function exportFigure(container: HTMLElement, name: string): Promise<void> {
  const svg = container.querySelector('svg.plot');
  if (svg instanceof SVGSVGElement) {
    const blob = new Blob([serializeSvg(svg)], { type: 'image/svg+xml' });
    const url = URL.createObjectURL(blob);
    download(url, `${name}.svg`);
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return;
  }
  const canvas = container.querySelector('canvas');
  if (canvas instanceof HTMLCanvasElement) download(canvas.toDataURL('image/png'), `${name}.png`);
}
