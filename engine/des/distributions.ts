import type { Rng } from './rng.ts';
import { logGamma, openUniform } from './special.ts';

/**
 * A probability distribution: its theoretical moments and a sampler.
 * `sample` draws only from the rng it is given and keeps no state between calls,
 * so one distribution can be shared by many streams without breaking common random numbers.
 */
export interface Distribution {
  /** The distribution family, as in `DistributionSpec['type']`. */
  readonly kind: string;
  /** Theoretical mean. */
  readonly mean: number;
  /** Theoretical variance. */
  readonly variance: number;
  /** One draw. Does not allocate. */
  sample(rng: Rng): number;
}

/** Thrown for invalid distribution parameters; the message names the parameter and the bad value. */
export class DistributionError extends Error {
  override name = 'DistributionError';
}

// ---------------------------------------------------------------------------
// Validation

function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

function fail(kind: string, param: string, expected: string, got: unknown): never {
  throw new DistributionError(`${kind}: ${param} must be ${expected}, got ${show(got)}`);
}

/** Checks x is a finite number (scenario files are untyped data) and returns it. */
function finite(kind: string, param: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(kind, param, 'a finite number', x);
  return x;
}

function positive(kind: string, param: string, x: unknown): number {
  if (finite(kind, param, x) <= 0) fail(kind, param, '> 0', x);
  return x as number;
}

function finiteArray(kind: string, param: string, xs: unknown): number[] {
  if (!Array.isArray(xs) || xs.length === 0) fail(kind, param, 'a non-empty array of numbers', xs);
  xs.forEach((x, i) => finite(kind, `${param}[${i}]`, x));
  return xs as number[];
}

function make(kind: string, mean: number, variance: number, sample: (rng: Rng) => number): Distribution {
  return Object.freeze({ kind, mean, variance, sample });
}

// ---------------------------------------------------------------------------
// Special functions

const SQRT_2PI = 2.5066282746310002; // sqrt(2π)
const LN_SQRT_2PI = 0.9189385332046728; // ln sqrt(2π)

/** Standard normal density. */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

// W. J. Cody (1969), as used by R's pnorm: ~1e-16 relative accuracy in both tails.
const CA = [2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582, 18154.981253343561249, 0.065682337918207449113];
const CB = [47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956];
const CC = [
  0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979, 597.27027639480026226, 2494.5375852903726711,
  6848.1904505362823326, 11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8,
];
const CD = [
  22.266688044328115691, 235.38790178262499861, 1519.377599407554805, 6485.558298266760755, 18615.571640885098091,
  34900.952721145977266, 38912.003286093271411, 19685.429676859990727,
];
const CP = [0.21589853405795699, 0.1274011611602473639, 0.022235277870649807, 0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303];
const CQ = [1.28426009614491121, 0.468238212480865118, 0.0659881378689285515, 0.00378239633202758244, 7.29751555083966205e-5];

/** Standard normal CDF Φ(x), accurate to ~1e-15 relative in both tails (use Φ(-x) for the upper tail). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.67448975) {
    const s = x * x;
    let num = CA[4] * s;
    let den = s;
    for (let i = 0; i < 3; i++) {
      num = (num + CA[i]) * s;
      den = (den + CB[i]) * s;
    }
    return 0.5 + (x * (num + CA[3])) / (den + CB[3]);
  }
  let tail: number; // P(Z > y)
  if (y <= 5.656854249492380195) {
    let num = CC[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CC[i]) * y;
      den = (den + CD[i]) * y;
    }
    tail = (num + CC[7]) / (den + CD[7]);
  } else if (y < 37.5193) {
    const s = 1 / (y * y);
    let num = CP[5] * s;
    let den = s;
    for (let i = 0; i < 4; i++) {
      num = (num + CP[i]) * s;
      den = (den + CQ[i]) * s;
    }
    tail = (1 / SQRT_2PI - (s * (num + CP[4])) / (den + CQ[4])) / y;
  } else {
    return x > 0 ? 1 : 0;
  }
  // exp(-y²/2) split in two so the rounding of y² does not cost accuracy far in the tail.
  const yy = Math.trunc(y * 16) / 16;
  tail *= Math.exp(-0.5 * yy * yy) * Math.exp(-0.5 * (y - yy) * (y + yy));
  return x > 0 ? 1 - tail : tail;
}

// P. J. Acklam's rational approximation (relative error 1.15e-9), then one Halley step.
const QA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const QB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const QC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile Φ⁻¹(p), ~1e-15 relative accuracy; ±Infinity at 0 and 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  // Work in the lower tail, where p itself (not 1 - p) carries full precision.
  return p > 0.5 ? -lowerQuantile(1 - p) : lowerQuantile(p);
}

/** Φ⁻¹(p) for 0 < p <= 0.5. */
function lowerQuantile(p: number): number {
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) /
      ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((QA[0] * r + QA[1]) * r + QA[2]) * r + QA[3]) * r + QA[4]) * r + QA[5]) * q) /
      (((((QB[0] * r + QB[1]) * r + QB[2]) * r + QB[3]) * r + QB[4]) * r + 1);
  }
  if (x < -37.5) return x; // Φ underflows below here, so there is nothing to refine against.
  const u = (normalCdf(x) - p) / normalPdf(x);
  return x - u / (1 + 0.5 * x * u);
}

