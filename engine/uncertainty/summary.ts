/**
 * What a run over parameter draws says about its headline figures: the
 * expected value, the uncertainty interval (the central 90% over draws and
 * replications: parameters and chance together) and the Monte Carlo error of
 * the expected value (from the draws' means, which are independent: each draw
 * has its own parameters and its own random numbers); and, draw by draw, how
 * likely the programme is to have a positive NPV, a fiscal ROI above 1 and to
 * have paid back by each year.
 */
import { summarizeAs } from '../des/statistics.ts';
import { payback, type Appraisal } from '../economics/appraisal.ts';
import { joinPath } from '../model/overlay.ts';
import { histogram, type Bin } from '../histogram.ts';
import { unitText } from '../sweep/quantity.ts';
import type { ParamDistribution } from '../sweep/families.ts';
import { drawnParameters } from './draws.ts';
import type { Uncertainty } from './resolve.ts';

/** An expected value with both intervals. */
export interface Headline {
  mean: number;
  /** Central 90% over parameter draws and replications. */
  uncertainty: { lo: number; hi: number };
  /** 95% confidence interval of the mean: Monte Carlo error only. */
  monteCarlo: { lo: number; hi: number };
}

/** The figures every surface leads with, in the order they are shown. */
export const headlineKeys = ['npv', 'pvCosts', 'pvBenefits', 'bcr', 'roi', 'costPerPersonSupported', 'costPerMoveOn', 'costPerIntensiveYear', 'openCaseload', 'weightedCaseload', 'waiting'] as const;
export type HeadlineKey = (typeof headlineKeys)[number];

/** One replication's headline figures (NaN when it has none, e.g. no economics). */
export type HeadlineValues = Record<HeadlineKey, number>;

/** What the summary needs of one replication: its headline figures and, with economics, its cumulative discounted costs and benefits by year. */
export interface ReplicationFigures {
  values: HeadlineValues;
  cumulativeCosts: number[] | null;
  cumulativeBenefits: number[] | null;
}

export interface UncertaintySummary {
  /** The words that go with the numbers, the same in every surface. */
  explain: { uncertainty: string; monteCarlo: string; draws: string };
  draws: number;
  replicationsPerDraw: number;
  parameters: { name: string; label: string; paths: string[]; unit: string; base: number; from: ParamDistribution | 'posterior'; source?: string; assumption?: string }[];
  headline: Partial<Record<HeadlineKey, Headline>>;
  /** Shares of parameter draws (each draw's expected figures), with economics; null without. */
  probNpvPositive: number | null;
  probRoiAbove1: number | null;
  /** Share of draws whose expected cumulative discounted benefits have reached costs by each year (index 0 = year 1). */
  paybackByYear: number[] | null;
  /** The draws' expected NPVs, in bins of a round width. */
  npvHistogram: Bin[] | null;
}

export const uncertaintyWords = {
  uncertainty: 'Uncertainty interval: the central 90% of outcomes over parameter draws and replications, so uncertainty about the parameters and chance together. It does not narrow as replications grow: it is the range to read for a decision.',
  monteCarlo: 'Monte Carlo error: the 95% confidence interval of the expected value. It narrows as replications grow; it says how precisely the simulation has estimated the expected value, not how sure the answer is.',
  draws: 'Chances are shares of parameter draws, each judged on its expected figures.',
};

/** The headline figures of one replication. */
export function replicationFigures(open: number, weighted: number, waiting: number, a: Appraisal | null): ReplicationFigures {
  const values: HeadlineValues = {
    npv: a?.npv ?? NaN,
    pvCosts: a?.pvCosts ?? NaN,
    pvBenefits: a?.pvBenefits ?? NaN,
    bcr: a?.bcr ?? NaN,
    roi: a?.fiscalRoi ?? NaN,
    costPerPersonSupported: a?.costPer?.personSupported ?? NaN,
    costPerMoveOn: a?.costPer?.moveOn ?? NaN,
    costPerIntensiveYear: a?.costPer?.intensiveYear ?? NaN,
    openCaseload: open,
    weightedCaseload: weighted,
    waiting,
  };
  return { values, cumulativeCosts: a ? a.byYear.cumulativeDiscountedCosts : null, cumulativeBenefits: a ? a.byYear.cumulativeDiscountedBenefits : null };
}

