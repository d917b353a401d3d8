/** Who pays and who benefits: diverging bars by agency, costs left and savings right, net marker, whiskers (the interval named by `bands`). */
import * as d3 from 'd3';
import { money, okabeIto } from '../shape.ts';
import { frame, legend, margin } from './common.ts';

export interface AgencyRow {
  agency: string;
  label: string;
  costs: { mean: number; lo: number; hi: number };
  savings: { mean: number; lo: number; hi: number };
  net: { mean: number; lo: number; hi: number };
}

const fin = (x: number, fallback: number): number => (Number.isFinite(x) ? x : fallback);

export function drawAgency(host: HTMLElement, rows: AgencyRow[], bands = '95% interval'): void {
  const height = Math.max(220, 70 + rows.length * 44);
  const f = frame(host, `Present-value costs and savings by agency, with net and ${bands}s`, 720, height);
  // Room for agency names on the left.
  const left = 150 - margin.left;
  const width = f.width - left;
  const g = f.g.append('g').attr('transform', `translate(${left},0)`);
  const lo = d3.min(rows, (r) => Math.min(-fin(r.costs.hi, r.costs.mean), fin(r.savings.lo, r.savings.mean), r.net.mean)) ?? -1;
  const hi = d3.max(rows, (r) => Math.max(fin(r.savings.hi, r.savings.mean), r.net.mean, 0)) ?? 1;
  // Room either side for the value labels at the bars' ends.
  const pad = (Math.max(hi, 0) - Math.min(lo, 0)) * 0.18;
  const x = d3.scaleLinear().domain([Math.min(lo, 0) - (lo < 0 ? 1.6 * pad : 0), Math.max(hi, 0) + pad]).nice().range([0, width]);
  const y = d3.scaleBand<string>().domain(rows.map((r) => r.agency)).range([0, f.height]).padding(0.25);
  g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${f.height})`).call(d3.axisBottom(x).ticks(6).tickFormat((v) => money(Number(v))));
  g.append('g').attr('class', 'grid').attr('transform', `translate(0,${f.height})`).call(d3.axisBottom(x).ticks(6).tickSize(-f.height).tickFormat(() => '')).call((s) => s.select('.domain').remove());
  g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).tickFormat((a) => rows.find((r) => r.agency === a)?.label ?? a));
  g.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', 0).attr('y2', f.height);
  g.append('text').attr('class', 'axis-title').attr('x', width / 2).attr('y', f.height + 38).attr('text-anchor', 'middle').text('Present value, £ (← costs · savings →)');

  const half = y.bandwidth() / 2;
  const row = g.selectAll<SVGGElement, AgencyRow>('g.row').data(rows).join('g').attr('class', 'row').attr('transform', (d) => `translate(0,${y(d.agency)})`);
  const bar = (sel: typeof row, cls: string, v: (d: AgencyRow) => number, off: number, colour: string): void => {
    sel.append('rect')
      .attr('class', `mark ${cls}`)
      .attr('x', (d) => Math.min(x(0), x(v(d))))
      .attr('width', (d) => Math.abs(x(v(d)) - x(0)))
      .attr('y', off)
      .attr('height', half - 1)
      .attr('fill', colour);
  };
  bar(row, 'cost', (d) => -d.costs.mean, 0, okabeIto.vermillion);
  bar(row.filter((d) => d.savings.mean >= 0), 'saving', (d) => d.savings.mean, half, okabeIto.blue);
  // Negative savings are extra demand on the agency's services: drawn in the savings lane, hatched, and named.
  bar(row.filter((d) => d.savings.mean < 0), 'saving extra-demand', (d) => d.savings.mean, half, 'url(#extra-demand)');
  const pattern = f.svg.append('defs').append('pattern').attr('id', 'extra-demand').attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  pattern.append('rect').attr('width', 6).attr('height', 6).attr('fill', '#fff');
  pattern.append('rect').attr('width', 3).attr('height', 6).attr('fill', okabeIto.orange);
  // Value labels at the end of each bar, outside it.
  const label = (cls: string, v: (d: AgencyRow) => number, text: (d: AgencyRow) => string, yy: number): void => {
    row.append('text')
      .attr('class', `value-label ${cls}`)
      .attr('x', (d) => x(v(d)) + (v(d) < 0 ? -4 : 4))
      .attr('y', yy)
      .attr('dy', '0.35em')
      .attr('text-anchor', (d) => (v(d) < 0 ? 'end' : 'start'))
      .text(text);
  };
  label('cost', (d) => -fin(d.costs.hi, d.costs.mean), (d) => (d.costs.mean === 0 ? '' : `pays ${money(d.costs.mean)}`), half / 2);
  label('saving', (d) => (d.savings.mean < 0 ? Math.min(d.savings.mean, fin(d.savings.lo, d.savings.mean)) : Math.max(d.savings.mean, fin(d.savings.hi, d.savings.mean))), (d) => (d.savings.mean === 0 ? '' : d.savings.mean < 0 ? `extra demand ${money(-d.savings.mean)}` : `saves ${money(d.savings.mean)}`), half * 1.5);
  const whisker = (sel: typeof row, cls: string, a: (d: AgencyRow) => number, b: (d: AgencyRow) => number, yy: number): void => {
    const w = sel.filter((d) => Number.isFinite(a(d)) && Number.isFinite(b(d)) && a(d) !== b(d)).append('g').attr('class', `whisker ${cls}`);
    w.append('line').attr('x1', (d) => x(a(d))).attr('x2', (d) => x(b(d))).attr('y1', yy).attr('y2', yy);
    w.append('line').attr('x1', (d) => x(a(d))).attr('x2', (d) => x(a(d))).attr('y1', yy - 4).attr('y2', yy + 4);
    w.append('line').attr('x1', (d) => x(b(d))).attr('x2', (d) => x(b(d))).attr('y1', yy - 4).attr('y2', yy + 4);
  };
  whisker(row, 'cost', (d) => -d.costs.lo, (d) => -d.costs.hi, half / 2);
  whisker(row, 'saving', (d) => d.savings.lo, (d) => d.savings.hi, half * 1.5);
  row.append('path')
    .attr('class', 'mark net')
    .attr('d', d3.symbol(d3.symbolDiamond, 90)())
    .attr('transform', (d) => `translate(${x(d.net.mean)},${half})`)
    .attr('fill', okabeIto.black)
    .attr('stroke', '#fff');

  legend(host, [
    { label: 'costs (present value)', colour: okabeIto.vermillion, kind: 'area' },
    { label: 'savings (present value)', colour: okabeIto.blue, kind: 'area' },
    ...(rows.some((r) => r.savings.mean < 0) ? [{ label: 'extra demand (negative savings)', colour: okabeIto.orange, kind: 'area' as const }] : []),
    { label: 'net (◆)', colour: okabeIto.black, kind: 'line' },
    { label: `${bands} (whiskers)`, colour: '#333', kind: 'line' },
  ]);

  // Tooltip: pointer over a row, or Up/Down when the chart has focus.
  const tip = d3.select(host).append('div').attr('class', 'tooltip').attr('role', 'status').attr('aria-live', 'polite').style('display', 'none');
  const iv = (e: { lo: number; hi: number }): string => (Number.isFinite(e.lo) && e.lo !== e.hi ? ` (${money(e.lo)} to ${money(e.hi)})` : '');
  let at = -1;
  const show = (i: number): void => {
    at = Math.max(0, Math.min(rows.length - 1, i));
    const d = rows[at];
    row.classed('active', (r) => r === d);
    tip.style('display', null).selectChildren().remove();
    [d.label, `costs: ${money(d.costs.mean)}${iv(d.costs)}`, d.savings.mean < 0 ? `savings: ${money(d.savings.mean)}${iv(d.savings)}, extra demand on its services` : `savings: ${money(d.savings.mean)}${iv(d.savings)}`, `net: ${money(d.net.mean)}${iv(d.net)}`].forEach((line, k) =>
      tip.append('div').attr('class', k === 0 ? 'tip-head' : null).text(line),
    );
    const vb = f.svg.node()!.viewBox.baseVal;
    const scale = (f.svg.node()!.clientWidth || vb.width) / vb.width;
    tip.style('left', `${(margin.left + left + width / 2) * scale}px`).style('top', `${(margin.top + (y(d.agency) ?? 0) + y.bandwidth()) * scale}px`);
  };
  const hide = (): void => {
    row.classed('active', false);
    tip.style('display', 'none');
  };
  row.insert('rect', ':first-child').attr('class', 'hit').attr('x', 0).attr('width', width).attr('y', 0).attr('height', y.bandwidth()).attr('fill', 'transparent')
    .on('pointerenter', (_e, d) => show(rows.indexOf(d)))
    .on('pointerleave', hide);
  f.svg
    .on('keydown', (ev: KeyboardEvent) => {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowRight') show(at + 1);
      else if (ev.key === 'ArrowUp' || ev.key === 'ArrowLeft') show(at < 0 ? rows.length - 1 : at - 1);
      else if (ev.key === 'Escape') hide();
      else return;
      ev.preventDefault();
    })
    .on('blur', hide);
}
