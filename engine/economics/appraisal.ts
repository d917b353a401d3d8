/**
 * Appraisal of one replication's ledger (GMCA / New Economy and HM Treasury
 * 2014 method, Green Book): optimism bias, additionality, discounting, NPV,
 * ratios and payback, in total and by agency; and the shape of their summary
 * across replications (engine/pipeline/economics.ts computes it).
 */
import type { CostPerOutcome } from './outcomes.ts';
import type { Band, Estimate } from '../band.ts';
import type { DiscountSchedule } from './green-book.ts';
import { agencies, type Agency, type Ledger } from './types.ts';

/** Appraisal settings: discount schedule, optimism bias and additionality shares. */
export interface AppraisalParams {
  /**
   * Discount rate schedule: each rate applies to years before `until` (years
   * from the start; Infinity for the last). Years past the last `until` keep
   * the last rate.
   */
  discount: DiscountSchedule;
  /**
   * Costs are raised by `costs`; benefits cut by `benefits` and pushed
   * `delayYears` later (a fractional delay splits each year's amount between
   * the two years it lands across; whatever lands past the horizon is lost).
   */
  optimismBias: { costs: number; benefits: number; delayYears: number };
  /** Share of outcomes that would have happened anyway. */
  deadweight: number;
  /** Share of outcomes owed to this programme. */
  attribution: number;
  /** Share of outcomes displaced elsewhere. */
  displacement: number;
}

/**
 * Discount factor for each 0-based year. Green Book convention: amounts in a
 * year count as arising at its start, so year 0 is undiscounted and
 * factor_y = Π_{i<y} 1/(1 + r_i), r_i being the schedule's rate for year i.
 */
export function discountFactors(schedule: AppraisalParams['discount'], years: number): Float64Array {
  if (schedule.length === 0) throw new RangeError('discount schedule is empty');
  if (!Number.isInteger(years) || years < 0) throw new RangeError(`years must be a whole number ≥ 0, got ${years}`);
  for (let k = 0; k < schedule.length; k++) {
    const { rate, until } = schedule[k];
    if (!(rate > -1) || !Number.isFinite(rate)) throw new RangeError(`discount rate must be finite and > -1, got ${rate}`);
    if (k > 0 && !(until > schedule[k - 1].until)) throw new RangeError('discount schedule `until` must increase');
  }
  const f = new Float64Array(years);
  let factor = 1;
  let k = 0;
  for (let y = 0; y < years; y++) {
    f[y] = factor;
    while (k < schedule.length - 1 && y >= schedule[k].until) k++;
    factor /= 1 + schedule[k].rate;
  }
  return f;
}

/** Whole-programme figures per year (0-based index), in pounds at the price base year. */
export interface YearFigures {
  /** Costs after the optimism-bias uplift, undiscounted. */
  costs: number[];
  /** Public-value savings (transfers excluded) before any adjustment. */
  grossSavings: number[];
  /** Public-value benefits after additionality, optimism bias and delay, undiscounted. */
  netBenefits: number[];
  discountedCosts: number[];
  discountedBenefits: number[];
  cumulativeDiscountedCosts: number[];
  cumulativeDiscountedBenefits: number[];
}

/**
 * One agency's budget view: the costs it bears and the benefits it receives,
 * transfers included (a benefit payment saved is a real saving to DWP).
 */
export interface AgencyFigures {
  /** Number of ledger lines the agency owns (0 = not involved). */
  lines: number;
  /** Per year, undiscounted, after optimism bias. */
  costs: number[];
  /** Per year, before adjustment. */
  grossSavings: number[];
  /** Per year, after adjustment, undiscounted. */
  netBenefits: number[];
  pvCosts: number;
  pvBenefits: number;
  npv: number;
  /** pvBenefits / pvCosts; NaN when the agency bears no costs. */
  roi: number;
  /** As Appraisal.paybackYear, on the agency's own costs and benefits; null when it bears no costs. */
  paybackYear: number | null;
}

