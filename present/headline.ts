/**
 * The headline figures as people read them, the same in the terminal and the
 * viewer: each measure's expected value, its uncertainty interval (a run over
 * parameter draws) and its Monte Carlo error, and the chances by draw.
 */
import { uncertaintyWords, type Headline, type HeadlineKey } from '../engine/uncertainty/summary.ts';
import type { Estimate } from '../engine/band.ts';
import type { Results } from '../engine/results.ts';
import { money, num, pct } from './format.ts';

export const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2).replace('-', '−') : '–');
const count = (x: number): string => num(x, 0);

/** Each headline measure: its name, how its numbers are written, and what it is. */
export const headlineMeasures: { key: HeadlineKey; label: string; format: (x: number) => string; reading: string; economics: boolean }[] = [
  { key: 'npv', label: 'Net present value', format: money, reading: 'savings minus programme cost, discounted', economics: true },
  { key: 'pvCosts', label: 'Programme cost', format: money, reading: 'what the programme costs over the horizon', economics: true },
  { key: 'pvBenefits', label: 'Savings to public services', format: money, reading: 'net of deadweight, attribution, displacement and optimism bias', economics: true },
  { key: 'bcr', label: 'Benefit–cost ratio', format: ratio, reading: 'public value back for every £1 spent', economics: true },
  { key: 'roi', label: 'Fiscal ROI', format: ratio, reading: 'fiscal savings (welfare included) per £1 spent', economics: true },
  { key: 'costPerPersonSupported', label: 'Cost per person supported', format: money, reading: 'cash programme cost over everyone who started support', economics: true },
  { key: 'costPerMoveOn', label: 'Cost per successful move-on', format: money, reading: 'cash programme cost over moves on to lighter support', economics: true },
  { key: 'costPerIntensiveYear', label: 'Cost per person-year of intensive support', format: money, reading: 'cash programme cost over person-years in the intensive tier', economics: true },
  { key: 'openCaseload', label: 'Open caseload at the horizon', format: count, reading: 'open cases at the last period end', economics: false },
  { key: 'waiting', label: 'Waiting at the horizon', format: count, reading: 'people on waiting lists at the last period end', economics: false },
];

export interface HeadlineRow {
  key: HeadlineKey;
  measure: string;
  expected: string;
  /** "" for a run at the point estimate. */
  uncertainty: string;
  monteCarlo: string;
  reading: string;
}

const range = (lo: number, hi: number, f: (x: number) => string): string => (Number.isFinite(lo) && Number.isFinite(hi) ? (lo === hi ? f(lo) : `${f(lo)} to ${f(hi)}`) : '–');

/** The headline of a run at the point estimate, from its results: Monte Carlo error only. */
function fixedHeadline(r: Results): Partial<Record<HeadlineKey, Estimate>> {
  const k = r.series.t.length - 1;
  const s = r.economics?.summary;
  return {
    ...(s && { npv: s.npv, pvCosts: s.pvCosts, pvBenefits: s.pvBenefits, bcr: s.bcr, roi: s.roi }),
    ...(s?.costPer && { costPerPersonSupported: s.costPer.personSupported, costPerMoveOn: s.costPer.moveOn, costPerIntensiveYear: s.costPer.intensiveYear }),
    openCaseload: { mean: r.series.total.mean[k], lo: r.series.total.lo[k], hi: r.series.total.hi[k] },
    waiting: { mean: r.waiting.total.mean[k], lo: r.waiting.total.lo[k], hi: r.waiting.total.hi[k] },
  };
}

/** The headline rows of a run, in order; measures the run has no figure for are left out. */
export function headlineRows(r: Results): HeadlineRow[] {
  const drawn = r.uncertainty?.headline;
  const fixed = drawn ? {} : fixedHeadline(r);
  return headlineMeasures.flatMap((m): HeadlineRow[] => {
    const h: Headline | undefined = drawn?.[m.key];
    const e = fixed[m.key];
    if (h) return [{ key: m.key, measure: m.label, expected: m.format(h.mean), uncertainty: range(h.uncertainty.lo, h.uncertainty.hi, m.format), monteCarlo: range(h.monteCarlo.lo, h.monteCarlo.hi, m.format), reading: m.reading }];
    if (e && Number.isFinite(e.mean)) return [{ key: m.key, measure: m.label, expected: m.format(e.mean), uncertainty: '', monteCarlo: range(e.lo, e.hi, m.format), reading: m.reading }];
    return [];
  });
}

/** The chances of a run over draws, in words: P(NPV > 0), P(fiscal ROI > 1) and paid back by each year; empty without economics. */
export function chanceLines(r: Results): string[] {
  const u = r.uncertainty;
  if (!u || u.probNpvPositive === null) return [];
  const by = u.paybackByYear ?? [];
  const marks = by.map((p, y) => `year ${y + 1} ${pct(p)}`);
  return [
    `Chance the NPV is above 0: ${pct(u.probNpvPositive)} of parameter draws`,
    ...(u.probRoiAbove1 !== null ? [`Chance the fiscal ROI is above 1: ${pct(u.probRoiAbove1)} of parameter draws`] : []),
    `Chance of having paid back by: ${marks.join(', ')}`,
  ];
}

/** What the intervals of a run mean, in words: one sentence each. */
export function intervalWords(r: Results): { uncertainty?: string; monteCarlo: string; fixedNote?: string } {
  if (r.uncertainty) return { uncertainty: uncertaintyWords.uncertainty, monteCarlo: uncertaintyWords.monteCarlo };
  return { monteCarlo: r.intervals.text, fixedNote: 'Every parameter is held at its point estimate, so no interval here shows how sure the answer is.' };
}