// ln k! summed directly for small k, Stirling's series (error < 3e-14) beyond.
const LOG_FACTORIAL: number[] = [0];
for (let k = 1; k < 30; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);

function logFactorial(k: number): number {
  if (k < 30) return LOG_FACTORIAL[k];
  const k2 = k * k;
  return (k + 0.5) * Math.log(k) - k + LN_SQRT_2PI + (1 / 12 - (1 / 360 - 1 / (1260 * k2)) / k2) / k;
}

// ---------------------------------------------------------------------------
// Samplers shared by several distributions

/**
 * Standard normal by inversion: exactly one draw, monotone in u, so switching a scenario between
 * one-draw distributions (exponential, uniform, weibull, lognormal...) keeps later draws aligned.
 */
function stdNormal(rng: Rng): number {
  return normalQuantile(openUniform(rng));
}

/** Standard normal by Marsaglia's polar method: cheaper, for inside rejection samplers. The second value is dropped to stay stateless. */
function polarNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng() - 1;
    const v = 2 * rng() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) for shape >= 1: Marsaglia & Tsang (2000). */
function stdGammaMT(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = polarNormal(rng);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = rng();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v; // cheap squeeze
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** ln of a Gamma(shape, 1) draw; for shape < 1 uses the boost G(shape+1)·U^(1/shape), in logs to avoid underflow. */
function logStdGamma(shape: number, rng: Rng): number {
  if (shape >= 1) return Math.log(stdGammaMT(shape, rng));
  return Math.log(stdGammaMT(shape + 1, rng)) + Math.log(openUniform(rng)) / shape;
}

// ---------------------------------------------------------------------------
// Distributions

/** Always `value`; consumes no draws. */
export function fixed(value: number): Distribution {
  finite('fixed', 'value', value);
  return make('fixed', value, 0, () => value);
}

/** Uniform on [min, max); min === max is allowed and gives a constant. */
export function uniform(min: number, max: number): Distribution {
  finite('uniform', 'min', min);
  finite('uniform', 'max', max);
  if (max < min) fail('uniform', 'max', `>= min (${min})`, max);
  const w = max - min;
  return make('uniform', (min + max) / 2, (w * w) / 12, (rng) => min + w * rng());
}

/** Triangular on [min, max] with peak at mode; sampled by inversion. */
export function triangular(min: number, mode: number, max: number): Distribution {
  finite('triangular', 'min', min);
  finite('triangular', 'mode', mode);
  finite('triangular', 'max', max);
  if (!(min < max)) fail('triangular', 'max', `> min (${min})`, max);
  if (mode < min || mode > max) fail('triangular', 'mode', `in [min, max] = [${min}, ${max}]`, mode);
  const w = max - min;
  const split = (mode - min) / w; // CDF at the mode
  const mean = (min + mode + max) / 3;
  const variance = (min * min + mode * mode + max * max - min * mode - min * max - mode * max) / 18;
  return make('triangular', mean, variance, (rng) => {
    const u = rng();
    return u < split ? min + Math.sqrt(u * w * (mode - min)) : max - Math.sqrt((1 - u) * w * (max - mode));
  });
}

/** Exponential with the given mean (the time scale users think in). */
export function exponential(mean: number): Distribution {
  positive('exponential', 'mean', mean);
  // log1p(-u) with u in [0, 1) is finite, and accurate for small u.
  return make('exponential', mean, mean * mean, (rng) => -mean * Math.log1p(-rng()));
}

/** Exponential with the given rate (events per unit time); mean 1/rate. */
export function exponentialRate(rate: number): Distribution {
  positive('exponential', 'rate', rate);
  return exponential(1 / rate);
}

/** Gamma with shape k and scale θ (mean kθ): Marsaglia–Tsang, with the U^(1/k) boost for k < 1. */
export function gamma(shape: number, scale: number): Distribution {
  positive('gamma', 'shape', shape);
  positive('gamma', 'scale', scale);
  return makeGamma(shape, scale, shape * scale, shape * scale * scale);
}

function makeGamma(shape: number, scale: number, mean: number, variance: number): Distribution {
  if (shape >= 1) return make('gamma', mean, variance, (rng) => scale * stdGammaMT(shape, rng));
  const inv = 1 / shape;
  return make('gamma', mean, variance, (rng) => scale * stdGammaMT(shape + 1, rng) * Math.pow(openUniform(rng), inv));
}

/** Gamma with the given mean and standard deviation: shape (mean/sd)², scale sd²/mean. */
export function gammaMeanSd(mean: number, sd: number): Distribution {
  positive('gamma', 'mean', mean);
  positive('gamma', 'sd', sd);
  const cv = sd / mean;
  return makeGamma(1 / (cv * cv), sd * cv, mean, sd * sd);
}

/** Lognormal: exp(mu + sigma·Z), with mu and sigma on the log scale. */
export function lognormal(mu: number, sigma: number): Distribution {
  finite('lognormal', 'mu', mu);
  positive('lognormal', 'sigma', sigma);
  const s2 = sigma * sigma;
  const mean = Math.exp(mu + s2 / 2);
  return makeLognormal(mu, sigma, mean, Math.expm1(s2) * mean * mean);
}

/** Lognormal with the given mean and sd on the natural scale: σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2. */
export function lognormalMeanSd(mean: number, sd: number): Distribution {
  positive('lognormal', 'mean', mean);
  positive('lognormal', 'sd', sd);
  const s2 = Math.log1p((sd / mean) * (sd / mean));
  return makeLognormal(Math.log(mean) - s2 / 2, Math.sqrt(s2), mean, sd * sd);
}

function makeLognormal(mu: number, sigma: number, mean: number, variance: number): Distribution {
  return make('lognormal', mean, variance, (rng) => Math.exp(mu + sigma * stdNormal(rng)));
}

/** Weibull with shape k and scale λ: λ(−ln(1−U))^(1/k). */
export function weibull(shape: number, scale: number): Distribution {
  positive('weibull', 'shape', shape);
  positive('weibull', 'scale', scale);
  const g1 = Math.exp(logGamma(1 + 1 / shape));
  const g2 = Math.exp(logGamma(1 + 2 / shape));
  const inv = 1 / shape;
  return make('weibull', scale * g1, scale * scale * (g2 - g1 * g1), (rng) => scale * Math.pow(-Math.log1p(-rng()), inv));
}

/**
 * Normal with the given mean and sd, truncated to [lower, upper] when bounds are given.
 * Sampled by inversion on [Φ(a), Φ(b)], so even far-tail truncation is exact and takes one draw;
 * `mean` and `variance` are those of the truncated distribution.
 */
export function normal(mean: number, sd: number, bounds?: { lower?: number; upper?: number }): Distribution {
  finite('normal', 'mean', mean);
  positive('normal', 'sd', sd);
  const lower = bounds?.lower ?? -Infinity;
  const upper = bounds?.upper ?? Infinity;
  // Infinite bounds mean "no bound"; anything else must be a number below the other bound.
  if (typeof lower !== 'number' || Number.isNaN(lower) || lower === Infinity) fail('normal', 'lower', 'a number (or -Infinity)', lower);
  if (typeof upper !== 'number' || Number.isNaN(upper) || upper === -Infinity) fail('normal', 'upper', 'a number (or Infinity)', upper);
  if (!(lower < upper)) fail('normal', 'upper', `> lower (${lower})`, upper);
  if (lower === -Infinity && upper === Infinity) {
    return make('normal', mean, sd * sd, (rng) => mean + sd * stdNormal(rng));
  }
  let a = (lower - mean) / sd;
  let b = (upper - mean) / sd;
  // Reflect so that most of the interval lies below 0, where Φ keeps full relative precision.
  const sign = a + b > 0 ? -1 : 1;
  if (sign < 0) [a, b] = [-b, -a];
  const pa = normalCdf(a);
  const mass = normalCdf(b) - pa;
  if (!(mass > 1e-300)) {
    fail('normal', 'bounds', `an interval with probability > 1e-300 (it is ${mass.toExponential(2)})`, `[${lower}, ${upper}]`);
  }
  // Truncated moments of the standard normal on [a, b]; x·φ(x) → 0 at infinite ends.
  const da = normalPdf(a);
  const db = normalPdf(b);
  const m = (da - db) / mass;
  const v = 1 + ((Number.isFinite(a) ? a * da : 0) - (Number.isFinite(b) ? b * db : 0)) / mass - m * m;
  const sigma = sign * sd;
  return make('normal', mean + sigma * m, sd * sd * Math.max(v, 0), (rng) => {
    let p: number;
    do p = pa + mass * rng(); while (p <= 0 || p >= 1); // only at u = 0 or rounding up to 1
    const z = normalQuantile(p);
    return mean + sigma * (z < a ? a : z > b ? b : z);
  });
}

/** 1 with probability p, else 0. */
export function bernoulli(p: number): Distribution {
  finite('bernoulli', 'p', p);
  if (p < 0 || p > 1) fail('bernoulli', 'p', 'in [0, 1]', p);
  return make('bernoulli', p, p * (1 - p), (rng) => (rng() < p ? 1 : 0));
}

/**
 * Poisson with mean lambda, exact for every lambda: inversion by sequential search for lambda < 30,
 * Hörmann's (1993) transformed rejection PTRS above.
 */
export function poisson(lambda: number): Distribution {
  finite('poisson', 'lambda', lambda);
  if (lambda < 0) fail('poisson', 'lambda', '>= 0', lambda);
  if (lambda === 0) return make('poisson', 0, 0, () => 0);
  if (lambda < 30) {
    const p0 = Math.exp(-lambda);
    return make('poisson', lambda, lambda, (rng) => {
      const u = rng();
      let k = 0;
      let p = p0;
      let cdf = p0;
      while (u >= cdf) {
        k++;
        p *= lambda / k;
        const next = cdf + p;
        if (next === cdf) break; // rounding: the cdf has stopped growing just short of 1
        cdf = next;
      }
      return k;
    });
  }
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * Math.sqrt(lambda);
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  return make('poisson', lambda, lambda, (rng) => {
    for (;;) {
      const u = rng() - 0.5;
      const v = openUniform(rng); // v = 0 would accept any k, however far out
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k; // immediate acceptance region
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -lambda + k * logLambda - logFactorial(k)) return k;
    }
  });
}

