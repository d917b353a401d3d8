/**
 * Sampling mathematics for sweeps and probabilistic sensitivity analysis:
 * parameter distributions by their inverse CDFs, Latin hypercube and plain
 * Monte Carlo designs on the unit cube, and Iman–Conover rank correlation.
 * Pure: numbers in, numbers out, randomness only from the Rng passed in.
 */
import { logGamma, normal, normalCdf, normalQuantile } from '../des/distributions.ts';
import type { Rng } from '../des/rng.ts';

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

// ---------------------------------------------------------------------------
// Validation

/** A number for a message: 3 significant digits, enough to recognise the input. */
function fmt(x: number): string {
  return Number.isFinite(x) && !Number.isInteger(x) ? String(Number(x.toPrecision(3))) : String(x);
}

/** Like fmt, but rounded towards zero, so "below fmtDown(x)" is true of the number printed. */
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
      return d.min < d.max ? null : `uniform needs min < max (here min ${fmt(d.min)} ≥ max ${fmt(d.max)}); ${d.min > d.max ? 'swap them' : 'widen the range, or leave a fixed value out of the sweep'}`;
    case 'triangular':
      if (!(d.min < d.max)) return `triangular needs min < max (here min ${fmt(d.min)} ≥ max ${fmt(d.max)}); ${d.min > d.max ? 'swap them' : 'widen the range'}`;
      if (d.mode < d.min || d.mode > d.max) return `triangular needs min ≤ mode ≤ max (here mode ${fmt(d.mode)} is outside [${fmt(d.min)}, ${fmt(d.max)}]); move the mode into the range or widen it`;
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
      if (!(lower < upper)) return `normal truncation needs min < max (here min ${fmt(lower)} ≥ max ${fmt(upper)}); ${lower > upper ? 'swap them' : 'widen the range'}`;
      if (!(truncatedNormal(d).mass > 1e-300)) {
        return `normal truncated to [${fmt(lower)}, ${fmt(upper)}] keeps almost none of its probability (the range lies over 37 sd from the mean ${fmt(d.mean)}); move the mean into the range or widen it`;
      }
      return null;
    }
    case 'lognormal':
    case 'gamma':
      if (!(d.mean > 0)) return `${d.type} needs mean > 0 (here ${fmt(d.mean)}): its values are always positive; use normal for a quantity that can be zero or negative`;
      return positiveSd(d);
    case 'beta': {
      if (!(d.mean > 0 && d.mean < 1)) {
        const hint = d.mean > 1 && d.mean <= 100 ? ` (give a percentage as a fraction: ${fmt(d.mean / 100)} for ${fmt(d.mean)}%)` : '';
        return `beta needs 0 < mean < 1 (here ${fmt(d.mean)}): it describes a probability or share${hint}`;
      }
      const sdProblem = positiveSd(d);
      if (sdProblem) return sdProblem;
      const limit = d.mean * (1 - d.mean);
      if (!(d.sd * d.sd < limit)) return `beta needs sd² < mean × (1 − mean) (here ${fmt(d.sd * d.sd)} ≥ ${fmt(limit)}); lower sd below ${fmtDown(Math.sqrt(limit))}`;
      return null;
    }
  }
}

function positiveSd(d: { type: string; sd: number }): string | null {
  return d.sd > 0 ? null : `${d.type} needs sd > 0 (here ${fmt(d.sd)}); to hold a parameter fixed, leave it out of the sweep`;
}

function check(d: ParamDistribution): void {
  const problem = distributionProblem(d);
  if (problem !== null) throw new RangeError(problem);
}

// ---------------------------------------------------------------------------
// Parameterisations

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

// ---------------------------------------------------------------------------
// Regularized incomplete gamma and beta functions

const TINY = 1e-300; // keeps Lentz's continued fractions off zero denominators
const EPS = 3e-16; // just over the spacing of doubles at 1, which |del − 1| cannot go below unless 0
const MAX_TERMS = 1_000_000; // series and fractions need O(√shape) terms

/**
 * ln Γ(m + 1) − [(m + ½) ln m − m + ln √(2π)]: the error of Stirling's formula.
 * Series beyond 15 (Loader 2000), directly from ln Γ below, where nothing cancels.
 */
function stirlerr(m: number): number {
  if (m <= 15) return logGamma(m + 1) - (m + 0.5) * Math.log(m) + m - 0.5 * Math.log(2 * Math.PI);
  const m2 = m * m;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * m2)) / m2) / m2) / m2) / m;
}

