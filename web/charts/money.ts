/** Cumulative discounted cost against savings by year, with bands (the interval named by `bands`) and the payback point and its interval. */
import * as d3 from 'd3';
import { money, num, okabeIto, type BandPoint, type MoneyShape } from '../shape.ts';
import { axes, frame, legend, tooltip, within, type LegendItem, bandPaths } from './common.ts';

export function drawMoney(host: HTMLElement, data: MoneyShape, bands = '95% interval'): void {
  const f = frame(host, 'Cumulative discounted programme cost against savings to public services, by year');
  const xs = data.costs.map((p) => p.x);
  const x = d3.scaleLinear().domain([0, d3.max(xs) ?? 1]).range([0, f.width]);
  const all = [...data.costs, ...data.savings].flatMap((p) => [p.lo, p.hi, p.mean]).filter(Number.isFinite);
  const y = d3.scaleLinear().domain([Math.min(0, d3.min(all) ?? 0), Math.max(1, d3.max(all) ?? 1) * 1.05]).nice().range([f.height, 0]);
  axes(f, x, y, 'Year', '£, present value (cumulative)', money);
  f.g.append('line').attr('class', 'zero').attr('x1', 0).attr('x2', f.width).attr('y1', y(0)).attr('y2', y(0));

  const p = data.payback;
  if (p.probWithinHorizon > 0 && Number.isFinite(p.lo) && Number.isFinite(p.hi)) {
    f.g.append('rect').attr('class', 'mark payback-interval').attr('x', x(p.lo)).attr('width', Math.max(2, x(p.hi) - x(p.lo))).attr('y', 0).attr('height', f.height).attr('fill', okabeIto.green).attr('fill-opacity', 0.12);
  }
  if (p.median !== null) {
    f.g.append('line').attr('class', 'mark payback').attr('x1', x(p.median)).attr('x2', x(p.median)).attr('y1', 0).attr('y2', f.height).attr('stroke', okabeIto.green).attr('stroke-width', 2);
    f.g.append('text').attr('class', 'payback-label').attr('x', x(p.median) + 4).attr('y', 12).text(`payback, year ${num(p.median, 0)}`);
  }

  const series: Array<{ name: string; pts: BandPoint[]; colour: string; dash: string }> = [
    { name: 'cost', pts: data.costs, colour: okabeIto.vermillion, dash: '' },
    { name: 'savings', pts: data.savings, colour: okabeIto.blue, dash: '6 3' },
  ];
  for (const s of series) {
    f.g.append('path').datum(s.pts).attr('class', `mark band ${s.name}`).attr('fill', s.colour).attr('fill-opacity', 0.2).attr('d', bandPaths(x, y).band);
    f.g.append('path').datum(s.pts).attr('class', `mark line ${s.name}`).attr('fill', 'none').attr('stroke', s.colour).attr('stroke-width', 2.5).attr('stroke-dasharray', s.dash).attr('d', bandPaths(x, y).mean);
    f.g.append('g').selectAll('circle').data(s.pts).join('circle').attr('class', `mark point ${s.name}`).attr('cx', (d) => x(d.x)).attr('cy', (d) => y(d.mean)).attr('r', 3).attr('fill', s.colour);
  }
  const items: LegendItem[] = [
    { label: 'cumulative programme cost', colour: okabeIto.vermillion, kind: 'line' },
    { label: 'cumulative savings', colour: okabeIto.blue, kind: 'dash' },
    { label: `${bands}s`, colour: '#888888', kind: 'band' },
  ];
  items.push(
    p.probWithinHorizon > 0
      ? { label: 'payback year (median) and its interval', colour: okabeIto.green, kind: 'line' }
      : { label: 'no payback within the horizon', colour: okabeIto.green, kind: 'band' },
  );
  legend(host, items);
  tooltip(host, f, xs, x, (i) => [
    `Year ${xs[i]}`,
    `cost: ${money(data.costs[i].mean)}${within(data.costs[i].lo, data.costs[i].hi, money)}`,
    `savings: ${money(data.savings[i].mean)}${within(data.savings[i].lo, data.savings[i].hi, money)}`,
    `net: ${money(data.savings[i].mean - data.costs[i].mean)}`,
  ]);
}
