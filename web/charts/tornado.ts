/**
 * A tornado chart of one metric from a sweep's tornado.csv: for each
 * parameter, bars from the base to the metric at the parameter's low and at
 * its high input, largest swing first. A value not reached within the horizon
 * (an empty cell) runs to the end of the axis, into a grey zone labelled so,
 * rather than being drawn at a made-up number.
 */
import * as d3 from 'd3';
import { money, okabeIto } from '../shape.ts';
import type { TornadoCsvRow } from '../../engine/sweep/tornado-csv.ts';
import { frame, legend, margin, numbersTable } from './common.ts';

const tornadoColours = { low: okabeIto.skyBlue, high: okabeIto.orange } as const;
const NOT_WITHIN = 'not within horizon';
const WIDTH = 720;
const LEFT = 220;
/** Width of the zone past the axis where values not within the horizon end. */
const BEYOND = 112;

/** A metric value as text: as the CLI prints money where the metric is in pounds, else a plain number. */
export function metricFormat(metric: string): { full: (v: number | null) => string; tick: (v: number) => string } {
  const plain = (v: number): string => (v < 0 ? '−' : '') + d3.format(',.4~r')(Math.abs(v));
  const f = metric.includes('£') ? money : plain;
  return { full: (v) => (v === null ? NOT_WITHIN : f(v)), tick: f };
}

/** A parameter label in at most two lines that fit the label column; the full text is in the bars' titles. */
export function labelLines(s: string, max = 32): string[] {
  const clip = (t: string): string => (t.length > max ? `${t.slice(0, max - 1)}…` : t);
  if (s.length <= max) return [s];
  const cut = s.lastIndexOf(' ', max);
  return cut > 0 ? [s.slice(0, cut), clip(s.slice(cut + 1))] : [clip(s)];
}

