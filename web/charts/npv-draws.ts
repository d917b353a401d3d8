/** The NPV across parameter draws: a histogram of each draw's expected NPV, with £0 marked and the share of draws above it written on the chart. */
import * as d3 from 'd3';
import { money, num, okabeIto, pct, type NpvDrawsShape } from '../shape.ts';
import { frame, legend, tooltip } from './common.ts';

export const npvDrawColours = { below: okabeIto.vermillion, above: okabeIto.blue } as const;

export function drawNpvDraws(host: HTMLElement, data: NpvDrawsShape): void {
  const above = `NPV above £0 in ${pct(data.probPositive)} of ${num(data.draws, 0)} parameter draws`;
  const f = frame(host, `Distribution of the net present value across parameter draws (each draw's expected NPV); ${above}`, 720, 300);
  const bins = data.bins;
  const lo = Math.min(0, bins[0].from);
  const hi = Math.max(0, bins[bins.length - 1].to);
  // One bin of no width (every draw the same): give the axis some room around it.
  const pad = hi > lo ? 0 : Math.max(1, Math.abs(lo) * 0.1);
  const x = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([0, f.width]);
  const top = d3.max(bins, (b) => b.count) ?? 1;
  const y = d3.scaleLinear().domain([0, Math.max(1, top) * 1.15]).nice().range([f.height, 0]);
  const yTicks = y.ticks(Math.min(6, Math.max(1, Math.ceil(y.domain()[1])))).filter(Number.isInteger);

  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${f.height})`).call(d3.axisBottom(x).ticks(6).tickFormat((v) => money(Number(v))));
  f.g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).tickValues(yTicks).tickFormat((v) => num(Number(v), 0)));
  f.g.append('g').attr('class', 'grid').call(d3.axisLeft(y).tickValues(yTicks).tickSize(-f.width).tickFormat(() => '')).call((s) => s.select('.domain').remove());
  f.g.append('text').attr('class', 'axis-title').attr('x', f.width / 2).attr('y', f.height + 38).attr('text-anchor', 'middle').text('Net present value of a parameter draw (its expected NPV), £');
  f.g.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)').attr('x', -f.height / 2).attr('y', -50).attr('text-anchor', 'middle').text('Parameter draws');

  const width = (b: (typeof bins)[number]): number => Math.max(2, x(b.to) - x(b.from) - 1);
  f.g.append('g')
    .attr('class', 'bins')
    .selectAll('rect')
    .data(bins)
    .join('rect')
    .attr('class', (b) => `mark bin ${b.from >= 0 ? 'above' : 'below'}`)
    .attr('x', (b) => (b.to > b.from ? x(b.from) + 0.5 : x(b.from) - 1))
    .attr('width', (b) => (b.to > b.from ? width(b) : 2))
    .attr('y', (b) => y(b.count))
    .attr('height', (b) => f.height - y(b.count))
    .attr('fill', (b) => (b.from >= 0 ? npvDrawColours.above : npvDrawColours.below))
    .attr('fill-opacity', 0.85);

  const x0 = x(0);
  f.g.append('line').attr('class', 'mark zero-npv').attr('x1', x0).attr('x2', x0).attr('y1', 0).attr('y2', f.height).attr('stroke', okabeIto.black).attr('stroke-width', 2).attr('stroke-dasharray', '5 3');
  const right = x0 < f.width / 2;
  f.g.append('text').attr('class', 'zero-label').attr('x', x0 + (right ? 6 : -6)).attr('y', 12).attr('text-anchor', right ? 'start' : 'end').text('NPV = £0');
  // The share, written where £0 leaves the most room.
  f.g.append('text').attr('class', 'share-label').attr('x', right ? f.width : 0).attr('y', -2).attr('text-anchor', right ? 'end' : 'start').text(above);

  legend(host, [
    { label: 'draws with NPV below £0', colour: npvDrawColours.below, kind: 'area' },
    { label: 'draws with NPV of £0 or more', colour: npvDrawColours.above, kind: 'area' },
    { label: 'NPV = £0', colour: okabeIto.black, kind: 'dash' },
  ]);
  const mids = bins.map((b) => (b.from + b.to) / 2);
  tooltip(host, f, mids, x, (i) => {
    const b = bins[i];
    return [b.to > b.from ? `${money(b.from)} to ${money(b.to)}` : money(b.from), `${num(b.count, 0)} of ${num(data.draws, 0)} draws (${pct(b.count / data.draws)})`];
  });
}