/** One replication's appraisal. All pv* figures are discounted, adjusted totals over the horizon. */
export interface Appraisal {
  byYear: YearFigures;
  /** Who pays (costs) and who benefits (net benefits): the "wrong pocket" view. */
  byAgency: Record<Agency, AgencyFigures>;
  pvCosts: number;
  /** Public value: fiscal + economic + social benefits; transfers excluded. */
  pvBenefits: number;
  /** Fiscal case: 'fiscal' and 'transfer' benefits. */
  pvFiscalBenefits: number;
  /** Cashable part of pvFiscalBenefits (each line's `cashable` share); cashable + non-cashable = fiscal. */
  pvCashableBenefits: number;
  pvNonCashableBenefits: number;
  /** pvBenefits − pvCosts. */
  npv: number;
  /** Benefit–cost ratio pvBenefits / pvCosts; NaN when there are no costs. */
  bcr: number;
  /** pvFiscalBenefits / pvCosts (transfers included); NaN when there are no costs. */
  fiscalRoi: number;
  /** All public-value benefits over costs: under this method the same figure as `bcr`. */
  publicValueRoi: number;
  /**
   * First year (1-based) whose cumulative discounted benefits reach cumulative
   * discounted costs, once some cost has been incurred; null = not within the horizon.
   */
  paybackYear: number | null;
  /** Cash programme cost (undiscounted, after optimism bias) per outcome; set when the replication's outcomes are counted. */
  costPer?: CostPerOutcome;
}

/**
 * Appraise one replication's ledger. Costs are uplifted by optimism bias;
 * savings become benefits × (1 − deadweight) × attribution × (1 − displacement)
 * × (1 − optimism bias), delayed, then everything is discounted. Negative
 * savings (extra demand) take the same additionality but optimism bias the
 * other way, as caution does: uplifted like costs, and never delayed.
 */
export function appraise(ledger: Ledger, params: AppraisalParams): Appraisal {
  checkParams(params);
  const Y = ledger.years;
  const df = discountFactors(params.discount, Y);
  const ob = params.optimismBias;
  const additionality = (1 - params.deadweight) * params.attribution * (1 - params.displacement);

  const zeros = (): number[] => new Array<number>(Y).fill(0);
  const totalCosts = zeros();
  const totalGross = zeros();
  const totalNet = zeros();
  let pvFiscal = 0;
  let pvCashable = 0;
  const perAgency = new Map<Agency, { lines: number; costs: number[]; gross: number[]; net: number[] }>();
  for (const a of agencies) perAgency.set(a, { lines: 0, costs: zeros(), gross: zeros(), net: zeros() });

  ledger.lines.forEach((line, i) => {
    const amounts = ledger.amounts[i];
    if (amounts.length !== Y) throw new RangeError(`ledger line ${i} (${line.item}) has ${amounts.length} years, expected ${Y}`);
    const acc = perAgency.get(line.agency);
    if (!acc) throw new RangeError(`unknown agency '${line.agency}' on ledger line ${i}`);
    acc.lines++;
    if (line.kind === 'cost') {
      for (let y = 0; y < Y; y++) {
        const c = amounts[y] * (1 + ob.costs);
        acc.costs[y] += c;
        totalCosts[y] += c;
      }
      return;
    }
    const gains = delay(Array.from(amounts, (v) => Math.max(v, 0)), ob.delayYears);
    const net = gains.map((g, y) => additionality * (g * (1 - ob.benefits) + Math.min(amounts[y], 0) * (1 + ob.costs)));
    const publicValue = line.valueType !== 'transfer';
    const fiscal = line.valueType === 'fiscal' || line.valueType === 'transfer';
    for (let y = 0; y < Y; y++) {
      acc.gross[y] += amounts[y];
      acc.net[y] += net[y];
      if (publicValue) {
        totalGross[y] += amounts[y];
        totalNet[y] += net[y];
      }
      if (fiscal) {
        pvFiscal += net[y] * df[y];
        pvCashable += net[y] * df[y] * line.cashable;
      }
    }
  });

  const discountedCosts = totalCosts.map((v, y) => v * df[y]);
  const discountedBenefits = totalNet.map((v, y) => v * df[y]);
  const cumulativeDiscountedCosts = cumulate(discountedCosts);
  const cumulativeDiscountedBenefits = cumulate(discountedBenefits);
  const pvCosts = sum(discountedCosts);
  const pvBenefits = sum(discountedBenefits);
  const bcr = ratio(pvBenefits, pvCosts);

  const byAgency = {} as Record<Agency, AgencyFigures>;
  for (const [agency, a] of perAgency) {
    const dc = a.costs.map((v, y) => v * df[y]);
    const db = a.net.map((v, y) => v * df[y]);
    const pc = sum(dc);
    const pb = sum(db);
    byAgency[agency] = {
      lines: a.lines,
      costs: a.costs,
      grossSavings: a.gross,
      netBenefits: a.net,
      pvCosts: pc,
      pvBenefits: pb,
      npv: pb - pc,
      roi: ratio(pb, pc),
      paybackYear: payback(cumulate(dc), cumulate(db)),
    };
  }

  return {
    byYear: {
      costs: totalCosts,
      grossSavings: totalGross,
      netBenefits: totalNet,
      discountedCosts,
      discountedBenefits,
      cumulativeDiscountedCosts,
      cumulativeDiscountedBenefits,
    },
    byAgency,
    pvCosts,
    pvBenefits,
    pvFiscalBenefits: pvFiscal,
    pvCashableBenefits: pvCashable,
    pvNonCashableBenefits: pvFiscal - pvCashable,
    npv: pvBenefits - pvCosts,
    bcr,
    fiscalRoi: ratio(pvFiscal, pvCosts),
    publicValueRoi: bcr,
    paybackYear: payback(cumulativeDiscountedCosts, cumulativeDiscountedBenefits),
  };
}