/**
 * k ln(k/x) + x − k ≥ 0, without the cancellation of its three terms when
 * x ≈ k (Loader 2000): by a series in v = (k − x)/(k + x) there.
 */
function bd0(k: number, x: number): number {
  if (!(Math.abs(k - x) < 0.1 * (k + x))) return k * Math.log(k / x) + x - k;
  let v = (k - x) / (k + x);
  let s = (k - x) * v;
  let ej = 2 * k * v;
  v *= v;
  for (let j = 1; j < 1000; j++) {
    ej *= v;
    const next = s + ej / (2 * j + 1);
    if (next === s) return s;
    s = next;
  }
  return s;
}

/**
 * P(k, x) and Q(k, x) = 1 − P, and ln(x^k e^−x / Γ(k)) (which is ln(x · density)).
 * Series for x < k + 1, Lentz's continued fraction for Q beyond (Numerical
 * Recipes §6.2): each is computed where it does not suffer cancellation.
 * For large k, k ln x, x and ln Γ(k) are each ~k while their sum is O(ln k),
 * so the shared factor is assembled from bd0 and Stirling's error instead.
 */
function incGamma(k: number, x: number): { p: number; q: number; lnFront: number } {
  if (!(x > 0)) return { p: 0, q: 1, lnFront: -Infinity };
  if (x === Infinity) return { p: 1, q: 0, lnFront: -Infinity };
  const lnFront = Math.log(k) - bd0(k, x) - 0.5 * Math.log(2 * Math.PI * k) - stirlerr(k); // = k ln x − x − ln Γ(k)
  if (x < k + 1) {
    let term = 1 / k;
    let sum = term;
    for (let n = 1; n < MAX_TERMS && term > sum * EPS; n++) {
      term *= x / (k + n);
      sum += term;
    }
    const p = Math.exp(lnFront) * sum;
    return { p, q: 1 - p, lnFront };
  }
  let b = x + 1 - k;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - k);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(lnFront) * h;
  return { p: 1 - q, q, lnFront };
}

/**
 * I_x(a, b), its complement, and ln(x^a y^b / B(a, b)); y = 1 − x is passed
 * separately so that values near 1 keep their precision. The continued
 * fraction converges fast below (a + 1)/(a + b + 2); above, the symmetry
 * I_x(a, b) = 1 − I_y(b, a) is used (Numerical Recipes §6.4).
 */
function incBeta(a: number, b: number, x: number, y: number): { lower: number; upper: number; lnFront: number } {
  if (!(x > 0)) return { lower: 0, upper: 1, lnFront: -Infinity };
  if (!(y > 0)) return { lower: 1, upper: 0, lnFront: -Infinity };
  const n = a + b; // ln(x^a y^b Γ(n) / (Γ(a) Γ(b))), by the same saddle-point split as in incGamma
  const lnFront = 0.5 * Math.log((a * b) / (2 * Math.PI * n)) - bd0(a, n * x) - bd0(b, n * y) + stirlerr(n) - stirlerr(a) - stirlerr(b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(lnFront) * betaFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower, lnFront };
  }
  const upper = (Math.exp(lnFront) * betaFraction(b, a, y)) / b;
  return { lower: 1 - upper, upper, lnFront };
}

