/**
 * Data shaping for the viewer: results → what the cards and charts draw.
 * Pure functions, no DOM; formatting is shared with the CLI (present/format.ts), so the
 * page shows the same figures the terminal prints.
 */
import type { EconomicsSummary } from '../engine/economics/appraisal.ts';
import type { Bin } from '../engine/histogram.ts';
import type { Band } from '../engine/band.ts';
import type { Manifest, Results } from '../engine/results.ts';
import { estimate, money, num, pct } from '../present/format.ts';
import { headlineMeasures, headlineRows, intervalWords, ratio, type HeadlineRow } from '../present/headline.ts';
import { describeOverCapacity } from '../present/over-capacity.ts';
import { booksClosedSpans } from '../present/dynamics.ts';
import { agencyLabels } from '../engine/economics/types.ts';
import { agencyLabel } from './unit-costs.ts';

/** One point of a series with its interval (of the run's kind: see bandWords). */
export interface BandPoint {
  x: number;
  mean: number;
  lo: number;
  hi: number;
}

export function bandPoints(xs: readonly number[], b: Band): BandPoint[] {
  return xs.map((x, i) => ({ x, mean: b.mean[i], lo: b.lo[i], hi: b.hi[i] })).filter((p) => Number.isFinite(p.mean));
}

export { ratio };

export interface Card {
  key: 'overCapacity' | 'npv' | 'bcr' | 'roi' | 'payback';
  title: string;
  value: string;
  /** The interval to read, named for what it is: "90% uncertainty interval: …" over draws, "Monte Carlo error (95%): …" at the point estimate. */
  interval: string;
  /** Over draws: the Monte Carlo error of the expected value, named as such; '' otherwise. */
  monteCarlo: string;
  /** Over draws: a chance by parameter draw (NPV above 0, fiscal ROI above 1, paid back by the horizon); '' otherwise. */
  chance: string;
  reading: string;
}

/** Payback in words, as the CLI prints it. */
export function paybackText(p: { median: number | null; probWithinHorizon: number }): string {
  if (p.probWithinHorizon === 0) return 'not within the horizon';
  return `${p.median === null ? 'mostly not within the horizon' : `year ${num(p.median, 0)} (median)`}; pays back in ${pct(p.probWithinHorizon)} of replications`;
}

/** What a run's bands and intervals are, for legends and captions: "90% uncertainty interval" or "95% interval (Monte Carlo error)". */
export function bandWords(r: Results): string {
  const level = `${Math.round(r.intervals.level * 100)}%`;
  return r.intervals.kind === 'spread' ? `${level} uncertainty interval` : `${level} interval (Monte Carlo error)`;
}

/** The run's sizes as the CLI's run line writes them: "50 replications (10 parameter draws × 5)", or "… at the point estimate". */
export function sizeWords(m: Manifest): string {
  return m.draws ? `${num(m.replications, 0)} replications (${num(m.draws, 0)} parameter draws × ${num(m.replicationsPerDraw ?? 0, 0)})` : `${num(m.replications, 0)} replications at the point estimate`;
}

/** The line above the results: what ran, and what its figures are. */
export function metaText(r: Results): string {
  const m = r.manifest;
  const what = r.uncertainty
    ? `Expected values with ${bandWords(r)}s over parameter draws and replications (parameters and chance together).`
    : 'Means with 95% intervals across replications: Monte Carlo error only, parameters at their point estimates.';
  return `${m.scenario} · seed ${m.seed} · ${sizeWords(m)} · ${m.horizonYears} years · casecast ${m.version} · scenario sha256 ${m.sha256.slice(0, 12)}. ${what}`;
}

/**
 * What the intervals on the cards mean, one paragraph each, in the words the
 * CLI prints (present/headline.ts). `uncertain`: the scenario has an uncertainty
 * section, so a run at the point estimate could have been run over draws.
 */
