/** Utilisation by service: weighted load over staffed capacity by period, one line per service, 100% (full) marked. */
import * as d3 from 'd3';
import { okabeIto, people, pct, tierColours, type UtilisationShape } from '../shape.ts';
import { axes, frame, legend, tooltip, within, yearMonth } from './common.ts';

export function drawUtilisation(host: HTMLElement, data: UtilisationShape): void {
  const f = frame(host, 'Utilisation of each service over time: weighted load as a share of staffed capacity', 600, 330);
  const xs = data.t;
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const top = d3.max(data.services.flatMap((s) => s.utilisation.map((p) => p.mean))) ?? 1;
  const y = d3.scaleLinear().domain([0, Math.max(1.1, top * 1.05)]).nice().range([f.height, 0]);
  axes(f, x, y, 'Years from start', 'Weighted load ÷ capacity', (v) => pct(v));
  const colour = d3.scaleOrdinal<string, string>().domain(data.services.map((s) => s.name)).range(tierColours);
  f.g.append('line').attr('class', 'full').attr('x1', 0).attr('x2', f.width).attr('y1', y(1)).attr('y2', y(1)).attr('stroke', okabeIto.vermillion).attr('stroke-width', 1.5).attr('stroke-dasharray', '8 4');
  f.g.append('text').attr('class', 'full-label').attr('x', f.width - 4).attr('y', y(1) - 5).attr('text-anchor', 'end').text('full (100%)');
  const line = d3
    .line<{ x: number; mean: number }>()
    .defined((d) => Number.isFinite(d.mean))
    .x((d) => x(d.x))
    .y((d) => y(d.mean));
  f.g.append('g').attr('class', 'services').selectAll('path').data(data.services).join('path').attr('class', 'mark service').attr('data-service', (d) => d.name).attr('fill', 'none').attr('stroke', (d) => colour(d.name)).attr('stroke-width', 2).attr('d', (d) => line(d.utilisation));
  legend(host, [...data.services.map((s) => ({ label: s.name, colour: colour(s.name), kind: 'line' as const })), { label: 'full: load equals capacity', colour: okabeIto.vermillion, kind: 'dash' }]);
  tooltip(host, f, xs, x, (i) => [
    yearMonth(xs[i]),
    ...data.services.map((s) => {
      const p = s.utilisation.find((u) => u.x === xs[i]);
      return p ? `${s.name}: ${pct(p.mean)}${within(p.lo, p.hi, pct)} (${people(s.load[i])} of ${people(s.capacity[i])})` : `${s.name}: –`;
    }),
  ]);
}