/** The continued fraction for I_x(a, b), by Lentz's method. */
function betaFraction(a: number, b: number, x: number): number {
  const clamp = (v: number): number => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / clamp(1 + aa * d);
    c = clamp(1 + aa / c);
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / clamp(1 + aa * d);
    c = clamp(1 + aa / c);
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

// ---------------------------------------------------------------------------
// Numerical inversion

/** f, df/dt and (d²f/dt²)/(df/dt) at t, for an increasing f. */
type Eval = (t: number) => { f: number; d: number; c: number };

/**
 * Root of an increasing f on [lo, hi], by Halley steps kept inside a bracket
 * that shrinks with every evaluation; a step that would leave it bisects
 * instead, so the search cannot diverge. The inversions below solve in
 * t = ln x: tails that span hundreds of orders of magnitude are then a short
 * interval, a step in t is a relative step in x, and power-law tails are
 * nearly linear. Stops once a step is below tol(t), or the bracket is down
 * to adjacent doubles (f is then noise).
 */
function solveIncreasing(ev: Eval, t: number, lo: number, hi: number, tol: (t: number) => number): number {
  for (let i = 0; i < 200; i++) {
    const { f, d, c } = ev(t);
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    const u = f / d;
    const step = u / (1 - 0.5 * Math.max(-1, Math.min(1, u * c)));
    const next = t - step;
    // Converging quadratically, so what is left is ~step²; a step this small can also be rounding noise that lands on the bracket.
    if (Math.abs(step) <= tol(t)) return next > lo && next < hi ? next : t;
    if (next > lo && next < hi) t = next;
    else {
      const mid = 0.5 * (lo + hi);
      if (!(mid > lo && mid < hi)) return t;
      t = mid;
    }
  }
  return t;
}

// Every double x > 0 has ln x in [−745, 710].
const LN_MIN = -745.2;
const LN_MAX = 709.8;

/** x with P(k, x) = p (unit scale). Works on the smaller tail, where the target keeps full precision. */
function gammaQuantile(k: number, p: number): number {
  const lower = p <= 0.5;
  const target = lower ? p : 1 - p; // exact for p ≥ 0.5
  const ev: Eval = (t) => {
    const x = Math.exp(t);
    const g = incGamma(k, x);
    return { f: lower ? g.p - target : target - g.q, d: Math.exp(g.lnFront), c: k - x };
  };
  // Starting point: Numerical Recipes' invgammp guesses (Wilson–Hilferty above shape 1, the small-x power law below).
  let x: number;
  if (k > 1) {
    const z = normalQuantile(p);
    x = k * (1 - 1 / (9 * k) + z / (3 * Math.sqrt(k))) ** 3;
    if (!(x > 0)) x = Math.exp((Math.log(p) + logGamma(k + 1)) / k);
  } else {
    const s = 1 - k * (0.253 + k * 0.12);
    x = p < s ? (p / s) ** (1 / k) : 1 - Math.log((1 - p) / (1 - s));
  }
  const t0 = Math.min(LN_MAX, Math.max(LN_MIN, Math.log(x)));
  const t = solveIncreasing(ev, Number.isFinite(t0) ? t0 : LN_MIN, LN_MIN, LN_MAX, () => 1e-13);
  return Math.exp(t);
}

/**
 * x with I_x(a, b) = p. The upper half is solved as the lower tail of 1 − x
 * (a Beta(b, a)): each tail is then found from the end it lies near, so values
 * within 1e-10 of 1 keep their precision, and the answer is monotone in p.
 */
function betaQuantile(a: number, b: number, p: number): number {
  return p <= 0.5 ? betaLowerTail(a, b, p, false) : betaLowerTail(b, a, 1 - p, true);
}

/** x with I_x(a, b) = p for p ≤ 0.5, or 1 − x if `complement`, computed without rounding x first. */
function betaLowerTail(a: number, b: number, p: number, complement: boolean): number {
  const ev: Eval = (t) => {
    const x = Math.exp(t);
    const y = -Math.expm1(t);
    const g = incBeta(a, b, x, y);
    return { f: g.lower - p, d: Math.exp(g.lnFront) / y, c: a - ((b - 1) * x) / y };
  };
  // Starting point: Numerical Recipes' invbetai guesses.
  let x: number;
  if (a >= 1 && b >= 1) {
    const z = -normalQuantile(p); // NR's sign: the upper-tail normal quantile
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const ta = Math.exp(a * Math.log(a / (a + b))) / a;
    const tb = Math.exp(b * Math.log(b / (a + b))) / b;
    const w = ta + tb;
    x = p < ta / w ? (a * w * p) ** (1 / a) : 1 - (b * w * (1 - p)) ** (1 / b);
  }
  const t0 = Math.log(x);
  // 1 − x = −expm1(t) is as precise as t is relative to itself when t is near 0.
  const tol = complement ? (t: number) => 1e-13 * Math.min(1, Math.abs(t)) : () => 1e-13;
  const t = solveIncreasing(ev, t0 > LN_MIN && t0 < 0 ? t0 : Math.log(a / (a + b)), LN_MIN, 0, tol);
  return complement ? -Math.expm1(t) : Math.exp(t);
}

// ---------------------------------------------------------------------------
// Distribution functions

/**
 * Inverse CDF at p in (0, 1); p = 0 and 1 give the ends of the support (perhaps
 * infinite). Closed forms for uniform, triangular, normal (truncated too) and
 * lognormal, ~1e-15 relative; gamma and beta by safeguarded Halley inversion of
 * the regularized incomplete gamma and beta functions, ~1e-13 relative
 * (measured against 50-digit references for shapes from 0.01 to 20,000, and
 * ~1e-14 in a spot check at shape 1e8). A truncated normal close to a bound is exact to
 * ~1e-16 of its sd, not of x (x = mean + sd·z cancels there). Monotone in p,
 * so stratified or correlated uniforms keep their structure.
 * Throws a RangeError for p outside [0, 1] or invalid parameters.
 */
export function quantile(d: ParamDistribution, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile needs a probability p in (0, 1), got ${p}`);
  check(d);
  switch (d.type) {
    case 'uniform':
      return p === 1 ? d.max : d.min + p * (d.max - d.min);
    case 'triangular': {
      const w = d.max - d.min;
      // Below the mode from the left end, above it from the right, each from its own small quantity.
      return p * w < d.mode - d.min ? d.min + Math.sqrt(p * w * (d.mode - d.min)) : d.max - Math.sqrt((1 - p) * w * (d.max - d.mode));
    }
    case 'normal': {
      if (d.min === undefined && d.max === undefined) return d.mean + d.sd * normalQuantile(p);
      if (p === 0) return d.min ?? -Infinity;
      if (p === 1) return d.max ?? Infinity;
      const { a, b, mass } = truncatedNormal(d);
      // The target's lower-tail probability L, or its upper-tail 1 − L when that is the smaller one.
      const below = (a + b > 0 ? 1 - normalCdf(-a) : normalCdf(a)) + p * mass;
      const z = below <= 0.5 ? normalQuantile(below) : -normalQuantile(normalCdf(-b) + (1 - p) * mass);
      return d.mean + d.sd * Math.min(b, Math.max(a, z));
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalShape(d.mean, d.sd);
      return Math.exp(mu + sigma * normalQuantile(p));
    }
    case 'gamma': {
      if (p === 0) return 0;
      if (p === 1) return Infinity;
      const { k, theta } = gammaShape(d.mean, d.sd);
      return theta * gammaQuantile(k, p);
    }
    case 'beta': {
      if (p === 0 || p === 1) return p;
      const { a, b } = betaShape(d.mean, d.sd);
      return betaQuantile(a, b, p);
    }
  }
}

/** CDF at x: the inverse of `quantile`. Throws a RangeError for invalid parameters. */
export function cdf(d: ParamDistribution, x: number): number {
  check(d);
  switch (d.type) {
    case 'uniform':
      return Math.min(1, Math.max(0, (x - d.min) / (d.max - d.min)));
    case 'triangular': {
      const w = d.max - d.min;
      if (x <= d.min) return 0;
      if (x >= d.max) return 1;
      return x <= d.mode ? (x - d.min) ** 2 / (w * (d.mode - d.min)) : 1 - (d.max - x) ** 2 / (w * (d.max - d.mode));
    }
    case 'normal': {
      const z = (x - d.mean) / d.sd;
      if (d.min === undefined && d.max === undefined) return normalCdf(z);
      const { a, b, mass } = truncatedNormal(d);
      if (z <= a) return 0;
      if (z >= b) return 1;
      return a + b > 0 ? (normalCdf(-a) - normalCdf(-z)) / mass : (normalCdf(z) - normalCdf(a)) / mass;
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalShape(d.mean, d.sd);
      return x > 0 ? normalCdf((Math.log(x) - mu) / sigma) : 0;
    }
    case 'gamma': {
      const { k, theta } = gammaShape(d.mean, d.sd);
      return incGamma(k, x / theta).p;
    }
    case 'beta': {
      const { a, b } = betaShape(d.mean, d.sd);
      return incBeta(a, b, x, 1 - x).lower;
    }
  }
}

/** The distribution's mean; for a truncated normal, the mean after truncation. Throws a RangeError for invalid parameters. */
export function distributionMean(d: ParamDistribution): number {
  check(d);
  switch (d.type) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular':
      return (d.min + d.mode + d.max) / 3;
    case 'normal':
      return d.min === undefined && d.max === undefined ? d.mean : normal(d.mean, d.sd, { lower: d.min, upper: d.max }).mean;
    case 'lognormal':
    case 'gamma':
    case 'beta':
      return d.mean;
  }
}

// ---------------------------------------------------------------------------
// Designs on the unit cube

function checkSize(n: number, k: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`number of samples must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`number of parameters must be a whole number ≥ 0, got ${k}`);
}

