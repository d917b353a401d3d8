/**
 * A against B: B's total open caseload and waiting list overlaid on A's, both
 * run on common random numbers (same seed, same replication indices), and a
 * table of paired differences b − a at the last year, replication by
 * replication, as `casecast compare` takes them.
 */
import * as d3 from 'd3';
import { pairedDifferences, type Difference } from '../../engine/pipeline/compare.ts';
import type { Results } from '../../engine/results.ts';
import type { LastValues } from '../protocol.ts';
import { axisPeople, bandPoints, bandWords, money, num, okabeIto, pct, people, ratio, type BandPoint } from '../shape.ts';
import { axes, frame, legend, tooltip, within, bandPaths, numbersTable, yearMonth } from './common.ts';

export const compareColours = { a: okabeIto.blue, b: okabeIto.vermillion } as const;

export interface Side {
  name: string;
  results: Results;
  last: LastValues;
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
  host.append(sameHorizon ? differencesTable(a, b) : numbersTable('paired', 'The two horizons differ, so the last years do not pair; no differences shown.', ['Measure', 'A', 'B', 'B − A (paired)', '95% interval']));
}

/** A measure's figure in its unit, as `casecast compare` prints it. */
function inUnit(unit: Difference['unit'], x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (unit === 'money') return money(x);
  if (unit === 'ratio') return ratio(x);
  if (unit === 'share') return pct(x);
  if (unit === 'year') return num(x, 1);
  return people(x);
}

const groupTitles: Record<Difference['group'], string> = { caseload: 'Caseload', economics: 'Cost and return', staff: 'Staff and places', agency: 'Who pays and who benefits' };

/**
 * The paired differences B − A of every measure `casecast compare` pairs
 * (engine/pipeline/compare.ts): caseload and waiting at the last whole year, people
 * supported, programme cost, savings, NPV, BCR, payback, cost per outcome and
 * each agency's figures, with the CLI's verdicts. Rows keep the keys the
 * table has always had for caseload, waiting and NPV (total, waiting, npv).
 */
function differencesTable(a: Side, b: Side): HTMLTableElement {
  const perDraw = a.results.manifest.replicationsPerDraw && a.results.manifest.replicationsPerDraw === b.results.manifest.replicationsPerDraw ? a.results.manifest.replicationsPerDraw : undefined;
  const diffs = pairedDifferences(a.last.measures, b.last.measures, { a: 'A', b: 'B' }, perDraw);
  const pairs = a.last.total.length;
  const caption = `Paired differences B − A, replication by replication on common random numbers (${pairs} pairs)${perDraw ? `, the interval from the ${pairs / perDraw} parameter draws' mean differences` : ''}; 95% t-interval of the mean difference (its Monte Carlo error). Caseload and waiting at the last whole year; money in present values. The measures casecast compare reports.`;
  const table = numbersTable('paired', caption, ['Measure', 'A', 'B', 'B − A (paired)', '95% interval', 'Reading']);
  let group: Difference['group'] | undefined;
  let body = table.createTBody();
  for (const d of diffs) {
    if (d.group !== group) {
      if (group !== undefined) body = table.createTBody();
      group = d.group;
      body.dataset.group = group;
      const th = document.createElement('th');
      th.scope = 'rowgroup';
      th.colSpan = 6;
      th.textContent = groupTitles[group];
      body.insertRow().append(th);
    }
    const tr = body.insertRow();
    tr.dataset.row = d.key.startsWith('caseload.') ? 'total' : d.key.startsWith('waiting.') ? 'waiting' : d.key;
    tr.dataset.measure = d.key;
    const iv = Number.isFinite(d.difference.lo) ? `${inUnit(d.unit, d.difference.lo)} to ${inUnit(d.unit, d.difference.hi)}` : '–';
    for (const [k, v] of [['label', d.label], ['a', inUnit(d.unit, d.a)], ['b', inUnit(d.unit, d.b)], ['difference', inUnit(d.unit, d.difference.mean)], ['interval', iv], ['verdict', d.verdict]] as const) {
      const td = tr.insertCell();
      td.dataset.col = k;
      td.textContent = v;
    }
  }
  return table;
}