export function drawTornado(host: HTMLElement, rows: TornadoCsvRow[], metric: string): void {
  const fmt = metricFormat(metric);
  const rowH = 34;
  const f = frame(host, `Tornado chart of ${metric}: the metric at each parameter's low and high input, from the base, largest swing first`, WIDTH, rows.length * rowH + margin.top + margin.bottom + 8);
  f.g.attr('transform', `translate(${LEFT},${margin.top})`);
  const width = WIDTH - LEFT - margin.right;
  const values = rows.flatMap((r) => [r.low, r.high, r.base]).filter((v): v is number => v !== null);
  const beyond = values.length < rows.length * 3;
  const numericW = beyond ? width - BEYOND : width;
  const lo = d3.min(values) ?? 0;
  const hi = d3.max(values) ?? 1;
  // One value alone still gets a readable span (a payback year of 9: 8 to 10).
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(1, Math.abs(hi) * 0.05);
  const x = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([0, numericW]);
  const at = (v: number | null): number => (v === null ? width : x(v));
  const base = rows.find((r) => r.base !== null)?.base ?? null;
  const y = d3.scaleBand<string>().domain(rows.map((r) => r.parameter)).range([0, f.height]).padding(0.25);
  const plotH = y.range()[1];

  if (beyond) {
    const zone = f.g.append('g').attr('class', 'beyond-zone').attr('transform', `translate(${numericW + 8},0)`);
    zone.append('rect').attr('width', BEYOND - 8).attr('height', plotH).attr('fill', '#efefef');
    zone.append('text').attr('class', 'axis-note').attr('x', (BEYOND - 8) / 2).attr('y', plotH + 16).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', '#333').text('not within');
    zone.append('text').attr('class', 'axis-note').attr('x', (BEYOND - 8) / 2).attr('y', plotH + 30).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', '#333').text('the horizon');
  }
  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${plotH})`).call(d3.axisBottom(x).ticks(5).tickFormat((v) => fmt.tick(Number(v))));
  f.g
    .append('g')
    .attr('class', 'axis y-axis')
    .call(d3.axisLeft(y).tickSizeOuter(0))
    .selectAll<SVGTextElement, string>('.tick text')
    .each(function (d) {
      const lines = labelLines(d);
      const text = d3.select(this).text(null);
      lines.forEach((line, i) => text.append('tspan').attr('x', -9).attr('dy', i === 0 ? `${0.32 - (lines.length - 1) * 0.6}em` : '1.2em').text(line));
    });
  f.g.append('text').attr('class', 'axis-title').attr('x', numericW / 2).attr('y', plotH + 38).attr('text-anchor', 'middle').text(metric);

  const row = f.g.selectAll('g.row').data(rows).join('g').attr('class', 'row').attr('data-parameter', (d) => d.parameter).attr('transform', (d) => `translate(0,${y(d.parameter)})`);
  row.each(function (d) {
    // The longer bar first, so a shorter one on the same side stays visible on top.
    const sides = (['low', 'high'] as const).slice().sort((a, b) => Math.abs(at(d[b]) - at(base)) - Math.abs(at(d[a]) - at(base)));
    const g = d3.select(this);
    for (const side of sides) {
      const input = side === 'low' ? d.lowInput : d.highInput;
      g.append('rect')
        .attr('class', `mark bar ${side}${d[side] === null ? ' beyond' : ''}`)
        .attr('data-side', side)
        .attr('x', Math.min(at(d[side]), at(base)))
        .attr('width', Math.abs(at(d[side]) - at(base)))
        .attr('height', y.bandwidth())
        .attr('fill', tornadoColours[side])
        .attr('stroke', d[side] === null ? okabeIto.black : 'none')
        .attr('stroke-dasharray', '4 3')
        .append('title')
        .text(`${d.parameter} at its ${side} input${input ? ` (${input})` : ''}: ${fmt.full(d[side])} (base ${fmt.full(base)})`);
    }
    // A bar that runs into the zone is labelled there. With the base in the zone too, an empty side is
    // no change from it; a row empty on both sides is said in words, as it has no bar to show.
    const label = (x: number, anchor: string, text: string): unknown =>
      g.append('text').attr('class', 'beyond-label').attr('x', x).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', anchor).attr('font-size', 11).attr('fill', '#000').text(text);
    if ((d.low === null || d.high === null) && base !== null) label(width - (BEYOND - 8) / 2, 'middle', NOT_WITHIN);
    else if (d.low === null && d.high === null) label(numericW, 'end', `${NOT_WITHIN} at either input`);
  });
  f.g.append('line').attr('class', 'base').attr('x1', at(base)).attr('x2', at(base)).attr('y1', 0).attr('y2', plotH).attr('stroke', okabeIto.black).attr('stroke-width', 1.5);
  legend(host, [
    { label: 'parameter at its low input', colour: tornadoColours.low, kind: 'area' },
    { label: 'parameter at its high input', colour: tornadoColours.high, kind: 'area' },
    { label: `base: ${fmt.full(base)}`, colour: okabeIto.black, kind: 'line' },
  ]);
}

/** The same numbers as a table: what the chart shows, readable without it. */
export function tornadoTable(rows: TornadoCsvRow[], metric: string): HTMLTableElement {
  const fmt = metricFormat(metric);
  const inputs = rows.some((r) => r.lowInput !== undefined || r.highInput !== undefined);
  const columns = ['Parameter', ...(inputs ? ['Low input'] : []), 'At low', ...(inputs ? ['High input'] : []), 'At high', 'Swing'];
  const table = numbersTable('paired tornado-table', `${metric} at each parameter's low and high input; base ${fmt.full(rows.find((r) => r.base !== null)?.base ?? null)}.`, columns);
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    const swing = r.low === null || r.high === null ? '–' : fmt.full(Math.abs(r.high - r.low));
    const cells = [r.parameter, ...(inputs ? [r.lowInput ?? ''] : []), fmt.full(r.low), ...(inputs ? [r.highInput ?? ''] : []), fmt.full(r.high), swing];
    for (const c of cells) tr.insertCell().textContent = c;
  }
  return table;
}
