/**
 * The PSA's parameter distributions: the families a sweep or an uncertainty
 * section may give (by the moments users know, or by a range), the plain
 * sentence that says what is wrong with one, and each family's own shape
 * parameters.
 */
import { normalCdf } from '../des/distributions.ts';
import { messageNumber } from './quantity.ts';

/**
 * Uncertainty about one parameter. Every family is given by the moments users
 * know (mean and sd of the value itself) or by its range.
 */
export type ParamDistribution =
  | { type: 'uniform'; min: number; max: number }
  | { type: 'triangular'; min: number; mode: number; max: number }
  /** Optionally truncated to [min, max]. */
  | { type: 'normal'; mean: number; sd: number; min?: number; max?: number }
  /** mean and sd of the value itself (not of its log). */
  | { type: 'lognormal'; mean: number; sd: number }
  | { type: 'gamma'; mean: number; sd: number }
  /** A value in (0, 1), e.g. a probability or share. */
  | { type: 'beta'; mean: number; sd: number };

const TYPES = 'uniform, triangular, normal, lognormal, gamma, beta';

/** Like messageNumber, but rounded towards zero, so "below fmtDown(x)" is true of the number printed. */
function fmtDown(x: number): string {
  const scale = 10 ** (2 - Math.floor(Math.log10(Math.abs(x))));
  return String(Math.trunc(x * scale) / scale);
}

/**
 * null if the distribution's parameters are valid, else one plain-English
 * sentence naming the problem and its fix, e.g.
 * "beta needs sd² < mean × (1 − mean) (here 0.09 ≥ 0.0475); lower sd below 0.217".
 * Checks untyped input too (parameters may come straight from a file).
 */
export function distributionProblem(d: ParamDistribution): string | null {
  if (typeof d !== 'object' || d === null) return `a distribution must be an object with a type (one of ${TYPES}), e.g. { type: 'gamma', mean: 0.04, sd: 0.01 }`;
  const type = (d as { type: unknown }).type;
  const need: Record<string, string[]> = {
    uniform: ['min', 'max'],
    triangular: ['min', 'mode', 'max'],
    normal: ['mean', 'sd'],
    lognormal: ['mean', 'sd'],
    gamma: ['mean', 'sd'],
    beta: ['mean', 'sd'],
  };
  if (typeof type !== 'string' || !(type in need)) return `unknown distribution type ${JSON.stringify(type)}; use one of ${TYPES}`;
  const raw = d as unknown as Record<string, unknown>;
  for (const key of need[type]) {
    const x = raw[key];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `${type} needs ${key} as a finite number (here ${typeof x === 'string' ? JSON.stringify(x) : String(x)})`;
  }
  switch (d.type) {
    case 'uniform':
      return d.min < d.max ? null : `uniform needs min < max (here min ${messageNumber(d.min)} ≥ max ${messageNumber(d.max)}); ${d.min > d.max ? 'swap them' : 'widen the range, or leave a fixed value out of the sweep'}`;
    case 'triangular':
      if (!(d.min < d.max)) return `triangular needs min < max (here min ${messageNumber(d.min)} ≥ max ${messageNumber(d.max)}); ${d.min > d.max ? 'swap them' : 'widen the range'}`;
      if (d.mode < d.min || d.mode > d.max) return `triangular needs min ≤ mode ≤ max (here mode ${messageNumber(d.mode)} is outside [${messageNumber(d.min)}, ${messageNumber(d.max)}]); move the mode into the range or widen it`;
      return null;
    case 'normal': {
      const sdProblem = positiveSd(d);
      if (sdProblem) return sdProblem;
      for (const key of ['min', 'max'] as const) {
        const x = d[key];
        if (x !== undefined && (typeof x !== 'number' || Number.isNaN(x))) return `normal ${key} (truncation) must be a number when given (here ${String(x)})`;
      }
      const lower = d.min ?? -Infinity;
      const upper = d.max ?? Infinity;
      if (!(lower < upper)) return `normal truncation needs min < max (here min ${messageNumber(lower)} ≥ max ${messageNumber(upper)}); ${lower > upper ? 'swap them' : 'widen the range'}`;
      if (!(truncatedNormal(d).mass > 1e-300)) {
        return `normal truncated to [${messageNumber(lower)}, ${messageNumber(upper)}] keeps almost none of its probability (the range lies over 37 sd from the mean ${messageNumber(d.mean)}); move the mean into the range or widen it`;
      }
      return null;
    }
    case 'lognormal':
    case 'gamma':
      if (!(d.mean > 0)) return `${d.type} needs mean > 0 (here ${messageNumber(d.mean)}): its values are always positive; use normal for a quantity that can be zero or negative`;
      return positiveSd(d);
    case 'beta': {
      if (!(d.mean > 0 && d.mean < 1)) {
        const hint = d.mean > 1 && d.mean <= 100 ? ` (give a percentage as a fraction: ${messageNumber(d.mean / 100)} for ${messageNumber(d.mean)}%)` : '';
        return `beta needs 0 < mean < 1 (here ${messageNumber(d.mean)}): it describes a probability or share${hint}`;
      }
      const sdProblem = positiveSd(d);
      if (sdProblem) return sdProblem;
      const limit = d.mean * (1 - d.mean);
      if (!(d.sd * d.sd < limit)) return `beta needs sd² < mean × (1 − mean) (here ${messageNumber(d.sd * d.sd)} ≥ ${messageNumber(limit)}); lower sd below ${fmtDown(Math.sqrt(limit))}`;
      return null;
    }
  }
}

function positiveSd(d: { type: string; sd: number }): string | null {
  return d.sd > 0 ? null : `${d.type} needs sd > 0 (here ${messageNumber(d.sd)}); to hold a parameter fixed, leave it out of the sweep`;
}

/** Throws a RangeError naming the problem of an invalid distribution. */
export function checkDistribution(d: ParamDistribution): void {
  const problem = distributionProblem(d);
  if (problem !== null) throw new RangeError(problem);
}

/** Shape and scale of the gamma with this mean and sd: k = (mean/sd)², θ = sd²/mean. */
export function gammaShape(mean: number, sd: number): { k: number; theta: number } {
  const cv = sd / mean;
  return { k: 1 / (cv * cv), theta: sd * cv };
}

/** α and β of the beta with this mean and sd: α + β = mean(1 − mean)/sd² − 1. */
export function betaShape(mean: number, sd: number): { a: number; b: number } {
  const nu = (mean * (1 - mean)) / (sd * sd) - 1;
  return { a: mean * nu, b: (1 - mean) * nu };
}

/** μ and σ on the log scale of the lognormal with this mean and sd. */
export function lognormalShape(mean: number, sd: number): { mu: number; sigma: number } {
  const s2 = Math.log1p((sd / mean) * (sd / mean));
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/**
 * A normal truncated to [min, max], in standard units [a, b]. The mass is
 * computed in whichever tail keeps it precise (Φ has full relative precision
 * only below 0), so ranges far out in either tail still work.
 */
export function truncatedNormal(d: { mean: number; sd: number; min?: number; max?: number }): { a: number; b: number; mass: number } {
  const a = ((d.min ?? -Infinity) - d.mean) / d.sd;
  const b = ((d.max ?? Infinity) - d.mean) / d.sd;
  const mass = a + b > 0 ? normalCdf(-a) - normalCdf(-b) : normalCdf(b) - normalCdf(a);
  return { a, b, mass };
}
