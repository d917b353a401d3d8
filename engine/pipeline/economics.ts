/**
 * The economics summary across replications, read from the appraisal block of
 * a matrix's rows: bands by year, estimates in total and by agency. Money is
 * rounded to whole pence, ratios, years and shares to 6 significant digits;
 * ratios are summarised over the replications where they are finite.
 */
import type { IntervalKind } from '../des/statistics.ts';
import { wilson, type Appraisal, type EconomicsSummary } from '../economics/appraisal.ts';
import { agencies } from '../economics/types.ts';
import type { Band, Estimate } from '../band.ts';
import { agencyField, agencyWidth, appraisalLayout, totalField, type AppraisalLayout } from './layout.ts';
import { Matrix } from './matrix.ts';
import { writeAppraisal } from './pack.ts';
import { Columns } from './stats.ts';

const pence = (x: number): number => (Number.isFinite(x) ? Math.round(x * 100) / 100 + 0 : x);
const sig = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) + 0 : x);

/** Summarises the appraisal block at `a` of every row of `m`, in row order. */
export function summarizeAppraisals(m: Matrix, a: AppraisalLayout, interval: IntervalKind): EconomicsSummary {
  if (m.n === 0) throw new RangeError('summarizeEconomics needs at least one appraisal');
  const cols = new Columns();
  const n = m.n;
  /** Mean and interval of one column, with only finite values when `finiteOnly`; NaN when none is left. */
  const estimate = (offset: number, finiteOnly: boolean, round: (x: number) => number): Estimate => {
    const s = m.columns(offset, 1);
    let count = n;
    if (finiteOnly) {
      count = 0;
      for (let r = 0; r < n; r++) if (Number.isFinite(s[r])) s[count++] = s[r];
    }
    if (count === 0) return { mean: NaN, lo: NaN, hi: NaN };
    const c = cols.cell(s, 0, count, interval, true);
    return { mean: round(c.mean), lo: round(c.lo), hi: round(c.hi) };
  };
  const money = (offset: number): Estimate => estimate(offset, false, pence);
  const ratio = (offset: number): Estimate => estimate(offset, true, sig);
  const band = (offset: number): Band => {
    const out: Band = { mean: [], lo: [], hi: [] };
    for (let y = 0; y < a.years; y++) {
      const e = money(offset + y);
      out.mean.push(e.mean);
      out.lo.push(e.lo);
      out.hi.push(e.hi);
    }
    return out;
  };
  /** Median payback year (a non-payer counts as never, so a median that lands there is null) and share paying back. */
  const paybackStats = (offset: number): { median: number | null; probWithinHorizon: number } => {
    const years = m.column(offset);
    const sorted = years.map((p) => (Number.isNaN(p) ? Infinity : p)).sort((x, y) => x - y);
    const mid = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return { median: Number.isFinite(mid) ? sig(mid) : null, probWithinHorizon: sig(years.filter((p) => !Number.isNaN(p)).length / n) };
  };
  const every = (offset: number, test: (x: number) => boolean): boolean => {
    for (let r = 0; r < n; r++) if (!test(m.at(r, offset))) return false;
    return true;
  };

  const byAgency: EconomicsSummary['byAgency'] = {};
  agencies.forEach((agency, i) => {
    const o = a.agency + i * agencyWidth;
    if (every(o + agencyField.lines, (x) => x === 0)) return;
    byAgency[agency] = {
      costs: money(o + agencyField.pvCosts),
      savings: money(o + agencyField.pvBenefits),
      npv: money(o + agencyField.npv),
      roi: ratio(o + agencyField.roi),
      paybackYear: paybackStats(o + agencyField.paybackYear),
    };
  });

  const t = a.totals;
  let roiAbove1 = 0;
  for (let r = 0; r < n; r++) if (m.at(r, t + totalField.fiscalRoi) > 1) roiAbove1++;
  return {
    byYear: {
      year: Array.from({ length: a.years }, (_, y) => y + 1),
      costs: band(a.byYear.costs),
      grossSavings: band(a.byYear.grossSavings),
      netBenefits: band(a.byYear.netBenefits),
      cumulativeDiscountedCosts: band(a.byYear.cumulativeDiscountedCosts),
      cumulativeDiscountedBenefits: band(a.byYear.cumulativeDiscountedBenefits),
    },
    byAgency,
    summary: {
      npv: money(t + totalField.npv),
      bcr: ratio(t + totalField.bcr),
      roi: ratio(t + totalField.fiscalRoi),
      publicValueRoi: ratio(t + totalField.publicValueRoi),
      pvCosts: money(t + totalField.pvCosts),
      pvBenefits: money(t + totalField.pvBenefits),
      cashable: money(t + totalField.cashable),
      nonCashable: money(t + totalField.nonCashable),
      // Over the replications that pay back (a non-payer is NaN, so not finite); the median over all.
      paybackYear: { ...ratio(t + totalField.paybackYear), ...paybackStats(t + totalField.paybackYear) },
      probRoiAbove1: wilson(roiAbove1, n),
      ...(every(t + totalField.hasCostPer, (x) => x === 1) && {
        costPer: {
          personSupported: estimate(t + totalField.personSupported, true, pence),
          moveOn: estimate(t + totalField.moveOn, true, pence),
          intensiveYear: estimate(t + totalField.intensiveYear, true, pence),
        },
      }),
    },
  };
}

/**
 * Summarises appraisals (one per replication, in order) as means with
 * intervals of `interval` kind: by default 95% t-intervals of the mean
 * (Monte Carlo error).
 */
export function summarizeEconomics(appraisals: readonly Appraisal[], interval: IntervalKind = 'mean'): EconomicsSummary {
  if (appraisals.length === 0) throw new RangeError('summarizeEconomics needs at least one appraisal');
  const Y = appraisals[0].byYear.costs.length;
  if (appraisals.some((x) => x.byYear.costs.length !== Y)) throw new RangeError('appraisals cover different horizons');
  const a = appraisalLayout(Y);
  const m = new Matrix(a.length, appraisals.length);
  appraisals.forEach((x, r) => writeAppraisal(m.row(r), a, x));
  return summarizeAppraisals(m, a, interval);
}
