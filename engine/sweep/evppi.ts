/**
 * The expected value of partial perfect information (EVPPI) of a parameter, or
 * a group of parameters, from a PSA sample, by the non-parametric regression
 * method of Strong, Oakley and Brennan (2014, Medical Decision Making
 * 34(3):311-326). Knowing θ for certain, one would choose the option with the
 * highest E[NB | θ]; the regression of each draw's net benefit on θ estimates
 * that conditional mean at every draw, so
 *   EVPPI = mean over draws of max over options of the fitted value
 *         − max over options of the mean fitted value,
 * clamped at 0. Each option's incremental net benefit against a reference
 * option is fitted (the reference's is 0), which saves one fit.
 *
 * The regression:
 * - one parameter: a penalised regression spline (P-spline, smoothing by REML;
 *   pspline.ts), SOB's GAM;
 * - a group: Gaussian-process regression with a squared-exponential covariance
 *   and hyperparameters by maximum marginal likelihood (SOB §3.2; gp.ts).
 *   Chosen over tensor-product smooths, whose basis grows as kᵖ with the
 *   group's size, and over additive smooths, which miss interactions that net
 *   benefit is full of (unit cost × use, benefits × (1 − optimism bias) ×
 *   (1 − deadweight)). Its cost grows as the cube of the draws fitted, so it is
 *   fitted on at most GP_MAX_DRAWS, evenly spaced through the sample (every
 *   k-th draw: deterministic), and predicts at every draw.
 *
 * Standard error: the spread of the EVPPI over REPLICATES draws of the fitted
 * values from the regression's posterior (SOB §2.4; voi's se = TRUE), on at most
 * SE_MAX_DRAWS evenly spaced draws: the uncertainty of the fit, not the Monte
 * Carlo error of the PSA sample itself. The draws come from the stream passed
 * in, so the result is fixed by the seed.
 */
import type { Rng } from '../des/rng.ts';
import { fitGp, hyperDraws } from './gp.ts';
import { fitPSpline } from './pspline.ts';

export const GP_MAX_DRAWS = 1000;
export const SE_MAX_DRAWS = 1000;
export const REPLICATES = 500;
/** Fewer draws than this cannot support a smooth fit. */
export const MIN_DRAWS = 10;

export interface EvppiEstimate {
  /** In the net benefit's unit (£), at least 0. */
  evppi: number;
  /** Standard error of the estimate from the regression's uncertainty. */
  se: number;
  method: 'spline' | 'gp';
  /** Draws the regression was fitted on, of `draws`. */
  fitted: number;
  draws: number;
}

/** E[max over options] − max over options of E[·], for values by option (columns) and draw (rows of each column). */
export function valueOfInformation(byOption: readonly ArrayLike<number>[]): number {
  const n = byOption[0]?.length ?? 0;
  if (n === 0) return 0;
  let meanMax = 0;
  for (let d = 0; d < n; d++) {
    let m = -Infinity;
    for (const col of byOption) if (col[d] > m) m = col[d];
    meanMax += m;
  }
  let maxMean = -Infinity;
  for (const col of byOption) {
    let s = 0;
    for (let d = 0; d < n; d++) s += col[d];
    maxMean = Math.max(maxMean, s);
  }
  return (meanMax - maxMean) / n;
}

/** m indices spread evenly over 0..n−1 (all of them when n ≤ m). */
export function evenly(n: number, m: number): number[] {
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: m }, (_, i) => Math.floor((i * n) / m));
}

/**
 * EVPPI of the parameters whose sampled values are `inputs[d]` (one array per
 * draw, one entry per parameter), for net benefits nb[d][o]; `reference` is the
 * option the others are taken against. Null with fewer than MIN_DRAWS draws.
 */
export function evppi(nb: readonly (readonly number[])[], inputs: readonly (readonly number[])[], reference: number, rng: Rng): EvppiEstimate | null {
  const n = nb.length;
  if (n < MIN_DRAWS || inputs.length !== n) return null;
  const options = nb[0].length;
  // A parameter that takes one value carries no information.
  const varying = (inputs[0] ?? []).map((_, k) => k).filter((k) => inputs.some((r) => r[k] !== inputs[0][k]));
  const x = inputs.map((r) => varying.map((k) => r[k]));
  const method = varying.length > 1 ? 'gp' : 'spline';
  const seAt = method === 'gp' ? evenly(n, GP_MAX_DRAWS) : evenly(n, SE_MAX_DRAWS);
  const zero = { fitted: new Float64Array(n), replicate: (): Float64Array => new Float64Array(seAt.length) };

  const fits = Array.from({ length: options }, (_, o) => {
    if (o === reference) return zero;
    const y = nb.map((r) => r[o] - r[reference]);
    if (varying.length === 0) {
      const m = y.reduce((s, v) => s + v, 0) / n;
      return { fitted: new Float64Array(n).fill(m), replicate: () => new Float64Array(seAt.length).fill(m) };
    }
    if (method === 'spline') {
      const s = fitPSpline(x.map((r) => r[0]), y);
      return { fitted: s.fitted, replicate: (): Float64Array => s.replicate(seAt, rng) };
    }
    const g = fitGp(x, y, seAt, evenly(seAt.length, hyperDraws(varying.length, seAt.length)).map((i) => seAt[i]));
    return { fitted: g.predicted, replicate: (): Float64Array => g.replicate(rng) };
  });

  const value = Math.max(0, valueOfInformation(fits.map((f) => f.fitted)));
  const reps = Array.from({ length: REPLICATES }, () => valueOfInformation(fits.map((f) => f.replicate())));
  const mean = reps.reduce((s, v) => s + v, 0) / reps.length;
  const se = Math.sqrt(reps.reduce((s, v) => s + (v - mean) ** 2, 0) / (reps.length - 1));
  return { evppi: value, se, method, fitted: method === 'gp' ? seAt.length : n, draws: n };
}
