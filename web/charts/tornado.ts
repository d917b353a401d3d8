/**
 * A tornado chart from a sweep's tornado.csv:
 *   parameter,low,high,base,metric
 * one row per parameter: the metric's value with the parameter at its low and
 * at its high setting, and the base value. Bars are sorted by swing
 * |high − low|, largest first, and centred on the base.
 */
import * as d3 from 'd3';
import { num, okabeIto } from '../shape.ts';
import { frame, legend, margin } from './common.ts';

export interface TornadoRow {
  parameter: string;
  low: number;
  high: number;
  base: number;
  metric: string;
}

const HEADER = ['parameter', 'low', 'high', 'base', 'metric'];

/** Splits one CSV line, honouring double-quoted fields. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** Parses tornado.csv, sorted by swing (largest first); throws with the line and column of a problem. */
export function parseTornado(text: string, name = 'tornado.csv'): TornadoRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = cells(lines[0] ?? '').map((h) => h.toLowerCase());
  if (HEADER.some((h, i) => header[i] !== h)) throw new Error(`${name}:1: the header must be ${HEADER.join(',')} (found ${lines[0] ?? 'nothing'})`);
  const rows: TornadoRow[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.trim().startsWith('#')) return;
    const c = cells(line);
    if (c.length < 5) throw new Error(`${name}:${i + 1}: expected 5 fields (${HEADER.join(',')}), found ${c.length}`);
    const n = (k: number): number => {
      const v = Number(c[k]);
      if (c[k] === '' || !Number.isFinite(v)) throw new Error(`${name}:${i + 1}: ${HEADER[k]} must be a number, found ${JSON.stringify(c[k])}`);
      return v;
    };
    rows.push({ parameter: c[0], low: n(1), high: n(2), base: n(3), metric: c[4] });
  });
  if (rows.length === 0) throw new Error(`${name}: no rows after the header`);
  return rows.sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low));
}

const tornadoColours = { low: okabeIto.skyBlue, high: okabeIto.orange } as const;

export function drawTornado(host: HTMLElement, rows: TornadoRow[]): void {
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const metric = metrics.join('; ');
  const base = rows[0].base;
  const rowH = 34;
  const height = rows.length * rowH + margin.top + margin.bottom + 8;
  const left = 220;
  const f = frame(host, `Tornado chart of ${metric}: the metric at each parameter's low and high setting, centred on the base, largest swing first`, 720, height);
  f.g.attr('transform', `translate(${left},${margin.top})`);
  const width = 720 - left - margin.right;
  const lo = d3.min(rows, (r) => Math.min(r.low, r.high, r.base)) ?? 0;
  const hi = d3.max(rows, (r) => Math.max(r.low, r.high, r.base)) ?? 1;
  const pad = (hi - lo || Math.abs(base) || 1) * 0.05;
  const x = d3.scaleLinear().domain([lo - pad, hi + pad]).nice().range([0, width]);
  const y = d3.scaleBand<string>().domain(rows.map((r) => r.parameter)).range([0, f.height]).padding(0.25);
  const plotH = y.range()[1];
  const fmt = (v: number): string => num(v);
  const compact = (v: number): string => d3.format('.3~s')(v).replace('G', 'bn').replace('-', '−');
  f.g.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${plotH})`).call(d3.axisBottom(x).ticks(5).tickFormat((v) => compact(Number(v))));
  f.g.append('g').attr('class', 'axis y-axis').call(d3.axisLeft(y).tickSizeOuter(0));
  f.g.append('text').attr('class', 'axis-title').attr('x', width / 2).attr('y', plotH + 38).attr('text-anchor', 'middle').text(metric);

  const row = f.g.selectAll('g.row').data(rows).join('g').attr('class', 'row').attr('data-parameter', (d) => d.parameter).attr('transform', (d) => `translate(0,${y(d.parameter)})`);
  for (const side of ['low', 'high'] as const) {
    row
      .append('rect')
      .attr('class', `mark bar ${side}`)
      .attr('data-side', side)
      .attr('x', (d) => x(Math.min(d[side], d.base)))
      .attr('width', (d) => Math.abs(x(d[side]) - x(d.base)))
      .attr('y', 0)
      .attr('height', y.bandwidth())
      .attr('fill', tornadoColours[side])
      .append('title')
      .text((d) => `${d.parameter}, ${side} setting: ${d.metric} ${fmt(d[side])} (base ${fmt(d.base)}; swing ${fmt(Math.abs(d.high - d.low))})`);
  }
  f.g.append('line').attr('class', 'base').attr('x1', x(base)).attr('x2', x(base)).attr('y1', 0).attr('y2', plotH).attr('stroke', okabeIto.black).attr('stroke-width', 1.5);
  legend(host, [
    { label: 'parameter at its low setting', colour: tornadoColours.low, kind: 'area' },
    { label: 'parameter at its high setting', colour: tornadoColours.high, kind: 'area' },
    { label: `base: ${fmt(base)}`, colour: okabeIto.black, kind: 'line' },
  ]);
}
