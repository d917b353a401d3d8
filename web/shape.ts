/**
 * Data shaping for the viewer: results → what the cards and charts draw.
 * Pure functions, no DOM; formatting is the CLI's own (cli/format.ts), so the
 * page shows the same figures the terminal prints.
 */
import type { EconomicsSummary } from '../engine/economics/appraisal.ts';
import type { Band, Results } from '../engine/results.ts';
import { estimate, money, num, pct } from '../cli/format.ts';
import { describeOverCapacity } from '../cli/report.ts';
import { agencyLabels } from '../engine/economics/types.ts';
import { agencyLabel } from './unit-costs.ts';

/** One point of a series with its 95% interval. */
export interface BandPoint {
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

export function bandPoints(xs: readonly number[], b: Band): BandPoint[] {
  return xs.map((x, i) => ({ x, mean: b.mean[i], lo: b.lo[i], hi: b.hi[i] })).filter((p) => Number.isFinite(p.mean));
}

export const ratio = (x: number): string => (Number.isFinite(x) ? x.toFixed(2).replace('-', '−') : '–');

export interface Card {
  key: 'overCapacity' | 'npv' | 'bcr' | 'roi' | 'payback';
  title: string;
  value: string;
  interval: string;
  reading: string;
}

/** Payback in words, as the CLI prints it. */
export function paybackText(p: { median: number | null; probWithinHorizon: number }): string {
  if (p.probWithinHorizon === 0) return 'not within the horizon';
  return `${p.median === null ? 'mostly not within the horizon' : `year ${num(p.median, 0)} (median)`}; pays back in ${pct(p.probWithinHorizon)} of replications`;
}

/** The headline cards: first year over capacity, NPV, BCR, fiscal ROI and payback. */
export function headlineCards(r: Results): Card[] {
  const o = r.firstYearOverCapacity;
  const first = o.byYear[0]?.year;
  const last = o.byYear[o.byYear.length - 1]?.year;
  const cards: Card[] = [
    {
      key: 'overCapacity',
      title: 'First year over capacity',
      value: o.median === null ? (o.never === 1 ? 'never' : 'mostly never') : `year ${o.median}`,
      interval: first === undefined ? 'never within the horizon' : `median; range year ${first}${last !== first ? `–${last}` : ''}${o.never > 0 ? `, never in ${pct(o.never)}` : ''}`,
      reading: `Weighted demand (caseload plus those waiting) first exceeds staffed capacity: ${describeOverCapacity(o)}.`,
    },
  ];
  const e = r.economics;
  if (!e) return cards;
  const s = e.summary;
  const iv = (x: { mean: number; lo: number; hi: number }, f: (v: number) => string): string =>
    Number.isFinite(x.lo) && x.lo !== x.hi ? `95% interval ${f(x.lo)} to ${f(x.hi)}` : 'no interval';
  cards.push(
    {
      key: 'npv',
      title: 'Net present value',
      value: money(s.npv.mean),
      interval: iv(s.npv, money),
      reading: s.npv.mean >= 0 ? 'Savings exceed cost over the horizon.' : 'Cost exceeds savings over the horizon.',
    },
    {
      key: 'bcr',
      title: 'Benefit–cost ratio',
      value: ratio(s.bcr.mean),
      interval: iv(s.bcr, ratio),
      reading: `£${ratio(s.bcr.mean)} back for every £1 spent (public value).`,
    },
    {
      key: 'roi',
      title: 'Fiscal ROI',
      value: ratio(s.roi.mean),
      interval: iv(s.roi, ratio),
      reading: 'Fiscal savings (welfare included) per £1 spent.',
    },
    {
      key: 'payback',
      title: 'Payback',
      value: s.paybackYear.probWithinHorizon === 0 ? 'none' : s.paybackYear.median === null ? 'mostly none' : `year ${num(s.paybackYear.median, 0)}`,
      interval:
        s.paybackYear.probWithinHorizon === 0
          ? 'not within the horizon'
          : `${Number.isFinite(s.paybackYear.lo) ? `years ${num(s.paybackYear.lo)}–${num(s.paybackYear.hi)} among those that pay back; ` : ''}pays back in ${pct(s.paybackYear.probWithinHorizon)} of replications`,
      reading: `First year cumulative discounted savings reach cumulative cost: ${paybackText(s.paybackYear)}.`,
    },
  );
  return cards;
}

/** The NPV exactly as the CLI's table prints it: "−£2.46m (−£2.50m to −£2.43m)". */
export function npvText(r: Results): string {
  return r.economics ? estimate(r.economics.summary.npv, money) : '–';
}

/** Caseload by tier as rows for d3.stack, plus the total's band and the capacity line. */
export interface CaseloadShape {
  keys: string[];
  rows: Array<Record<string, number> & { t: number }>;
  total: BandPoint[];
  capacity: { x: number; y: number }[];
  weighted: { x: number; y: number }[];
}

export function caseloadShape(r: Results): CaseloadShape {
  const t = r.series.t;
  const keys = Object.keys(r.tiers).filter((k) => r.tiers[k].mean.some((v) => v > 0));
  const rows = t.map((x, i) => {
    const row: Record<string, number> & { t: number } = { t: x } as Record<string, number> & { t: number };
    for (const k of keys) row[k] = Math.max(0, r.tiers[k].mean[i]);
    return row;
  });
  return {
    keys,
    rows,
    total: bandPoints(t, r.series.total),
    capacity: t.map((x, i) => ({ x, y: r.capacity.total.mean[i] })).filter((p) => Number.isFinite(p.y) && p.y > 0),
    weighted: t.map((x, i) => ({ x, y: r.series.weighted.mean[i] })),
  };
}

export function waitingShape(r: Results): BandPoint[] {
  return bandPoints(r.series.t, r.waiting.total);
}

/** Cumulative discounted cost against savings by year, with the payback point and its interval. */
export interface MoneyShape {
  costs: BandPoint[];
  savings: BandPoint[];
  payback: { median: number | null; lo: number; hi: number; probWithinHorizon: number };
}

export function moneyShape(e: EconomicsSummary): MoneyShape {
  const p = e.summary.paybackYear;
  return {
    costs: bandPoints(e.byYear.year, e.byYear.cumulativeDiscountedCosts),
    savings: bandPoints(e.byYear.year, e.byYear.cumulativeDiscountedBenefits),
    payback: { median: p.median, lo: p.lo, hi: p.hi, probWithinHorizon: p.probWithinHorizon },
  };
}

/** Okabe–Ito: distinguishable under the common colour-vision deficiencies. */
export const okabeIto = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

export const tierColours = [okabeIto.blue, okabeIto.orange, okabeIto.skyBlue, okabeIto.green, okabeIto.purple, okabeIto.yellow];

/** People for axes and tooltips: "1,234", "2.8". */
export const people = (x: number): string => num(x);
/** Axis ticks: whole numbers without a trailing ".0". */
export const axisPeople = (x: number): string => num(x, Number.isInteger(x) ? 0 : undefined);
export { money, num };

/** Who pays and who benefits: one row per agency, in the engine's agency order; net = savings − costs. */
export function agencyRows(e: EconomicsSummary): Array<{ agency: string; label: string; costs: Estimate3; savings: Estimate3; net: Estimate3 }> {
  const order = Object.keys(agencyLabels);
  return Object.entries(e.byAgency)
    .sort(([a], [b]) => (order.indexOf(a) + 99 * Number(order.indexOf(a) < 0)) - (order.indexOf(b) + 99 * Number(order.indexOf(b) < 0)))
    .map(([agency, v]) => ({ agency, label: agencyLabel(agency), costs: v.costs, savings: v.savings, net: v.npv }));
}
type Estimate3 = { mean: number; lo: number; hi: number };
