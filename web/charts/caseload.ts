/**
 * Caseload against capacity: the weighted caseload (its band named by
 * `bands`), the weighted demand (caseload plus those waiting) and the staffed
 * capacity, all in weighted places, on one axis.
 */
import * as d3 from 'd3';
import { axisPeople, okabeIto, pct, people, type CaseloadShape } from '../shape.ts';
import { axes, bandPaths, frame, legend, tooltip, within, yearMonth, type LegendItem } from './common.ts';

export function drawCaseload(host: HTMLElement, data: CaseloadShape, bands = '95% interval'): void {
  const f = frame(host, 'Weighted caseload and weighted demand against the staffed capacity over time, in weighted places', 600, 330);
  const xs = data.weightedBand.map((p) => p.x);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const top = d3.max([...data.weightedBand.map((p) => p.hi), ...data.capacity.map((p) => p.y), ...data.demand.map((p) => p.y)]) ?? 1;
  const y = d3.scaleLinear().domain([0, Math.max(1, top) * 1.05]).nice().range([f.height, 0]);
  axes(f, x, y, 'Years from start', 'Weighted places', axisPeople);
  const { band, mean } = bandPaths(x, y);
  // Periods the books were closed, shaded by the share of the period they were closed (mean over replications).
  const closed = data.booksClosed ?? [];
  if (closed.length) {
    f.g.append('g').attr('class', 'books-closed').selectAll('rect').data(closed).join('rect')
      .attr('class', 'mark closed').attr('x', (d) => x(d.from)).attr('width', (d) => Math.max(0.5, x(d.to) - x(d.from))).attr('y', 0).attr('height', f.height)
      .attr('fill', okabeIto.black).attr('fill-opacity', (d) => 0.04 + 0.16 * d.share);
  }
  const line = d3
    .line<{ x: number; y: number }>()
    .x((d) => x(d.x))
    .y((d) => y(d.y));
  f.g.append('path').datum(data.weightedBand).attr('class', 'mark band weighted-band').attr('fill', okabeIto.blue).attr('fill-opacity', 0.2).attr('d', band);
  if (data.demand.length) f.g.append('path').datum(data.demand).attr('class', 'mark demand').attr('fill', 'none').attr('stroke', okabeIto.orange).attr('stroke-width', 2).attr('stroke-dasharray', '3 3').attr('d', line);
  f.g.append('path').datum(data.weightedBand).attr('class', 'mark weighted').attr('fill', 'none').attr('stroke', okabeIto.blue).attr('stroke-width', 2.5).attr('d', mean);
  if (data.capacity.length) f.g.append('path').datum(data.capacity).attr('class', 'mark capacity').attr('fill', 'none').attr('stroke', okabeIto.vermillion).attr('stroke-width', 2.5).attr('stroke-dasharray', '8 4').attr('d', line);

  const items: LegendItem[] = [
    { label: 'weighted caseload, mean', colour: okabeIto.blue, kind: 'line' },
    { label: bands, colour: okabeIto.blue, kind: 'band' },
    ...(data.demand.length ? [{ label: 'weighted demand (caseload + waiting)', colour: okabeIto.orange, kind: 'dash' as const }] : []),
    { label: 'staffed capacity', colour: okabeIto.vermillion, kind: 'dash' },
    ...(closed.length ? [{ label: 'books closed (darker: closed for more of the period)', colour: okabeIto.black, kind: 'band' as const }] : []),
  ];
  legend(host, items);
  const capAt = new Map(data.capacity.map((p) => [p.x, p.y]));
  const demandAt = new Map(data.demand.map((p) => [p.x, p.y]));
  const closedAt = new Map(closed.map((p) => [p.to, p.share]));
  tooltip(host, f, xs, x, (i) => {
    const w = data.weightedBand[i];
    const cap = capAt.get(w.x);
    const dem = demandAt.get(w.x);
    return [
      yearMonth(w.x),
      `weighted caseload: ${people(w.mean)}${within(w.lo, w.hi, people)}`,
      ...(dem !== undefined ? [`weighted demand: ${people(dem)}`] : []),
      ...(cap !== undefined ? [`capacity: ${people(cap)}${dem !== undefined ? ` (${Math.round((100 * dem) / cap)}% of it demanded)` : ''}`] : []),
      ...(closedAt.has(w.x) ? [`books closed: ${pct(closedAt.get(w.x)!)} of the period`] : []),
    ];
  });
}