export function intervalNotes(r: Results, uncertain: boolean): Array<{ kind: 'uncertainty' | 'monteCarlo' | 'chances' | 'fixed'; text: string }> {
  const w = intervalWords(r);
  if (r.uncertainty) {
    return [
      { kind: 'uncertainty', text: w.uncertainty! },
      { kind: 'monteCarlo', text: w.monteCarlo },
      { kind: 'chances', text: r.uncertainty.explain.draws },
    ];
  }
  return [
    { kind: 'monteCarlo', text: w.monteCarlo },
    {
      kind: 'fixed',
      text: `${w.fixedNote} ${uncertain ? 'Untick “Point estimate only” to run over the parameter draws of the scenario’s uncertainty section.' : 'This scenario has no uncertainty section to draw parameters from.'}`,
    },
  ];
}

const range = (lo: number, hi: number, f: (v: number) => string): string => (lo === hi ? f(lo) : `${f(lo)} to ${f(hi)}`);
const hasRange = (lo: number, hi: number): boolean => Number.isFinite(lo) && Number.isFinite(hi) && lo !== hi;
const yearAt = (year: number): string => `year ${num(year, 0)}`;

/**
 * Payback over parameter draws, from the share of draws paid back by each
 * year: the median draw's year and the central 90% of draws' years.
 */
export function drawnPayback(by: readonly number[]): { median: number | null; lo: number | null; hi: number | null; byHorizon: number } {
  const at = (p: number): number | null => {
    const i = by.findIndex((s) => s >= p);
    return i < 0 ? null : i + 1;
  };
  return { median: at(0.5), lo: at(0.05), hi: at(0.95), byHorizon: by[by.length - 1] ?? 0 };
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
      monteCarlo: '',
      chance: '',
      reading: `Weighted demand (caseload plus those waiting) first exceeds staffed capacity: ${describeOverCapacity(o)}.`,
    },
  ];
  const e = r.economics;
  if (!e) return cards;
  const s = e.summary;
  const u = r.uncertainty;
  const fmt = (key: 'npv' | 'bcr' | 'roi'): ((v: number) => string) => headlineMeasures.find((m) => m.key === key)!.format;
  /** A measure's value and intervals: over draws from the uncertainty summary, at the point estimate from the economics summary. */
  const figures = (key: 'npv' | 'bcr' | 'roi'): Pick<Card, 'value' | 'interval' | 'monteCarlo'> & { mean: number } => {
    const f = fmt(key);
    const h = u?.headline[key];
    if (h) {
      return {
        mean: h.mean,
        value: f(h.mean),
        interval: hasRange(h.uncertainty.lo, h.uncertainty.hi) ? `${bandWords(r)}: ${range(h.uncertainty.lo, h.uncertainty.hi, f)}` : `${bandWords(r)}: none`,
        monteCarlo: hasRange(h.monteCarlo.lo, h.monteCarlo.hi) ? `Monte Carlo error (95%): ${range(h.monteCarlo.lo, h.monteCarlo.hi, f)}` : 'Monte Carlo error: no interval',
      };
    }
    const est = s[key];
    return { mean: est.mean, value: f(est.mean), interval: hasRange(est.lo, est.hi) ? `Monte Carlo error (95%): ${range(est.lo, est.hi, f)}` : 'Monte Carlo error: no interval', monteCarlo: '' };
  };
  const npv = figures('npv');
  const bcr = figures('bcr');
  const roi = figures('roi');
  cards.push(
    {
      key: 'npv',
      title: 'Net present value',
      ...npv,
      chance: u?.probNpvPositive != null ? `Chance NPV > 0: ${pct(u.probNpvPositive)} of parameter draws` : '',
      reading: `${npv.mean >= 0 ? `${u ? 'Expected savings exceed' : 'Savings exceed'} cost` : `${u ? 'Expected cost exceeds' : 'Cost exceeds'} savings`} over the horizon.`,
    },
    {
      key: 'bcr',
      title: 'Benefit–cost ratio',
      ...bcr,
      chance: '',
      reading: `£${ratio(bcr.mean)} back for every £1 spent (public value).`,
    },
    {
      key: 'roi',
      title: 'Fiscal ROI',
      ...roi,
      chance: u?.probRoiAbove1 != null ? `Chance fiscal ROI > 1: ${pct(u.probRoiAbove1)} of parameter draws` : '',
      reading: 'Fiscal savings (welfare included) per £1 spent.',
    },
  );
  const by = u?.paybackByYear;
  if (by && by.length > 0) {
    const p = drawnPayback(by);
    const horizon = yearAt(by.length);
    cards.push({
      key: 'payback',
      title: 'Payback',
      value: p.median !== null ? yearAt(p.median) : p.byHorizon > 0 ? 'mostly none' : 'none',
      interval: `90% of parameter draws: ${p.lo === null ? 'not within the horizon' : p.hi === null ? `${yearAt(p.lo)} to beyond the horizon` : p.lo === p.hi ? yearAt(p.lo) : `${yearAt(p.lo)} to ${yearAt(p.hi)}`}`,
      monteCarlo: '',
      chance: `Paid back by ${horizon}: ${pct(p.byHorizon)} of parameter draws`,
      reading: `First year cumulative discounted savings reach cumulative cost, each parameter draw judged on its expected figures${p.median !== null ? `: the median draw pays back in ${yearAt(p.median)}` : ''}.`,
    });
    return cards;
  }
  cards.push({
    key: 'payback',
    title: 'Payback',
    value: s.paybackYear.probWithinHorizon === 0 ? 'none' : s.paybackYear.median === null ? 'mostly none' : `year ${num(s.paybackYear.median, 0)}`,
    interval:
      s.paybackYear.probWithinHorizon === 0
        ? 'not within the horizon'
        : `${hasRange(s.paybackYear.lo, s.paybackYear.hi) ? `Monte Carlo error (95%): years ${num(s.paybackYear.lo)}–${num(s.paybackYear.hi)} among those that pay back; ` : ''}pays back in ${pct(s.paybackYear.probWithinHorizon)} of replications`,
    monteCarlo: '',
    chance: '',
    reading: `First year cumulative discounted savings reach cumulative cost: ${paybackText(s.paybackYear)}.`,
  });
  return cards;
}