/** Cross-replication summary of appraisals: bands by year, estimates in total and by agency. */
export interface EconomicsSummary {
  /** `year` is 1-based. */
  byYear: {
    year: number[];
    costs: Band;
    grossSavings: Band;
    netBenefits: Band;
    cumulativeDiscountedCosts: Band;
    cumulativeDiscountedBenefits: Band;
  };
  /** Agencies with at least one ledger line; costs and savings are PV totals. */
  byAgency: Record<
    string,
    {
      costs: Estimate;
      savings: Estimate;
      npv: Estimate;
      roi: Estimate;
      paybackYear: { median: number | null; probWithinHorizon: number };
    }
  >;
  summary: {
    npv: Estimate;
    bcr: Estimate;
    /** Fiscal ROI. */
    roi: Estimate;
    publicValueRoi: Estimate;
    pvCosts: Estimate;
    pvBenefits: Estimate;
    cashable: Estimate;
    nonCashable: Estimate;
    /** mean/lo/hi over replications that pay back (NaN if none); median over all, a non-payer counting as never. */
    paybackYear: { mean: number; lo: number; hi: number; median: number | null; probWithinHorizon: number };
    /** Share of replications whose fiscal ROI exceeds 1, with its 95% Wilson score interval. */
    probRoiAbove1: Estimate;
    /** Cash programme cost per person supported, per successful move-on and per person-year of intensive support. */
    costPer?: { personSupported: Estimate; moveOn: Estimate; intensiveYear: Estimate };
  };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function checkParams(p: AppraisalParams): void {
  const share = (name: string, v: number): void => {
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${v}`);
  };
  share('deadweight', p.deadweight);
  share('attribution', p.attribution);
  share('displacement', p.displacement);
  share('optimismBias.benefits', p.optimismBias.benefits);
  if (!(p.optimismBias.costs >= 0) || !Number.isFinite(p.optimismBias.costs)) {
    throw new RangeError(`optimismBias.costs must be finite and ≥ 0, got ${p.optimismBias.costs}`);
  }
  const d = p.optimismBias.delayYears;
  if (!(d >= 0) || !Number.isFinite(d)) throw new RangeError(`optimismBias.delayYears must be finite and ≥ 0, got ${d}`);
}

/** Shift a yearly series later by `d` years, splitting fractional shifts linearly; what passes the end is dropped. */
function delay(amounts: ArrayLike<number>, d: number): number[] {
  const Y = amounts.length;
  const out = new Array<number>(Y).fill(0);
  const whole = Math.floor(d);
  const frac = d - whole;
  for (let y = 0; y < Y; y++) {
    const a = amounts[y];
    if (y + whole < Y) out[y + whole] += a * (1 - frac);
    if (frac > 0 && y + whole + 1 < Y) out[y + whole + 1] += a * frac;
  }
  return out;
}

/** First 1-based year with some cost incurred and cumulative benefits ≥ cumulative costs; null if none. */
export function payback(cumCosts: readonly number[], cumBenefits: readonly number[]): number | null {
  for (let y = 0; y < cumCosts.length; y++) {
    // A relative tolerance so an exact break-even is not lost to rounding.
    if (cumCosts[y] > 0 && cumBenefits[y] >= cumCosts[y] * (1 - 1e-12)) return y + 1;
  }
  return null;
}

function cumulate(xs: number[]): number[] {
  let s = 0;
  return xs.map((x) => (s += x));
}

function sum(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

function ratio(num: number, den: number): number {
  return den === 0 ? NaN : num / den;
}

function sig(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) + 0 : x;
}

/** A share k/n with its 95% Wilson score interval, which stays inside [0, 1] even at 0 or n. */
export function wilson(k: number, n: number): Estimate {
  const z = 1.959963984540054;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = ((z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n)));
  return { mean: sig(p), lo: sig(Math.max(0, centre - half)), hi: sig(Math.min(1, centre + half)) };
}
