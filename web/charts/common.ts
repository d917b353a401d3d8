/** What every chart shares: an SVG frame with margins, titled axes, a legend and a keyboard-usable tooltip. */
import * as d3 from 'd3';
import type { BandPoint } from '../shape.ts';

export interface Frame {
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  g: d3.Selection<SVGGElement, unknown, null, undefined>;
  width: number;
  height: number;
}

export const margin = { top: 16, right: 24, bottom: 48, left: 72 };

/** Clears `host` and draws an empty SVG labelled for screen readers. */
export function frame(host: HTMLElement, label: string, width = 720, height = 340): Frame {
  host.replaceChildren();
  const svg = d3
    .select(host)
    .append('svg')
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', label)
    .attr('tabindex', 0)
    .attr('focusable', 'true');
  svg.append('title').text(label);
  const g = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  return { svg, g, width: width - margin.left - margin.right, height: height - margin.top - margin.bottom };
}

export function axes(f: Frame, x: d3.ScaleLinear<number, number>, y: d3.ScaleLinear<number, number>, xTitle: string, yTitle: string, yFormat: (v: number) => string): void {
  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${f.height})`).call(d3.axisBottom(x).ticks(Math.min(10, Math.ceil(x.domain()[1]))).tickFormat((v) => String(v)));
  f.g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).ticks(6).tickFormat((v) => yFormat(Number(v))));
  f.g.append('g').attr('class', 'grid').call(d3.axisLeft(y).ticks(6).tickSize(-f.width).tickFormat(() => '')).call((s) => s.select('.domain').remove());
  f.g.append('text').attr('class', 'axis-title').attr('x', f.width / 2).attr('y', f.height + 38).attr('text-anchor', 'middle').text(xTitle);
  f.g.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)').attr('x', -f.height / 2).attr('y', -58).attr('text-anchor', 'middle').text(yTitle);
}

export interface LegendItem {
  label: string;
  colour: string;
  kind: 'area' | 'line' | 'dash' | 'band';
}

/** A legend as HTML below the chart, so it wraps on narrow screens and prints cleanly. */
export function legend(host: HTMLElement, items: LegendItem[]): void {
  const ul = d3.select(host).append('ul').attr('class', 'legend');
  const li = ul.selectAll('li').data(items).join('li');
  li.append('span')
    .attr('class', (d) => `swatch ${d.kind}`)
    .style('--c', (d) => d.colour);
  li.append('span').text((d) => d.label);
}

/**
 * A tooltip that follows the pointer, or the arrow keys when the chart has
 * focus, snapping to the nearest x; `describe` gives its lines at an index.
 */
export function tooltip(host: HTMLElement, f: Frame, xs: number[], x: d3.ScaleLinear<number, number>, describe: (i: number) => string[]): void {
  const tip = d3.select(host).append('div').attr('class', 'tooltip').attr('role', 'status').attr('aria-live', 'polite').style('display', 'none');
  const rule = f.g.append('line').attr('class', 'cursor').attr('y1', 0).attr('y2', f.height).style('display', 'none');
  let at = -1;
  const show = (i: number): void => {
    at = Math.max(0, Math.min(xs.length - 1, i));
    const px = x(xs[at]);
    rule.attr('x1', px).attr('x2', px).style('display', null);
    tip.style('display', null).selectChildren().remove();
    describe(at).forEach((line, k) => tip.append('div').attr('class', k === 0 ? 'tip-head' : null).text(line));
    const vb = f.svg.node()!.viewBox.baseVal;
    const scale = (f.svg.node()!.clientWidth || vb.width) / vb.width;
    const left = (px + margin.left) * scale;
    tip.style('left', `${left}px`).style('top', `${margin.top * scale}px`).classed('flip', px > f.width / 2);
  };
  const hide = (): void => {
    rule.style('display', 'none');
    tip.style('display', 'none');
  };
  const nearest = (px: number): number => {
    const v = x.invert(px);
    let best = 0;
    xs.forEach((xv, i) => (Math.abs(xv - v) < Math.abs(xs[best] - v) ? (best = i) : 0));
    return best;
  };
  f.g.append('rect')
    .attr('class', 'overlay')
    .attr('width', f.width)
    .attr('height', f.height)
    .attr('fill', 'transparent')
    .on('pointermove', (ev: PointerEvent) => show(nearest(d3.pointer(ev)[0])))
    .on('pointerleave', hide);
  f.svg
    .on('keydown', (ev: KeyboardEvent) => {
      const step = ev.shiftKey ? 12 : 1;
      if (ev.key === 'ArrowRight') show(at < 0 ? 0 : at + step);
      else if (ev.key === 'ArrowLeft') show(at < 0 ? xs.length - 1 : at - step);
      else if (ev.key === 'Home') show(0);
      else if (ev.key === 'End') show(xs.length - 1);
      else if (ev.key === 'Escape') hide();
      else return;
      ev.preventDefault();
    })
    .on('blur', hide);
}

/** An interval as text, or nothing when there is none. */
export const within = (lo: number, hi: number, f: (v: number) => string): string => (Number.isFinite(lo) && lo !== hi ? ` (${f(lo)}–${f(hi)})` : '');

/** Path generators for a 95% band (lo to hi) and its mean line, on the given scales. */
export function bandPaths(x: d3.ScaleLinear<number, number>, y: d3.ScaleLinear<number, number>): { band: d3.Area<BandPoint>; mean: d3.Line<BandPoint> } {
  return {
    band: d3.area<BandPoint>().x((d) => x(d.x)).y0((d) => y(d.lo)).y1((d) => y(d.hi)),
    mean: d3.line<BandPoint>().x((d) => x(d.x)).y((d) => y(d.mean)),
  };
}

/** A table with a caption and a header row of column titles, for the numbers behind a chart. */
export function numbersTable(className: string, caption: string, columns: readonly string[]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = className;
  table.createCaption().textContent = caption;
  const head = table.createTHead().insertRow();
  for (const t of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t;
    head.append(th);
  }
  return table;
}

/**
 * A period end `t` (years from the start) for a tooltip, counted as the
 * headline cards count years (year 1 is the first): t = 4.58, the end of the
 * 55th month, is "year 5, month 7". A whole year reads "year 5, month 12".
 */
export function yearMonth(t: number): string {
  const m = Math.max(1, Math.round(t * 12));
  return `year ${Math.ceil(m / 12)}, month ${((m - 1) % 12) + 1}`;
}
