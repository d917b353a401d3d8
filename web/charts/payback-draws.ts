/** The chance of payback by year: for each year, the share of parameter draws whose expected cumulative discounted savings have reached cumulative cost. */
import * as d3 from 'd3';
import { num, okabeIto, pct, type PaybackDrawsShape } from '../shape.ts';
import { frame, legend, tooltip } from './common.ts';

export function drawPaybackDraws(host: HTMLElement, data: PaybackDrawsShape): void {
  const H = data.years.length;
  const f = frame(host, `Chance of having paid back by each year: the share of ${num(data.draws, 0)} parameter draws; ${pct(data.share[H - 1])} by year ${H}`, 720, 280);
  const x = d3.scaleLinear().domain([0.5, H + 0.5]).range([0, f.width]);
  const y = d3.scaleLinear().domain([0, 1]).range([f.height, 0]);
  const every = Math.ceil(H / 15);
  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${f.height})`).call(d3.axisBottom(x).tickValues(data.years.filter((yr) => (yr - 1) % every === 0)).tickFormat((v) => String(v)));
  f.g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).ticks(5).tickFormat((v) => pct(Number(v))));
  f.g.append('g').attr('class', 'grid').call(d3.axisLeft(y).ticks(5).tickSize(-f.width).tickFormat(() => '')).call((s) => s.select('.domain').remove());
  f.g.append('text').attr('class', 'axis-title').attr('x', f.width / 2).attr('y', f.height + 38).attr('text-anchor', 'middle').text('Year');
  f.g.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)').attr('x', -f.height / 2).attr('y', -58).attr('text-anchor', 'middle').text('Draws paid back by then');

  const rows = data.years.map((year, i) => ({ year, share: data.share[i] }));
  const w = Math.max(2, (x(1.5) - x(0.5)) * 0.7);
  f.g.append('g')
    .attr('class', 'years')
    .selectAll('rect')
    .data(rows)
    .join('rect')
    .attr('class', 'mark year-bar')
    .attr('x', (d) => x(d.year) - w / 2)
    .attr('width', w)
    .attr('y', (d) => y(d.share))
    .attr('height', (d) => f.height - y(d.share))
    .attr('fill', okabeIto.green)
    .attr('fill-opacity', 0.85);
  if (H <= 20) {
    f.g.append('g')
      .attr('class', 'share-labels')
      .selectAll('text')
      .data(rows)
      .join('text')
      .attr('class', 'share-label')
      .attr('x', (d) => x(d.year))
      .attr('y', (d) => y(d.share) - 4)
      .attr('text-anchor', 'middle')
      .text((d) => pct(d.share));
  }
  f.g.append('line').attr('class', 'mark half').attr('x1', 0).attr('x2', f.width).attr('y1', y(0.5)).attr('y2', y(0.5)).attr('stroke', okabeIto.black).attr('stroke-dasharray', '4 4');

  legend(host, [
    { label: 'share of parameter draws paid back by the end of the year', colour: okabeIto.green, kind: 'area' },
    { label: 'half of the draws', colour: okabeIto.black, kind: 'dash' },
  ]);
  tooltip(host, f, data.years, x, (i) => [`Year ${data.years[i]}`, `paid back: ${pct(data.share[i])} of ${num(data.draws, 0)} draws`]);
}
