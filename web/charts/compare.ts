/**
 * A against B: B's total open caseload and waiting list overlaid on A's, both
 * run on common random numbers (same seed, same replication indices), and a
 * table of paired differences b − a at the last year, replication by
 * replication, as `casecast compare` takes them.
 */
import * as d3 from 'd3';
import { summarize } from '../../engine/des/statistics.ts';
import type { Results } from '../../engine/results.ts';
import type { LastValues } from '../protocol.ts';
import { axisPeople, bandPoints, bandWords, money, okabeIto, people, type BandPoint } from '../shape.ts';
import { axes, frame, legend, tooltip, within, bandPaths, numbersTable, yearMonth } from './common.ts';

export const compareColours = { a: okabeIto.blue, b: okabeIto.vermillion } as const;

export interface Side {
  name: string;
  results: Results;
  last: LastValues;
}

export interface PairedRow {
  key: 'total' | 'waiting' | 'npv';
  label: string;
  a: number;
  b: number;
  difference: { mean: number; lo: number; hi: number };
  n: number;
}

/** Paired differences b − a at the last period, per replication; rows for NPV only when both scenarios have economics. */
export function pairedRows(a: LastValues, b: LastValues, lastYear: number): PairedRow[] {
  const row = (key: PairedRow['key'], label: string, xs: number[], ys: number[]): PairedRow | undefined => {
    const pairs = xs.map((x, k) => [x, ys[k]] as const).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pairs.length === 0) return undefined;
    const d = pairs.map(([x, y]) => y - x);
    const s = summarize(d);
    const mean = (v: number[]): number => v.reduce((t, x) => t + x, 0) / v.length;
    return { key, label, a: mean(pairs.map(([x]) => x)), b: mean(pairs.map(([, y]) => y)), difference: { mean: s.mean, lo: s.lo, hi: s.hi }, n: pairs.length };
  };
  const yr = Number.isInteger(lastYear) ? String(lastYear) : lastYear.toFixed(2);
  return [
    row('total', `Open caseload, year ${yr}`, a.total, b.total),
    row('waiting', `Waiting list, year ${yr}`, a.waiting, b.waiting),
    a.npv && b.npv ? row('npv', 'Net present value', a.npv, b.npv) : undefined,
  ].filter((r): r is PairedRow => r !== undefined);
}

function overlay(host: HTMLElement, label: string, yTitle: string, a: BandPoint[], b: BandPoint[], names: { a: string; b: string }, bands: { a: string; b: string }): void {
  const f = frame(host, label, 720, 300);
  const xs = a.map((p) => p.x);
  const x = d3.scaleLinear().domain([0, d3.max([...xs, ...b.map((p) => p.x)]) ?? 1]).range([0, f.width]);
  const top = d3.max([...a, ...b], (p) => p.hi) ?? 1;
  const y = d3.scaleLinear().domain([0, Math.max(1, top) * 1.05]).nice().range([f.height, 0]);
  axes(f, x, y, 'Years from start', yTitle, axisPeople);
  const { band, mean: line } = bandPaths(x, y);
  for (const [side, data] of [['a', a], ['b', b]] as const) {
    const c = compareColours[side];
    f.g.append('path').datum(data).attr('class', `mark band side-${side}`).attr('data-side', side).attr('fill', c).attr('fill-opacity', 0.2).attr('d', band);
    f.g.append('path').datum(data).attr('class', `mark mean side-${side}`).attr('data-side', side).attr('fill', 'none').attr('stroke', c).attr('stroke-width', 2).attr('stroke-dasharray', side === 'b' ? '6 3' : null).attr('d', line);
  }
  legend(host, [
    { label: `A: ${names.a}`, colour: compareColours.a, kind: 'line' },
    { label: `B: ${names.b}`, colour: compareColours.b, kind: 'dash' },
    { label: `A, ${bands.a}`, colour: compareColours.a, kind: 'band' },
    { label: `B, ${bands.b}`, colour: compareColours.b, kind: 'band' },
  ]);
  tooltip(host, f, xs, x, (i) => {
    const pb = b.find((p) => Math.abs(p.x - xs[i]) < 1e-9);
    return [yearMonth(xs[i]), `A: ${people(a[i].mean)}${within(a[i].lo, a[i].hi, people)}`, ...(pb ? [`B: ${people(pb.mean)}${within(pb.lo, pb.hi, people)}`] : [])];
  });
}

/** Draws both overlays and the paired-difference table into `host`. */
export function drawCompare(host: HTMLElement, a: Side, b: Side): void {
  host.replaceChildren();
  const names = { a: a.name, b: b.name };
  const bands = { a: bandWords(a.results), b: bandWords(b.results) };
  const shown = bands.a === bands.b ? `${bands.a}s` : `A's ${bands.a} and B's ${bands.b}`;
  const total = document.createElement('div');
  total.className = 'chart-host';
  total.dataset.chart = 'compare-caseload';
  const waiting = document.createElement('div');
  waiting.className = 'chart-host';
  waiting.dataset.chart = 'compare-waiting';
  const h1 = document.createElement('h3');
  h1.textContent = 'Total open caseload';
  const h2 = document.createElement('h3');
  h2.textContent = 'Waiting list';
  host.append(h1, total, h2, waiting);
  overlay(total, `Total open caseload over time, A: ${a.name} against B: ${b.name}, means with ${shown}`, 'People (open cases)', bandPoints(a.results.series.t, a.results.series.total), bandPoints(b.results.series.t, b.results.series.total), names, bands);
  overlay(waiting, `Waiting list over time, A: ${a.name} against B: ${b.name}, means with ${shown}`, 'People waiting', bandPoints(a.results.series.t, a.results.waiting.total), bandPoints(b.results.series.t, b.results.waiting.total), names, bands);

  const sameHorizon = a.results.series.t.length === b.results.series.t.length;
  const lastYear = a.results.series.t[a.results.series.t.length - 1];
  const rows = sameHorizon ? pairedRows(a.last, b.last, lastYear) : [];
  const caption = sameHorizon
    ? `Paired differences B − A at the last year, replication by replication on common random numbers (${a.last.total.length} pairs); 95% t-interval of the mean difference (its Monte Carlo error).`
    : 'The two horizons differ, so the last years do not pair; no differences shown.';
  const table = numbersTable('paired', caption, ['Measure', 'A', 'B', 'B − A (paired)', '95% interval']);
  const body = table.createTBody();
  for (const r of rows) {
    const f = r.key === 'npv' ? money : people;
    const tr = body.insertRow();
    tr.dataset.row = r.key;
    const iv = Number.isFinite(r.difference.lo) ? `${f(r.difference.lo)} to ${f(r.difference.hi)}` : '–';
    for (const [k, v] of [['label', r.label], ['a', f(r.a)], ['b', f(r.b)], ['difference', f(r.difference.mean)], ['interval', iv]] as const) {
      const td = tr.insertCell();
      td.dataset.col = k;
      td.textContent = v;
    }
  }
  host.append(table);
}