/** Summarises figures by draw (byDraw[d][r]: replication r of draw d; every draw has the same number). */
export function summarizeUncertainty(u: Uncertainty, byDraw: readonly (readonly ReplicationFigures[])[]): UncertaintySummary {
  const D = byDraw.length;
  const R = byDraw[0]?.length ?? 0;
  if (D === 0 || R === 0 || byDraw.some((d) => d.length !== R)) throw new RangeError('summarizeUncertainty needs draws with the same, non-zero number of replications');
  const headline: UncertaintySummary['headline'] = {};
  const drawMean = (key: HeadlineKey): number[] => byDraw.map((d) => mean(d.map((f) => f.values[key]).filter(Number.isFinite))).filter(Number.isFinite);
  for (const key of headlineKeys) {
    const all = byDraw.flatMap((d) => d.map((f) => f.values[key])).filter(Number.isFinite);
    if (all.length === 0) continue;
    const spread = summarizeAs(all, 'spread');
    const means = drawMean(key);
    const mc = means.length > 1 ? summarizeAs(means, 'mean') : { lo: NaN, hi: NaN };
    const r = rounder(key);
    headline[key] = { mean: r(mean(all)), uncertainty: { lo: r(spread.lo), hi: r(spread.hi) }, monteCarlo: { lo: r(mc.lo), hi: r(mc.hi) } };
  }
  const economics = byDraw[0][0].cumulativeCosts !== null;
  const npvs = economics ? byDraw.map((d) => mean(d.map((f) => f.values.npv))) : [];
  const rois = economics ? drawMean('roi') : [];
  const years = economics ? byDraw[0][0].cumulativeCosts!.length : 0;
  const paidBy = economics
    ? byDraw.map((d) => {
        const avg = (pick: (f: ReplicationFigures) => number[]): number[] => Array.from({ length: years }, (_, y) => mean(d.map((f) => pick(f)[y])));
        return payback(avg((f) => f.cumulativeCosts!), avg((f) => f.cumulativeBenefits!));
      })
    : [];
  return {
    explain: uncertaintyWords,
    draws: D,
    replicationsPerDraw: R,
    parameters: drawnParameters(u).map((p) => ({
      name: p.name,
      label: p.label,
      paths: p.paths.map(joinPath),
      unit: unitText(p.unit),
      base: p.base,
      from: p.distribution ?? 'posterior',
      ...(p.source !== undefined && { source: p.source }),
      ...(p.assumption !== undefined && { assumption: p.assumption }),
    })),
    headline,
    probNpvPositive: economics ? share(npvs, (x) => x > 0) : null,
    probRoiAbove1: economics && rois.length > 0 ? share(rois, (x) => x > 1) : null,
    paybackByYear: economics ? Array.from({ length: years }, (_, y) => share(paidBy, (p) => p !== null && p <= y + 1)) : null,
    npvHistogram: economics ? histogram(npvs) : null,
  };
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
const share = <T>(xs: readonly T[], f: (x: T) => boolean): number => sig(xs.filter(f).length / xs.length);
const sig = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) + 0 : x);
const pence = (x: number): number => (Number.isFinite(x) ? Math.round(x * 100) / 100 + 0 : x);

/** Money to the penny; ratios and counts to 6 significant digits. */
const rounder = (key: HeadlineKey): ((x: number) => number) => (key === 'bcr' || key === 'roi' || key.endsWith('Caseload') || key === 'waiting' ? sig : pence);
