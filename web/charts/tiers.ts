/** Open cases by tier over time, in people: stacked areas and the band on the total (its interval named by `bands`). */
import * as d3 from 'd3';
import { axisPeople, okabeIto, people, tierColours, type CaseloadShape } from '../shape.ts';
import { axes, frame, legend, tooltip, within, yearMonth, type LegendItem } from './common.ts';

export function drawTiers(host: HTMLElement, data: CaseloadShape, bands = '95% interval'): void {
  const f = frame(host, 'Open cases by tier over time, in people', 600, 330);
  const xs = data.rows.map((r) => r.t);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const top = d3.max(data.total.map((p) => p.hi)) ?? 1;
  const y = d3.scaleLinear().domain([0, Math.max(1, top) * 1.05]).nice().range([f.height, 0]);
  const colour = d3.scaleOrdinal<string, string>().domain(data.keys).range(tierColours);
  axes(f, x, y, 'Years from start', 'People (open cases)', axisPeople);

  const stacked = d3.stack<Record<string, number> & { t: number }>().keys(data.keys)(data.rows);
  const area = d3
    .area<d3.SeriesPoint<Record<string, number> & { t: number }>>()
    .x((d) => x(d.data.t))
    .y0((d) => y(d[0]))
    .y1((d) => y(d[1]));
  f.g.append('g').attr('class', 'layers').selectAll('path').data(stacked).join('path').attr('class', 'mark tier').attr('data-tier', (d) => d.key).attr('fill', (d) => colour(d.key)).attr('fill-opacity', 0.85).attr('d', area);
  const band = d3
    .area<(typeof data.total)[number]>()
    .x((d) => x(d.x))
    .y0((d) => y(d.lo))
    .y1((d) => y(d.hi));
  f.g.append('path').datum(data.total).attr('class', 'mark band').attr('fill', okabeIto.black).attr('fill-opacity', 0.18).attr('d', band);
  const line = d3
    .line<{ x: number; y: number }>()
    .x((d) => x(d.x))
    .y((d) => y(d.y));
  f.g.append('path').datum(data.total.map((p) => ({ x: p.x, y: p.mean }))).attr('class', 'mark total').attr('fill', 'none').attr('stroke', okabeIto.black).attr('stroke-width', 1.5).attr('d', line);

  const items: LegendItem[] = [...data.keys.map((k) => ({ label: k, colour: colour(k), kind: 'area' as const })), { label: `total open cases, ${bands}`, colour: okabeIto.black, kind: 'band' }];
  legend(host, items);
  tooltip(host, f, xs, x, (i) => {
    const t = data.total[i];
    return [yearMonth(xs[i]), ...data.keys.map((k) => `${k}: ${people(data.rows[i][k])}`), `total: ${people(t.mean)}${within(t.lo, t.hi, people)}`];
  });
}