/**
 * The NPV as the CLI prints it: at the point estimate as its table's estimate
 * ("−£2.46m (−£2.50m to −£2.43m)"); over draws as its headline row, the
 * expected value, the uncertainty interval and the Monte Carlo error.
 */
export function npvText(r: Results): string {
  if (!r.economics) return '–';
  const row = headlineRows(r).find((x) => x.key === 'npv');
  if (r.uncertainty && row) return `${row.expected}; uncertainty interval (90%) ${row.uncertainty}; Monte Carlo error (95%) ${row.monteCarlo}`;
  return estimate(r.economics.summary.npv, money);
}

/** The cost-per-outcome rows, as the CLI's headline table has them. */
export function costRows(r: Results): HeadlineRow[] {
  return headlineRows(r).filter((x) => x.key.startsWith('costPer'));
}

/** The NPV of each parameter draw (its expected NPV), binned, and the share above 0; undefined for a run without draws or economics. */
export interface NpvDrawsShape {
  bins: Bin[];
  draws: number;
  probPositive: number;
}

export function npvDrawsShape(r: Results): NpvDrawsShape | undefined {
  const u = r.uncertainty;
  if (!u?.npvHistogram || u.probNpvPositive === null) return undefined;
  return { bins: u.npvHistogram, draws: u.draws, probPositive: u.probNpvPositive };
}

/** The share of parameter draws paid back by each year; undefined for a run without draws or economics. */
export interface PaybackDrawsShape {
  years: number[];
  share: number[];
  draws: number;
}

export function paybackDrawsShape(r: Results): PaybackDrawsShape | undefined {
  const by = r.uncertainty?.paybackByYear;
  if (!by || by.length === 0) return undefined;
  return { years: by.map((_, i) => i + 1), share: [...by], draws: r.uncertainty!.draws };
}

/** Why the charts over parameter draws are not shown, in one line; undefined when they are. */
export function drawChartsNote(r: Results, uncertain: boolean): string | undefined {
  if (r.uncertainty) return r.economics && r.uncertainty.npvHistogram ? undefined : 'This scenario has no economics section, so there is no NPV or payback to show across parameter draws.';
  if (uncertain) return 'The NPV across parameter draws and the chance of payback by year need a run over parameter draws: this run holds every parameter at its point estimate (untick “Point estimate only”).';
  return 'This scenario has no uncertainty section, so it runs at its point estimate: there are no parameter draws to show the NPV or payback across.';
}

