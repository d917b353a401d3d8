/** Open caseload by tier over time: stacked areas, the band on the total (its interval named by `bands`), weighted caseload and staffed capacity. */
import * as d3 from 'd3';
import { axisPeople, okabeIto, people, tierColours, type CaseloadShape } from '../shape.ts';
import { axes, frame, legend, tooltip, within, type LegendItem } from './common.ts';

export function drawCaseload(host: HTMLElement, data: CaseloadShape, bands = '95% interval'): void {
  const f = frame(host, 'Open caseload by tier over time, in people, with the staffed capacity in weighted places');
  const xs = data.rows.map((r) => r.t);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const top = d3.max([...data.total.map((p) => p.hi), ...data.capacity.map((p) => p.y), ...data.weighted.map((p) => p.y)]) ?? 1;
  const y = d3.scaleLinear().domain([0, top * 1.05]).nice().range([f.height, 0]);
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
  f.g.append('path').datum(data.weighted).attr('class', 'mark weighted').attr('fill', 'none').attr('stroke', okabeIto.purple).attr('stroke-width', 2).attr('stroke-dasharray', '2 3').attr('d', line);
  if (data.capacity.length) f.g.append('path').datum(data.capacity).attr('class', 'mark capacity').attr('fill', 'none').attr('stroke', okabeIto.vermillion).attr('stroke-width', 2.5).attr('stroke-dasharray', '8 4').attr('d', line);

  const items: LegendItem[] = [
    ...data.keys.map((k) => ({ label: k, colour: colour(k), kind: 'area' as const })),
    { label: `total open cases, ${bands}`, colour: okabeIto.black, kind: 'band' },
    { label: 'weighted caseload', colour: okabeIto.purple, kind: 'dash' },
    { label: 'staffed capacity (weighted places)', colour: okabeIto.vermillion, kind: 'dash' },
  ];
  legend(host, items);
  tooltip(host, f, xs, x, (i) => {
    const t = data.total[i];
    return [
      `Year ${xs[i].toFixed(2)}`,
      ...data.keys.map((k) => `${k}: ${people(data.rows[i][k])}`),
      `total: ${people(t.mean)}${within(t.lo, t.hi, people)}`,
      `weighted: ${people(data.weighted[i].y)}`,
      ...(data.capacity[i] ? [`capacity: ${people(data.capacity[i].y)}`] : []),
    ];
  });
}