/**
 * values[i] with probability weights[i] / sum(weights). Sampled in O(1) with the Walker/Vose
 * alias table built here; one draw picks both the column and the coin.
 */
export function discrete(values: number[], weights: number[]): Distribution {
  finiteArray('discrete', 'values', values);
  finiteArray('discrete', 'weights', weights);
  if (values.length !== weights.length) fail('discrete', 'weights', `the same length as values (${values.length})`, `length ${weights.length}`);
  let total = 0;
  weights.forEach((w, i) => {
    if (w < 0) fail('discrete', `weights[${i}]`, '>= 0', w);
    total += w;
  });
  if (!(total > 0 && Number.isFinite(total))) fail('discrete', 'weights', 'summing to a finite number > 0', total);

  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += (weights[i] / total) * values[i];
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += (weights[i] / total) * (values[i] - mean) ** 2;

  // Zero-weight values are left out of the table, so rounding can never hand them a column.
  const keep = values.map((_, i) => i).filter((i) => weights[i] > 0);
  const n = keep.length;
  const value = Float64Array.from(keep, (i) => values[i]);
  const prob = Float64Array.from(keep, (i) => (weights[i] / total) * n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  prob.forEach((q, i) => (q < 1 ? small : large).push(i));
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1];
    alias[s] = l;
    prob[l] -= 1 - prob[s];
    if (prob[l] < 1) small.push(large.pop()!);
  }
  // Whatever is left is 1 up to rounding.
  for (const i of small) prob[i] = 1;
  for (const i of large) prob[i] = 1;

  return make('discrete', mean, variance, (rng) => {
    const x = rng() * n;
    const i = Math.min(Math.floor(x), n - 1);
    return x - i < prob[i] ? value[i] : value[alias[i]];
  });
}