/**
 * Caseload by tier as rows for d3.stack with the total's band (open cases, in
 * people), and on its own axis the weighted caseload with its band, the
 * weighted demand (caseload plus those waiting) and the staffed capacity, all
 * in weighted places: the figures that meet each other.
 */
export interface CaseloadShape {
  keys: string[];
  rows: Array<Record<string, number> & { t: number }>;
  total: BandPoint[];
  capacity: { x: number; y: number }[];
  weighted: { x: number; y: number }[];
  weightedBand: BandPoint[];
  /** Weighted demand summed over the services with a capacity; empty when none has one. */
  demand: { x: number; y: number }[];
  /** Periods the books were closed for some of ([from, to) in years, the mean share closed); absent without `policy.books`. */
  booksClosed?: { from: number; to: number; share: number }[];
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
    weightedBand: bandPoints(t, r.series.weighted),
    demand: Object.keys(r.capacity.services).length ? t.map((x, i) => ({ x, y: Object.values(r.capacity.services).reduce((a, s) => a + (s.demand.mean[i] ?? 0), 0) })).filter((p) => Number.isFinite(p.y)) : [],
    ...(r.dynamics?.['demand.booksClosed'] ? { booksClosed: booksClosedSpans(r) } : {}),
  };
}

/** Weighted load over staffed capacity by period, one line per service with a capacity (1 = full). */
export interface UtilisationShape {
  t: number[];
  services: Array<{ name: string; utilisation: BandPoint[]; load: number[]; capacity: number[] }>;
}

export function utilisationShape(r: Results): UtilisationShape {
  const t = r.series.t;
  const services = Object.entries(r.capacity.services)
    .filter(([, s]) => s.capacity.mean.some((c) => c > 0))
    .map(([name, s]) => ({ name, utilisation: bandPoints(t, s.utilisation), load: s.load.mean, capacity: s.capacity.mean }));
  return { t, services };
}

/** One row per year of the horizon: the figures at the year's end (caseload, capacity, waiting) and the year's cost and savings. */
export interface YearRow {
  year: number;
  openCases: Estimate3;
  weighted: Estimate3;
  capacity: number;
  waiting: Estimate3;
  costs?: Estimate3;
  savings?: Estimate3;
}

export function yearRows(r: Results): YearRow[] {
  const t = r.series.t;
  const years = Math.round(r.manifest.horizonYears);
  const at = (b: Band, i: number): Estimate3 => ({ mean: b.mean[i], lo: b.lo[i], hi: b.hi[i] });
  const rows: YearRow[] = [];
  for (let y = 1; y <= years; y++) {
    // The last period ending at or before the year's end.
    let i = -1;
    t.forEach((x, k) => (x <= y + 1e-9 ? (i = k) : 0));
    if (i < 0) continue;
    const e = r.economics?.byYear;
    const k = e ? e.year.indexOf(y) : -1;
    rows.push({
      year: y,
      openCases: at(r.series.total, i),
      weighted: at(r.series.weighted, i),
      capacity: r.capacity.total.mean[i],
      waiting: at(r.waiting.total, i),
      ...(e && k >= 0 ? { costs: at(e.costs, k), savings: at(e.netBenefits, k) } : {}),
    });
  }
  return rows;
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
export { money, num, pct };

/** Who pays and who benefits: one row per agency, in the engine's agency order; net = savings − costs. */
export function agencyRows(e: EconomicsSummary): Array<{ agency: string; label: string; costs: Estimate3; savings: Estimate3; net: Estimate3 }> {
  const order = Object.keys(agencyLabels);
  return Object.entries(e.byAgency)
    .sort(([a], [b]) => (order.indexOf(a) + 99 * Number(order.indexOf(a) < 0)) - (order.indexOf(b) + 99 * Number(order.indexOf(b) < 0)))
    .map(([agency, v]) => ({ agency, label: agencyLabel(agency), costs: v.costs, savings: v.savings, net: v.npv }));
}
type Estimate3 = { mean: number; lo: number; hi: number };