/** A uniform in (0, 1): the rare exact 0 is redrawn so every quantile stays finite. */
function openUniform(rng: Rng): number {
  let u = rng();
  while (u === 0) u = rng();
  return u;
}

/** 0 … n−1 in random order (Fisher–Yates). */
function permutation(n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  return perm;
}

const BELOW_ONE = 1 - 2 ** -53;

/**
 * n×k matrix (rows = samples) of uniforms in (0, 1), each column stratified
 * into n equal strata [i/n, (i+1)/n) with one point per stratum, at a uniform
 * position within it, the strata of each column independently permuted
 * (Latin hypercube). Draws column by column: permutation, then jitter.
 */
export function latinHypercube(n: number, k: number, rng: Rng): number[][] {
  checkSize(n, k);
  const u = Array.from({ length: n }, () => new Array<number>(k));
  for (let j = 0; j < k; j++) {
    const perm = permutation(n, rng);
    // Rounding can lift (n − 1 + u)/n to 1 for very large n; keep it in its stratum.
    for (let i = 0; i < n; i++) u[i][j] = Math.min(BELOW_ONE, (perm[i] + openUniform(rng)) / n);
  }
  return u;
}

/** n×k independent uniforms in (0, 1) (plain Monte Carlo), drawn row by row. */
export function randomUniforms(n: number, k: number, rng: Rng): number[][] {
  checkSize(n, k);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => openUniform(rng)));
}

