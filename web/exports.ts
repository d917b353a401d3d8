/** Downloads: results as JSON, series as CSV (the CLI's series.csv), charts as SVG and PNG. */
import type { Results } from '../engine/results.ts';
import { seriesCsv } from '../present/csv.ts';

/** Saves a blob under `name` through a temporary link. */
export function download(name: string, blob: Blob): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

export const resultsJson = (r: Results): Blob => new Blob([`${JSON.stringify(r, null, 2)}\n`], { type: 'application/json' });
export const seriesBlob = (r: Results): Blob => new Blob([seriesCsv(r)], { type: 'text/csv' });

/** Styles the charts need outside the page, inlined so an exported SVG looks as it does here. */
const svgStyle = `
text { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
.axis text { font-size: 12px; fill: #333; } .axis-title { font-size: 13px; fill: #333; }
.axis path, .axis line { stroke: #333; fill: none; } .grid line { stroke: #eee; } .grid path { display: none; }
.zero { stroke: #999; } .cursor, .overlay, .hit { display: none; } .payback-label { font-size: 12px; fill: #006b4f; font-weight: 600; }
.share-label, .zero-label { font-size: 12px; fill: #333; font-weight: 600; }
.whisker line { stroke: #333; stroke-width: 1.2; }`;

/** A chart's SVG as a standalone file: namespaced, sized from its viewBox, on white, with its styles. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const vb = svg.viewBox.baseVal;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(vb.width));
  copy.setAttribute('height', String(vb.height));
  copy.removeAttribute('tabindex');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = svgStyle;
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#fff');
  copy.prepend(style, bg);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

export const svgBlob = (svg: SVGSVGElement): Blob => new Blob([svgText(svg)], { type: 'image/svg+xml' });

/** The chart drawn onto a canvas at `scale` times its size, as PNG. */
export function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const vb = svg.viewBox.baseVal;
  const url = URL.createObjectURL(svgBlob(svg));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(vb.width * scale);
      canvas.height = Math.round(vb.height * scale);
      const ctx = canvas.getContext('2d')!;
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, vb.width, vb.height);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not make a PNG'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the chart could not be drawn as an image'));
    };
    img.src = url;
  });
}

/** SVG and PNG buttons under a drawn chart (once; a redraw clears them with the chart). */
export function addExportButtons(host: HTMLElement): void {
  if (host.querySelector(':scope > .chart-exports')) return;
  const row = document.createElement('div');
  row.className = 'chart-exports';
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Export this chart');
  for (const kind of ['svg', 'png']) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.dataset.exportChart = kind;
    b.textContent = kind.toUpperCase();
    b.setAttribute('aria-label', `Export this chart as ${kind.toUpperCase()}`);
    row.append(b);
  }
  host.append(row);
}

/**
 * Handles every chart's export buttons under `root`: the file is named by
 * `nameFor` from the chart's host (its data-chart says which chart it is).
 */
export function handleChartExports(root: HTMLElement, nameFor: (host: HTMLElement) => string, onError: (message: string) => void): void {
  root.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-export-chart]');
    const host = b?.closest<HTMLElement>('.chart-host');
    const svg = host?.querySelector('svg');
    if (!b || !host || !svg) return;
    const name = nameFor(host);
    if (b.dataset.exportChart === 'svg') download(`${name}.svg`, svgBlob(svg));
    else
      pngBlob(svg)
        .then((blob) => download(`${name}.png`, blob))
        .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  });
}
