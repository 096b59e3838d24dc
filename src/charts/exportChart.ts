/**
 * Export helpers: serialise a rendered chart <svg> into a standalone SVG string (CSS variables and
 * computed colours inlined, so it looks right outside the app), rasterise it to PNG, download.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Replaces every `var(--name[, fallback])` in a CSS value with the custom property's value as
 * seen from `el` (falling back to the fallback, then to `fallbackValue`). Nested vars resolve.
 */
export function resolveCssVars(value: string, el: Element, fallbackValue = ''): string {
  let out = value;
  for (let guard = 0; guard < 10 && out.includes('var('); guard++) {
    out = out.replace(
      /var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\)[^()]*)*))?\)/g,
      (_m, name: string, fb?: string) => {
        const v = getComputedStyle(el).getPropertyValue(name).trim();
        return v || (fb ?? '').trim() || fallbackValue;
      },
    );
  }
  return out;
}

/** CSS properties that are not SVG presentation attributes: dropped from an export. */
const NOT_ATTRIBUTES = new Set(['position', 'left', 'top', 'right', 'bottom', 'touch-action']);

/**
 * The live element's inline style as presentation attributes of the same name (fill, stroke,
 * font-family, ...), every var(...) resolved from the live element (else the browser's computed
 * value of that property; a declaration that still does not resolve is dropped).
 */
function styleAttributes(live: Element): [string, string][] {
  const style = (live as SVGElement).style;
  const out: [string, string][] = [];
  if (!style) return out;
  for (let i = 0; i < style.length; i++) {
    const prop = style.item(i);
    const v = style.getPropertyValue(prop);
    if (!v || NOT_ATTRIBUTES.has(prop)) continue;
    const resolved = v.includes('var(')
      ? resolveCssVars(v, live) || getComputedStyle(live).getPropertyValue(prop)
      : v;
    if (resolved && !resolved.includes('var(')) out.push([prop, resolved]);
  }
  return out;
}

/**
 * A copy of a chart's element tree built afresh, never cloned: attributes are copied with every
 * var(...) resolved, the inline style becomes presentation attributes, and no element of the copy
 * ever carries a `style` attribute (a page's CSP with style-src 'self' reports every element that
 * does, cloned ones included, and an SVG shown as an image is bound by it too).
 */
function exportCopy(live: Element): Element {
  const doc = live.ownerDocument;
  const copy = doc.createElementNS(live.namespaceURI, live.localName);
  for (const attr of Array.from(live.attributes)) {
    if (attr.name === 'style') continue;
    const value = attr.value.includes('var(') ? resolveCssVars(attr.value, live) : attr.value;
    if (value) copy.setAttributeNS(attr.namespaceURI, attr.name, value);
  }
  for (const [prop, value] of styleAttributes(live)) copy.setAttribute(prop, value);
  for (const node of Array.from(live.childNodes)) {
    if (node.nodeType === node.ELEMENT_NODE) copy.appendChild(exportCopy(node as Element));
    else if (node.nodeType === node.TEXT_NODE)
      copy.appendChild(doc.createTextNode(node.nodeValue ?? ''));
  }
  return copy;
}

/** Height in px added under an exported chart for its caption line. */
export const CAPTION_HEIGHT = 24;

/** What a caption names: the setup the chart belongs to. */
export interface CaptionParts {
  model: string;
  data: string;
  method: string;
  /** Global sparsity, 0..1. */
  sparsity: number;
}

/** The caption line of an exported chart: "model · data · method · 50% sparsity". */
export function chartCaption(p: CaptionParts): string {
  const s = Math.round(p.sparsity * 1000) / 10;
  return `${p.model} · ${p.data} · ${p.method} · ${s}% sparsity`;
}

function chartSize(svg: SVGSVGElement): { w: number; h: number } {
  return {
    w: Number(svg.getAttribute('width')) || svg.clientWidth,
    h: Number(svg.getAttribute('height')) || svg.clientHeight,
  };
}

/** Appends the caption as a text line below the chart (the SVG grows by CAPTION_HEIGHT). */
function addCaption(svg: SVGSVGElement, copy: SVGSVGElement, caption: string, h: number): void {
  const text = copy.ownerDocument.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', '8');
  text.setAttribute('y', String(h + CAPTION_HEIGHT - 8));
  text.setAttribute('font-size', '13');
  text.setAttribute('fill', resolveCssVars('var(--chart-text-muted)', svg, '#5c636b'));
  text.setAttribute('data-role', 'caption');
  text.textContent = caption;
  copy.appendChild(text);
}

