/**
 * The value of information from a PSA: a horizontal bar for the EVPPI of each
 * parameter, then of each named group, largest first within each, against a
 * line at the total EVPI (the most any of them can be worth). Names come from
 * the file and are set as text, never as markup.
 */
import * as d3 from 'd3';
import { money, okabeIto } from '../shape.ts';
import type { EvppiBar, EvppiChartData } from '../evppi-summary.ts';
import { frame, legend, margin, numbersTable } from './common.ts';
import { labelLines } from './tornado.ts';

const colours = { parameter: okabeIto.blue, group: okabeIto.vermillion } as const;
const WIDTH = 720;
const LEFT = 240;
/** Room right of the longest bar for its value. */
const VALUE_ROOM = 64;

const key = (b: EvppiBar): string => `${b.kind}:${b.name}`;
const shareText = (b: EvppiBar, evpi: number): string => (evpi > 0 ? `${d3.format('.0%')(b.share)} of the EVPI` : 'EVPI £0');

export function drawEvppi(host: HTMLElement, data: EvppiChartData): void {
  const rowH = 30;
  const f = frame(host, `Expected value of partial perfect information by parameter and group, largest first, against the total EVPI of ${money(data.evpi)}`, WIDTH, data.bars.length * rowH + margin.top + margin.bottom + 16);
  f.g.attr('transform', `translate(${LEFT},${margin.top + 16})`);
  const width = WIDTH - LEFT - margin.right - VALUE_ROOM;
  const top = d3.max(data.bars, (b) => b.evppi) ?? 0;
  const x = d3.scaleLinear().domain([0, Math.max(data.evpi, top, 1)]).nice().range([0, width]);
  const y = d3.scaleBand<string>().domain(data.bars.map(key)).range([0, data.bars.length * rowH]).padding(0.2);
  const plotH = y.range()[1];
  const labels = new Map(data.bars.map((b) => [key(b), b.kind === 'group' ? `group ${b.label}` : b.label]));

  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${plotH})`).call(d3.axisBottom(x).ticks(5).tickFormat((v) => money(Number(v))));
  f.g
    .append('g')
    .attr('class', 'axis y-axis')
    .call(d3.axisLeft(y).tickSizeOuter(0).tickFormat((k) => labels.get(k) ?? k))
    .selectAll<SVGTextElement, string>('.tick text')
    .each(function (k) {
      const lines = labelLines(labels.get(k) ?? k, 36);
      const text = d3.select(this).text(null);
      lines.forEach((line, i) => text.append('tspan').attr('x', -9).attr('dy', i === 0 ? `${0.32 - (lines.length - 1) * 0.6}em` : '1.2em').text(line));
    });
  f.g.append('text').attr('class', 'axis-title').attr('x', width / 2).attr('y', plotH + 38).attr('text-anchor', 'middle').text('EVPPI (£): the worth of knowing it for certain');

  const row = f.g.selectAll('g.row').data(data.bars).join('g').attr('class', 'row').attr('data-kind', (b) => b.kind).attr('transform', (b) => `translate(0,${y(key(b))})`);
  row
    .append('rect')
    .attr('class', (b) => `mark bar evppi-bar ${b.kind}`)
    .attr('width', (b) => Math.max(0, x(b.evppi)))
    .attr('height', y.bandwidth())
    .attr('fill', (b) => colours[b.kind])
    .append('title')
    .text((b) => `${labels.get(key(b))}: ${money(b.evppi)} (${shareText(b, data.evpi)}), s.e. ${money(b.se)}`);
  row
    .append('text')
    .attr('class', 'value')
    .attr('x', (b) => x(b.evppi) + 6)
    .attr('y', y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('font-size', 11)
    .attr('fill', '#000')
    .text((b) => money(b.evppi));

  const at = x(data.evpi);
  f.g.append('line').attr('class', 'evpi').attr('x1', at).attr('x2', at).attr('y1', -6).attr('y2', plotH).attr('stroke', okabeIto.black).attr('stroke-width', 1.5).attr('stroke-dasharray', '5 3');
  f.g.append('text').attr('class', 'evpi-label').attr('x', at).attr('y', -9).attr('text-anchor', at > width * 0.8 ? 'end' : 'middle').attr('font-size', 11).attr('fill', '#000').text(`EVPI ${money(data.evpi)}`);
  legend(host, [
    { label: 'one parameter', colour: colours.parameter, kind: 'area' },
    ...(data.bars.some((b) => b.kind === 'group') ? [{ label: 'a group, learnt together', colour: colours.group, kind: 'area' as const }] : []),
    { label: `total EVPI: ${money(data.evpi)}`, colour: okabeIto.black, kind: 'dash' },
  ]);
}

/** The same numbers as a table, readable without the chart. */
export function evppiTable(data: EvppiChartData): HTMLTableElement {
  const against = data.reference === 'do nothing' ? 'not funding' : data.reference;
  const table = numbersTable('paired evppi-table', `EVPPI of each parameter and group${data.draws ? ` from ${data.draws} draws` : ''}${against ? `, each option against ${against}` : ''}; total EVPI ${money(data.evpi)}.`, ['Parameter or group', 'EVPPI', '± s.e.', 'Share of EVPI']);
  const body = table.createTBody();
  for (const b of data.bars) {
    const tr = body.insertRow();
    tr.dataset.kind = b.kind;
    const cells = [`${b.rank}. ${b.kind === 'group' ? `group ${b.label}` : b.label}`, money(b.evppi), money(b.se), data.evpi > 0 ? d3.format('.0%')(b.share) : '–'];
    for (const c of cells) tr.insertCell().textContent = c;
  }
  return table;
}