// ---------------------------------------------------------------------------
// Correlation

/**
 * Lower-triangular L with L Lᵀ = m, reading m's lower triangle. Throws a
 * RangeError if m is not square or not positive definite (a pivot ≤ 1e-12 of
 * its diagonal entry counts as singular: rounding makes smaller ones meaningless).
 */
export function cholesky(m: number[][]): number[][] {
  const k = m.length;
  if (!m.every((row) => Array.isArray(row) && row.length === k)) throw new RangeError(`cholesky needs a square matrix; got ${k} rows of lengths ${m.map((r) => (Array.isArray(r) ? r.length : typeof r)).join(', ')}`);
  const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let pivot = m[j][j];
    for (let t = 0; t < j; t++) pivot -= l[j][t] * l[j][t];
    if (!(pivot > 1e-12 * Math.abs(m[j][j]))) {
      throw new RangeError(`matrix is not positive definite: pivot ${j + 1} of ${k} is ${fmt(pivot)}, so row ${j + 1} is (nearly) a combination of the rows before it`);
    }
    const root = Math.sqrt(pivot);
    l[j][j] = root;
    for (let i = j + 1; i < k; i++) {
      let s = m[i][j];
      for (let t = 0; t < j; t++) s -= l[i][t] * l[j][t];
      l[i][j] = s / root;
    }
  }
  return l;
}

/**
 * null if `target` is a valid k×k correlation matrix (k = number of
 * parameters: omit to take it from the matrix), else a plain-English problem
 * and fix. Indices in messages count parameters from 1.
 */
export function correlationProblem(target: number[][], k = Array.isArray(target) ? target.length : 0): string | null {
  if (!Array.isArray(target) || target.length !== k || !target.every((row) => Array.isArray(row) && row.length === k)) {
    return `the correlation matrix must be ${k}×${k}, one row and one column per parameter`;
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const r = target[i][j];
      const at = `correlation (${i + 1}, ${j + 1})`;
      if (typeof r !== 'number' || !Number.isFinite(r)) return `${at} must be a finite number, got ${String(r)}`;
      if (i === j && Math.abs(r - 1) > 1e-12) return `${at} is ${fmt(r)}, but a parameter's correlation with itself must be 1`;
      if (r < -1 || r > 1) return `${at} is ${fmt(r)}; correlations lie between −1 and 1`;
      if (j < i && Math.abs(r - target[j][i]) > 1e-12) return `the correlation matrix must be symmetric, but (${i + 1}, ${j + 1}) is ${fmt(r)} and (${j + 1}, ${i + 1}) is ${fmt(target[j][i])}; make them equal`;
      if (j < i && Math.abs(r) === 1) return `${at} is ${fmt(r)}: perfectly correlated parameters are really one parameter; use a correlation smaller in size than 1, or set both paths from one parameter`;
    }
  }
  try {
    cholesky(target);
  } catch {
    return 'the correlations contradict each other (the matrix is not positive definite): e.g. A and B, and A and C, both strongly positive force B and C to be positive too; weaken the strongest correlations';
  }
  return null;
}

