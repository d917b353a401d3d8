/**
 * One variant's summary figures: a flat, ordered record of numbers (null =
 * none, e.g. never over capacity), the same fields for every variant of a
 * sweep, so they make one row of results.csv each.
 */
import { payback, type EconomicsSummary } from '../economics/appraisal.ts';
import type { Band } from '../band.ts';
import type { OverCapacity } from '../results.ts';

/** What the metrics are read from: the parts of the results contract they need. */
export interface MetricSource {
  /** Period ends in years. */
  t: readonly number[];
  /** Open caseload and people waiting at each period end. */
  total: Band;
  waiting: Band;
  firstYearOverCapacity: OverCapacity;
  economics?: EconomicsSummary;
}

export type Metrics = Record<string, number | null>;

/** The metric names of a sweep, in column order; per-agency names for the agencies given. */
export function metricNames(caseloadYears: readonly number[], economics: boolean, agencies: readonly string[]): string[] {
  const names = [
    ...caseloadYears.map((y) => `caseload_y${y}`),
    ...caseloadYears.map((y) => `waiting_y${y}`),
    'firstYearOverCapacity',
    'probOverCapacity',
  ];
  if (!economics) return names;
  names.push('npv', 'npv_lo', 'npv_hi', 'bcr', 'roi', 'roi_lo', 'roi_hi', 'pvCosts', 'pvBenefits', 'cashable', 'paybackYear', 'paybackMedian', 'probPayback', 'probRoiAbove1');
  for (const a of agencies) names.push(`costs_${a}`, `savings_${a}`, `npv_${a}`);
  return names;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
const round = (x: number, digits: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(digits)) + 0 : null);

/** The value of a series at the end of year `y`: the last period ending on or before it. */
function atYear(t: readonly number[], values: readonly number[], y: number): number | null {
  let k = -1;
  for (let i = 0; i < t.length && t[i] <= y + 1e-9; i++) k = i;
  return k < 0 ? null : round(values[k], 6);
}

/** A variant's metrics from its results, with every name of `metricNames` present. */
export function variantMetrics(r: MetricSource, caseloadYears: readonly number[], agencies: readonly string[]): Metrics {
  const m: Metrics = {};
  for (const y of caseloadYears) m[`caseload_y${y}`] = atYear(r.t, r.total.mean, y);
  for (const y of caseloadYears) m[`waiting_y${y}`] = atYear(r.t, r.waiting.mean, y);
  m.firstYearOverCapacity = r.firstYearOverCapacity.median;
  m.probOverCapacity = round(1 - r.firstYearOverCapacity.never, 6);
  const e = r.economics;
  if (!e) return m;
  const s = e.summary;
  Object.assign(m, {
    npv: finite(s.npv.mean),
    npv_lo: finite(s.npv.lo),
    npv_hi: finite(s.npv.hi),
    bcr: finite(s.bcr.mean),
    roi: finite(s.roi.mean),
    roi_lo: finite(s.roi.lo),
    roi_hi: finite(s.roi.hi),
    pvCosts: finite(s.pvCosts.mean),
    pvBenefits: finite(s.pvBenefits.mean),
    cashable: finite(s.cashable.mean),
    // The payback of the expected cumulative curves: a single year for the variant, as a PSA needs.
    paybackYear: payback(e.byYear.cumulativeDiscountedCosts.mean, e.byYear.cumulativeDiscountedBenefits.mean),
    paybackMedian: s.paybackYear.median,
    probPayback: s.paybackYear.probWithinHorizon,
    probRoiAbove1: finite(s.probRoiAbove1.mean),
  });
  for (const a of agencies) {
    const f = e.byAgency[a];
    m[`costs_${a}`] = f ? finite(f.costs.mean) : 0;
    m[`savings_${a}`] = f ? finite(f.savings.mean) : 0;
    m[`npv_${a}`] = f ? finite(f.npv.mean) : 0;
  }
  return m;
}
