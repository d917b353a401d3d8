/**
 * A calibration parameter's prior: the distribution (a sweep's
 * ParamDistribution, in the unit the scenario writes at the path), the range
 * a calibration draws it from, the unconstrained space its particles move in,
 * and its density there. Bounded priors move on the logit scale and priors
 * bounded on one side on the log scale, so a Gaussian step never leaves the
 * support; an infinite tail is cut at its 10⁻⁶ quantile (the checked range).
 */
import { logGamma } from '../des/special.ts';
import { normal } from '../des/distributions.ts';
import { betaShape, gammaShape, lognormalShape, truncatedNormal, type ParamDistribution } from '../sweep/families.ts';
import { distributionMean, quantile } from '../sweep/quantiles.ts';

/** How a value x maps to the unconstrained φ the particles move in. */
export type Transform = 'logit' | 'log' | 'log-upper' | 'identity';

/** The part of each tail a calibration leaves out: the range [q(TAIL), q(1 − TAIL)] is what is checked against the scenario and drawn from. */
export const TAIL = 1e-6;

export interface Prior {
  distribution: ParamDistribution;
  transform: Transform;
  /** The support's natural ends (perhaps infinite): the transform's bounds. */
  lower: number;
  upper: number;
  /** The range drawn from and checked: the support without each tail's 10⁻⁶. */
  low: number;
  high: number;
}

/** The prior of a distribution: its transform and ranges. */
export function prior(d: ParamDistribution): Prior {
  const [lower, upper] = support(d);
  const transform: Transform = Number.isFinite(lower) ? (Number.isFinite(upper) ? 'logit' : 'log') : Number.isFinite(upper) ? 'log-upper' : 'identity';
  return { distribution: d, transform, lower, upper, low: quantile(d, TAIL), high: quantile(d, 1 - TAIL) };
}

function support(d: ParamDistribution): [number, number] {
  switch (d.type) {
    case 'uniform':
    case 'triangular':
      return [d.min, d.max];
    case 'normal':
      return [d.min ?? -Infinity, d.max ?? Infinity];
    case 'lognormal':
    case 'gamma':
      return [0, Infinity];
    case 'beta':
      return [0, 1];
  }
}

/** ln(1 + e^x) without overflow. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** φ for a value strictly inside the support. */
export function toPhi(p: Prior, x: number): number {
  switch (p.transform) {
    case 'logit': {
      const s = (x - p.lower) / (p.upper - p.lower);
      return Math.log(s) - Math.log1p(-s);
    }
    case 'log':
      return Math.log(x - p.lower);
    case 'log-upper':
      return Math.log(p.upper - x);
    case 'identity':
      return x;
  }
}

/** The value at φ. */
export function fromPhi(p: Prior, phi: number): number {
  switch (p.transform) {
    case 'logit': {
      const s = phi >= 0 ? 1 / (1 + Math.exp(-phi)) : Math.exp(phi) / (1 + Math.exp(phi));
      return p.lower + (p.upper - p.lower) * s;
    }
    case 'log':
      return p.lower + Math.exp(phi);
    case 'log-upper':
      return p.upper - Math.exp(phi);
    case 'identity':
      return phi;
  }
}

/** ln |dx/dφ|. */
export function logJacobian(p: Prior, phi: number): number {
  switch (p.transform) {
    case 'logit':
      return Math.log(p.upper - p.lower) - softplus(-phi) - softplus(phi);
    case 'log':
    case 'log-upper':
      return phi;
    case 'identity':
      return 0;
  }
}

/** Whether a value is one a calibration may use: inside the drawn range (and so strictly inside the support). */
export const inRange = (p: Prior, x: number): boolean => x >= p.low && x <= p.high && x > p.lower && x < p.upper;

/** ln of the prior density at x (−Infinity outside the support). The density is not renormalised for the cut tails (a constant). */
export function logDensity(d: ParamDistribution, x: number): number {
  switch (d.type) {
    case 'uniform':
      return x >= d.min && x <= d.max ? -Math.log(d.max - d.min) : -Infinity;
    case 'triangular': {
      const w = d.max - d.min;
      if (x < d.min || x > d.max) return -Infinity;
      return x < d.mode || (x === d.mode && d.mode > d.min) ? Math.log((2 * (x - d.min)) / (w * (d.mode - d.min))) : Math.log((2 * (d.max - x)) / (w * (d.max - d.mode)));
    }
    case 'normal': {
      if ((d.min !== undefined && x < d.min) || (d.max !== undefined && x > d.max)) return -Infinity;
      const z = (x - d.mean) / d.sd;
      const mass = d.min === undefined && d.max === undefined ? 1 : truncatedNormal(d).mass;
      return -0.5 * z * z - Math.log(d.sd * Math.sqrt(2 * Math.PI) * mass);
    }
    case 'lognormal': {
      if (!(x > 0)) return -Infinity;
      const { mu, sigma } = lognormalShape(d.mean, d.sd);
      const z = (Math.log(x) - mu) / sigma;
      return -0.5 * z * z - Math.log(x * sigma * Math.sqrt(2 * Math.PI));
    }
    case 'gamma': {
      if (!(x > 0)) return -Infinity;
      const { k, theta } = gammaShape(d.mean, d.sd);
      return (k - 1) * Math.log(x) - x / theta - logGamma(k) - k * Math.log(theta);
    }
    case 'beta': {
      if (!(x > 0 && x < 1)) return -Infinity;
      const { a, b } = betaShape(d.mean, d.sd);
      return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
    }
  }
}

/** ln of the density of φ: the prior's density at x(φ) times |dx/dφ|. */
export const logDensityPhi = (p: Prior, phi: number): number => {
  const x = fromPhi(p, phi);
  return inRange(p, x) ? logDensity(p.distribution, x) + logJacobian(p, phi) : -Infinity;
};

/** The prior's mean, standard deviation and 90% interval, to set a posterior beside. */
export interface Spread {
  mean: number;
  sd: number;
  p5: number;
  p95: number;
}

export function priorSpread(d: ParamDistribution): Spread {
  return { mean: distributionMean(d), sd: priorSd(d), p5: quantile(d, 0.05), p95: quantile(d, 0.95) };
}

function priorSd(d: ParamDistribution): number {
  switch (d.type) {
    case 'uniform':
      return (d.max - d.min) / Math.sqrt(12);
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      return Math.sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
    }
    case 'normal':
      return d.min === undefined && d.max === undefined ? d.sd : Math.sqrt(normal(d.mean, d.sd, { lower: d.min, upper: d.max }).variance);
    case 'lognormal':
    case 'gamma':
    case 'beta':
      return d.sd;
  }
}