/** Resamples the observed data, each value equally likely (the bootstrap distribution). */
export function empirical(data: number[]): Distribution {
  finiteArray('empirical', 'data', data);
  const xs = Float64Array.from(data);
  const n = xs.length;
  let mean = 0;
  for (const x of xs) mean += x / n;
  let variance = 0;
  for (const x of xs) variance += (x - mean) ** 2 / n; // population variance: the data is the distribution
  return make('empirical', mean, variance, (rng) => xs[Math.min(Math.floor(rng() * n), n - 1)]);
}

/** Beta(alpha, beta) on [0, 1], as X/(X+Y) with X, Y gamma draws; in logs when a shape is < 1, where X and Y can underflow. */
export function betaDist(alpha: number, beta: number): Distribution {
  positive('beta', 'alpha', alpha);
  positive('beta', 'beta', beta);
  const s = alpha + beta;
  const mean = alpha / s;
  const variance = (alpha * beta) / (s * s * (s + 1));
  if (alpha >= 1 && beta >= 1) {
    return make('beta', mean, variance, (rng) => {
      const x = stdGammaMT(alpha, rng);
      return x / (x + stdGammaMT(beta, rng));
    });
  }
  return make('beta', mean, variance, (rng) => {
    const lx = logStdGamma(alpha, rng);
    return 1 / (1 + Math.exp(logStdGamma(beta, rng) - lx));
  });
}