/**
 * Standalone SVG markup of a rendered chart: CSS variables resolved to the current theme's
 * colours, the chart font set on the root, a background rectangle in the chart background colour,
 * XML namespaces set, and, when given, a caption line under the chart (see chartCaption).
 * @param svg a chart's live <svg> element (in the document, so styles compute).
 * @param underlay a canvas drawn under the SVG's content at the chart's size (a canvas heatmap
 *   whose labels are the SVG), embedded as a PNG image
 */
export function chartToSvgString(
  svg: SVGSVGElement,
  caption?: string,
  underlay?: HTMLCanvasElement,
): string {
  const copy = exportCopy(svg) as SVGSVGElement;
  // XMLSerializer writes xmlns for SVG-namespace elements itself (setting it again duplicates it).
  const size = chartSize(svg);
  const w = String(size.w);
  const h = String(size.h + (caption ? CAPTION_HEIGHT : 0));
  copy.setAttribute('width', w);
  copy.setAttribute('height', h);
  copy.setAttribute('viewBox', `0 0 ${w} ${h}`);
  if (caption) addCaption(svg, copy, caption, size.h);
  copy.removeAttribute('class');
  const bg = resolveCssVars('var(--chart-bg)', svg, '#ffffff');
  const rect = copy.ownerDocument.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg);
  copy.insertBefore(rect, copy.firstChild);
  if (underlay) {
    const img = copy.ownerDocument.createElementNS(SVG_NS, 'image');
    img.setAttribute('width', String(size.w));
    img.setAttribute('height', String(size.h));
    img.setAttribute('href', underlay.toDataURL('image/png'));
    img.setAttribute('data-role', 'underlay');
    rect.after(img);
  }
  // Hover-only parts are not part of the picture.
  copy
    .querySelectorAll('[data-role="hover-target"],[data-role="readout"]')
    .forEach((n) => n.remove());
  copy.setAttribute('font-family', resolveCssVars('var(--chart-font)', svg, 'sans-serif'));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/**
 * Rasterises a chart to a PNG blob at `scale` × its CSS size (2 for crisp slides), with the caption
 * line under it when given.
 * Browser only (needs Image and canvas).
 */
export function svgToPngBlob(
  svg: SVGSVGElement,
  scale = 2,
  caption?: string,
  underlay?: HTMLCanvasElement,
): Promise<Blob> {
  const markup = chartToSvgString(svg, caption, underlay);
  const { w, h: chartH } = chartSize(svg);
  const h = chartH + (caption ? CAPTION_HEIGHT : 0);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  return new Promise<Blob>((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        URL.revokeObjectURL(url);
        reject(new Error('svgToPngBlob: no 2D canvas context'));
        return;
      }
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      ctx.drawImage(img, 0, 0, w, h);
      URL.revokeObjectURL(url);
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('svgToPngBlob: toBlob failed'))),
        'image/png',
      );
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('svgToPngBlob: the SVG did not load as an image'));
    };
    img.src = url;
  });
}

/**
 * Saves a blob as a file download: a temporary `<a download>` pointing at an object URL, clicked
 * and removed; the URL is revoked once the browser has started the download.
 */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Convenience: the chart's standalone SVG as a Blob (see chartToSvgString). */
export function svgBlob(svg: SVGSVGElement, caption?: string, underlay?: HTMLCanvasElement): Blob {
  return new Blob([chartToSvgString(svg, caption, underlay)], {
    type: 'image/svg+xml;charset=utf-8',
  });
}

/** A chart found in the page: its <svg>, and the canvas under it for a canvas heatmap. */
export interface ExportableChart {
  svg: SVGSVGElement;
  underlay?: HTMLCanvasElement;
}

/**
 * The chart inside `container`: a canvas heatmap (its canvas, with the label <svg> beside it as the
 * picture's top layer) or else the first chart <svg> (class pl-chart, else any <svg>). Null when
 * there is none.
 */
export function findExportableChart(container: Element): ExportableChart | null {
  const canvas = container.querySelector<HTMLCanvasElement>('canvas.pl-heatmap-canvas');
  const overlay = canvas?.parentElement?.querySelector<SVGSVGElement>(':scope > svg');
  if (canvas && overlay) return { svg: overlay, underlay: canvas };
  const svg =
    container.querySelector<SVGSVGElement>('svg.pl-chart') ??
    container.querySelector<SVGSVGElement>('svg');
  return svg ? { svg } : null;
}