/** Pearson correlation matrix of the columns of s (n×k). */
function correlationMatrix(s: Float64Array[], n: number): number[][] {
  const k = s.length;
  const c = s.map((col) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i] / n;
    const centred = col.map((x) => x - mean);
    const norm = Math.sqrt(centred.reduce((acc, x) => acc + x * x, 0));
    return centred.map((x) => x / norm);
  });
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (i === j) return 1;
      let s2 = 0;
      for (let r = 0; r < n; r++) s2 += c[i][r] * c[j][r];
      return s2;
    }),
  );
}

/**
 * Iman–Conover (1982): reorders each column of u — keeping every column's
 * values, hence its marginal (and its Latin hypercube strata), exactly — so
 * that the rank correlation matrix approaches `target` (k×k, symmetric, unit
 * diagonal). Steps: van der Waerden scores Φ⁻¹(i/(n+1)), independently
 * shuffled per column; their own sample correlation removed (Cholesky) and the
 * target's imposed, so the scores' Pearson correlation is exact; then each
 * column of u is arranged in the rank order of its score column.
 * For normal scores rank correlation is (6/π)·asin(ρ/2), not ρ, so the
 * scores are given ρ = 2 sin(π·target/6), which makes the rank correlation hit
 * the target rather than fall ~0.02 short at 0.6 (if that adjusted matrix is not
 * positive definite, the target itself is used).
 * Throws a RangeError with a plain message if target is not a valid
 * correlation matrix for u's columns. Does not modify u. Deterministic given rng.
 */
export function imposeCorrelation(u: number[][], target: number[][], rng: Rng): number[][] {
  const n = u.length;
  const k = Array.isArray(target) ? target.length : 0;
  if (!u.every((row) => Array.isArray(row) && row.length === k)) throw new RangeError(`every sample must have one value per parameter (${k}, the size of the correlation matrix)`);
  const problem = correlationProblem(target, k);
  if (problem !== null) throw new RangeError(problem);
  const out = u.map((row) => row.slice());
  if (n < 2 || k < 2) return out;

  const adjusted = target.map((row, i) => row.map((r, j) => (i === j ? 1 : 2 * Math.sin((Math.PI * r) / 6))));
  let p: number[][];
  try {
    p = cholesky(adjusted);
  } catch {
    p = cholesky(target);
  }

  const base = Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 1) / (n + 1)));
  const scores = Array.from({ length: k }, () => {
    const perm = permutation(n, rng);
    return Float64Array.from(perm, (r) => base[r]);
  });
  // With fewer samples than parameters the scores' correlation is singular: leave it then.
  let f: number[][] | null;
  try {
    f = cholesky(correlationMatrix(scores, n));
  } catch {
    f = null;
  }
  // M = F⁻ᵀ Pᵀ, by back substitution in Fᵀ M = Pᵀ; the correlated scores are then S M.
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let col = 0; col < k; col++) {
    for (let i = k - 1; i >= 0; i--) {
      let s = p[col][i]; // (Pᵀ)[i][col]
      if (f === null) {
        m[i][col] = s;
        continue;
      }
      for (let t = i + 1; t < k; t++) s -= f[t][i] * m[t][col];
      m[i][col] = s / f[i][i];
    }
  }
  for (let j = 0; j < k; j++) {
    const t = new Float64Array(n);
    for (let r = 0; r < k; r++) {
      const w = m[r][j];
      if (w === 0) continue;
      const col = scores[r];
      for (let i = 0; i < n; i++) t[i] += col[i] * w;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => t[x] - t[y] || x - y);
    const sorted = u.map((row) => row[j]).sort((x, y) => x - y);
    for (let r = 0; r < n; r++) out[order[r]][j] = sorted[r];
  }
  return out;
}

/** Ranks 1…n, ties given their average rank. */
function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const avg = (i + j + 1) / 2; // mean of ranks i+1 … j
    for (let t = i; t < j; t++) r[order[t]] = avg;
    i = j;
  }
  return r;
}

/**
 * Spearman rank correlation: Pearson correlation of the ranks, ties given
 * average ranks. NaN when either series is constant. Throws a RangeError for
 * series of different lengths, shorter than 2, or containing NaN.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman needs two series of the same length, got ${n} and ${y.length}`);
  if (n < 2) throw new RangeError(`spearman needs at least 2 pairs, got ${n}`);
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) throw new RangeError(`spearman: value ${i + 1} is NaN`);
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