// ---------------------------------------------------------------------------
// Data-driven construction

/** A distribution described as plain data, as in scenario files. */
export type DistributionSpec =
  | { type: 'fixed'; value: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'triangular'; min: number; mode: number; max: number }
  | { type: 'exponential'; mean: number }
  | { type: 'exponential'; rate: number }
  | { type: 'gamma'; shape: number; scale: number }
  | { type: 'gamma'; mean: number; sd: number }
  | { type: 'lognormal'; mu: number; sigma: number }
  | { type: 'lognormal'; mean: number; sd: number }
  | { type: 'weibull'; shape: number; scale: number }
  | { type: 'normal'; mean: number; sd: number; lower?: number; upper?: number }
  | { type: 'bernoulli'; p: number }
  | { type: 'poisson'; lambda: number }
  | { type: 'discrete'; values: number[]; weights: number[] }
  | { type: 'empirical'; data: number[] }
  | { type: 'beta'; alpha: number; beta: number };

/** Builds a distribution from its spec; throws DistributionError for unknown types or bad parameters. */
export function fromSpec(spec: DistributionSpec): Distribution {
  if (typeof spec !== 'object' || spec === null) throw new DistributionError(`distribution spec must be an object, got ${show(spec)}`);
  // Some families take either of two parameterisations: exactly one must be given.
  const pick = (a: string, b: string): boolean => {
    if ((a in spec) === (b in spec)) throw new DistributionError(`${spec.type}: give either ${a} or ${b}, not ${a in spec ? 'both' : 'neither'}`);
    return a in spec;
  };
  switch (spec.type) {
    case 'fixed': return fixed(spec.value);
    case 'uniform': return uniform(spec.min, spec.max);
    case 'triangular': return triangular(spec.min, spec.mode, spec.max);
    case 'exponential': return pick('mean', 'rate') ? exponential((spec as { mean: number }).mean) : exponentialRate((spec as { rate: number }).rate);
    case 'gamma': {
      if (pick('mean', 'shape')) { const s = spec as { mean: number; sd: number }; return gammaMeanSd(s.mean, s.sd); }
      const s = spec as { shape: number; scale: number };
      return gamma(s.shape, s.scale);
    }
    case 'lognormal': {
      if (pick('mean', 'mu')) { const s = spec as { mean: number; sd: number }; return lognormalMeanSd(s.mean, s.sd); }
      const s = spec as { mu: number; sigma: number };
      return lognormal(s.mu, s.sigma);
    }
    case 'weibull': return weibull(spec.shape, spec.scale);
    case 'normal':
      return spec.lower === undefined && spec.upper === undefined
        ? normal(spec.mean, spec.sd)
        : normal(spec.mean, spec.sd, { lower: spec.lower, upper: spec.upper });
    case 'bernoulli': return bernoulli(spec.p);
    case 'poisson': return poisson(spec.lambda);
    case 'discrete': return discrete(spec.values, spec.weights);
    case 'empirical': return empirical(spec.data);
    case 'beta': return betaDist(spec.alpha, spec.beta);
    default:
      throw new DistributionError(`distribution type must be one of fixed, uniform, triangular, exponential, gamma, lognormal, weibull, normal, bernoulli, poisson, discrete, empirical, beta; got ${show((spec as { type: unknown }).type)}`);
  }
}
