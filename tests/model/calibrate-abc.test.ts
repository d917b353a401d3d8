import { describe, expect, it } from 'vitest';
import { calibrateHere, planGeneration, posterior, summarise, type Settings } from '../../engine/calibration/abc.ts';
import { fromPhi, logDensity, logDensityPhi, logJacobian, prior, priorSpread, toPhi } from '../../engine/calibration/prior.ts';
import { chiSquareQuantile, kernelOf, logImportance, logKernel, perturbationKernel, runSlot, weightedQuantile, type Population } from '../../engine/calibration/smc.ts';
import { poisson } from '../../engine/des/distributions.ts';
import { createStream } from '../../engine/des/rng.ts';
import type { ParamDistribution } from '../../engine/sweep/families.ts';
import { cdf } from '../../engine/sweep/quantiles.ts';

/**
 * The pieces of ABC-SMC against answers known by hand or in closed form: the
 * priors' transforms and densities, Beaumont's weights with a known kernel,
 * and two conjugate models whose posteriors are known exactly.
 */

const families: ParamDistribution[] = [
  { type: 'uniform', min: 0.02, max: 0.08 },
  { type: 'triangular', min: 10, mode: 14, max: 22 },
  { type: 'normal', mean: 3, sd: 1 },
  { type: 'normal', mean: 0.5, sd: 0.3, min: 0 },
  { type: 'normal', mean: 0.5, sd: 0.3, max: 1 },
  { type: 'normal', mean: 0.5, sd: 0.3, min: 0, max: 1 },
  { type: 'lognormal', mean: 3, sd: 1.5 },
  { type: 'gamma', mean: 0.04, sd: 0.015 },
  { type: 'beta', mean: 0.65, sd: 0.1 },
];

const settings = (over: Partial<Settings> = {}): Settings => ({
  particles: 500,
  generations: 12,
  tolerance: null,
  quantile: 0.5,
  replications: 1,
  seed: 'test',
  kernel: 'gaussian',
  moves: 10,
  kernelScale: 2,
  commonRandomNumbers: true,
  minAcceptance: 0.02,
  ...over,
});

describe('priors in the unconstrained space', () => {
  it.each(families)('%o: φ round-trips, the Jacobian is dx/dφ, and the density is the derivative of the CDF', (d) => {
    const p = prior(d);
    expect(p.transform).toBe(Number.isFinite(p.lower) ? (Number.isFinite(p.upper) ? 'logit' : 'log') : Number.isFinite(p.upper) ? 'log-upper' : 'identity');
    for (const q of [0.01, 0.2, 0.5, 0.8, 0.99]) {
      const x = p.low + q * (p.high - p.low);
      const phi = toPhi(p, x);
      expect(fromPhi(p, phi)).toBeCloseTo(x, 10);
      const h = 1e-6;
      const dxdphi = (fromPhi(p, phi + h) - fromPhi(p, phi - h)) / (2 * h);
      expect(Math.exp(logJacobian(p, phi))).toBeCloseTo(Math.abs(dxdphi), 6);
      const dx = 1e-6 * (p.high - p.low);
      const pdf = (cdf(d, x + dx) - cdf(d, x - dx)) / (2 * dx);
      expect(Math.exp(logDensity(d, x)) / pdf).toBeCloseTo(1, 4);
    }
  });

  it('the density of φ is the density of x times |dx/dφ|, and 0 outside the drawn range', () => {
    const p = prior({ type: 'uniform', min: 0, max: 1 });
    // logistic density s(1 − s) at φ = 0.5
    const s = 1 / (1 + Math.exp(-0.5));
    expect(Math.exp(logDensityPhi(p, 0.5))).toBeCloseTo(s * (1 - s), 12);
    expect(logDensityPhi(p, 40)).toBe(-Infinity);
  });

  it('prior spreads: uniform and triangular sd in closed form, truncated normal narrower than its sd', () => {
    expect(priorSpread({ type: 'uniform', min: 0, max: 12 }).sd).toBeCloseTo(12 / Math.sqrt(12), 12);
    expect(priorSpread({ type: 'triangular', min: 0, mode: 0, max: 1 }).sd).toBeCloseTo(Math.sqrt(1 / 18), 12);
    expect(priorSpread({ type: 'normal', mean: 0, sd: 1, min: 0 }).sd).toBeCloseTo(Math.sqrt(1 - 2 / Math.PI), 10);
  });
});

describe('ABC-SMC pieces', () => {
  it('weighted quantile: the smallest value whose cumulative weight reaches q', () => {
    expect(weightedQuantile([5, 1, 3, 2], [0.1, 0.2, 0.3, 0.4], 0.5)).toBe(2);
    expect(weightedQuantile([5, 1, 3, 2], [0.1, 0.2, 0.3, 0.4], 0.6)).toBe(2);
    expect(weightedQuantile([5, 1, 3, 2], [0.1, 0.2, 0.3, 0.4], 0.61)).toBe(3);
    expect(weightedQuantile([5, 1, 3, 2], [0.1, 0.2, 0.3, 0.4], 1)).toBe(5);
  });

  it('the perturbation kernel is twice the weighted covariance', () => {
    const pop: Population = { phi: [[0], [1]], distance: [1, 2], weight: [0.25, 0.75] };
    // mean 0.75, variance 0.25·0.75² + 0.75·0.25² = 0.1875; kernel variance 0.375
    expect(perturbationKernel(pop).chol[0][0]).toBeCloseTo(Math.sqrt(0.375), 14);
    const two: Population = { phi: [[0, 0], [1, 2], [2, 1]], distance: [0, 0, 0], weight: [1 / 3, 1 / 3, 1 / 3] };
    const L = perturbationKernel(two).chol;
    const cov = [[L[0][0] ** 2, L[1][0] * L[0][0]], [L[1][0] * L[0][0], L[1][0] ** 2 + L[1][1] ** 2]];
    // weighted covariance [[2/3, 1/3], [1/3, 2/3]], doubled
    expect(cov[0][0]).toBeCloseTo(4 / 3, 12);
    expect(cov[0][1]).toBeCloseTo(2 / 3, 12);
    expect(cov[1][1]).toBeCloseTo(4 / 3, 12);
  });

  it('logKernel is the multivariate normal density', () => {
    const k = kernelOf([[4, 1], [1, 2]]);
    const det = 4 * 2 - 1;
    const inv = [[2 / det, -1 / det], [-1 / det, 4 / det]];
    const dx = [0.7, -0.4];
    const q = dx[0] * (inv[0][0] * dx[0] + inv[0][1] * dx[1]) + dx[1] * (inv[1][0] * dx[0] + inv[1][1] * dx[1]);
    expect(logKernel(k, dx)).toBeCloseTo(-0.5 * q - Math.log(2 * Math.PI) - 0.5 * Math.log(det), 12);
  });

  it("Beaumont's weight with a known kernel: prior density over the mixture of kernels around the previous particles", () => {
    const priors = [prior({ type: 'uniform', min: 0, max: 1 })];
    const previous: Population = { phi: [[0], [1]], distance: [0, 0], weight: [0.25, 0.75] };
    const kernel = kernelOf([[4]]); // sd 2
    const n = (x: number): number => Math.exp(-(x * x) / 8) / (2 * Math.sqrt(2 * Math.PI));
    const s = 1 / (1 + Math.exp(-0.5));
    const expected = Math.log(s * (1 - s)) - Math.log(0.25 * n(0.5) + 0.75 * n(0.5 - 1));
    expect(logImportance(priors, [0.5], previous, kernel)).toBeCloseTo(expected, 12);
  });

  it('χ² quantiles', () => {
    expect(chiSquareQuantile(1, 0.95)).toBeCloseTo(3.841459, 5);
    expect(chiSquareQuantile(2, 0.99)).toBeCloseTo(9.21034, 5);
    expect(chiSquareQuantile(10, 0.99)).toBeCloseTo(23.20925, 4);
  });

  it('a slot depends on (seed, generation, slot) alone', () => {
    const priors = [prior({ type: 'gamma', mean: 4, sd: 2 })];
    const s = settings({ particles: 20 });
    const next = planGeneration(s, priors, []);
    if (!('plan' in next)) throw new Error('no plan');
    const evaluate = (t: number[]): number => (t[0] - 4) ** 2;
    const a = runSlot(next.plan, priors, 7, evaluate);
    const b = runSlot(next.plan, priors, 7, evaluate);
    const c = runSlot({ ...next.plan, seed: 'other' }, priors, 7, evaluate);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('conjugate models: the ABC posterior against the closed form', () => {
  it('a Poisson rate with a gamma prior, observed through one count (uniform kernel to an exact match)', () => {
    // Prior gamma(shape 4, rate 1): mean 4, sd 2. Observed count 7. Posterior gamma(shape 11, rate 2): mean 5.5, sd √11 / 2.
    const priors = [prior({ type: 'gamma', mean: 4, sd: 2 })];
    const observed = 7;
    const evaluate = (theta: number[], slot: number, attempt: number, generation: number): number =>
      (poisson(theta[0]).sample(createStream('poisson', 0, `${generation}:${slot}:${attempt}`)) - observed) ** 2;
    const s = settings({ particles: 1500, kernel: 'uniform', tolerance: 0.5 });
    const run = calibrateHere(s, priors, evaluate);
    const post = posterior(s, run.generations);
    expect(run.stopped).toContain('final tolerance');
    expect(Math.max(...post.distance)).toBe(0); // every particle matched the count exactly
    const [sum] = summarise(priors, post);
    // Monte Carlo error of the mean: sd / √ESS ≈ 1.66 / √1000 ≈ 0.05; allow 3 of them.
    expect(post.ess).toBeGreaterThan(600);
    expect(sum.posterior.mean).toBeCloseTo(5.5, 0);
    expect(Math.abs(sum.posterior.mean - 5.5)).toBeLessThan(0.15);
    expect(Math.abs(sum.posterior.sd - Math.sqrt(11) / 2)).toBeLessThan(0.15);
  });

  it('a normal mean with a normal prior, observed with a known standard error (the Gaussian kernel)', () => {
    // Prior N(0, 2²); observed 1.5 with sd 0.5: posterior precision 1/4 + 4, mean 6 / 4.25, sd 1 / √4.25.
    const priors = [prior({ type: 'normal', mean: 0, sd: 2 })];
    const evaluate = (theta: number[]): number => ((theta[0] - 1.5) / 0.5) ** 2;
    const s = settings({ particles: 1500 });
    const run = calibrateHere(s, priors, evaluate);
    expect(run.generations[run.generations.length - 1].kind).toBe('move');
    const [sum] = summarise(priors, posterior(s, run.generations));
    expect(Math.abs(sum.posterior.mean - 6 / 4.25)).toBeLessThan(0.05);
    expect(Math.abs(sum.posterior.sd - 1 / Math.sqrt(4.25)) / (1 / Math.sqrt(4.25))).toBeLessThan(0.08);
    // 90% interval: mean ± 1.645 sd
    expect(Math.abs(sum.posterior.p5 - (6 / 4.25 - 1.645 / Math.sqrt(4.25)))).toBeLessThan(0.08);
    expect(Math.abs(sum.posterior.p95 - (6 / 4.25 + 1.645 / Math.sqrt(4.25)))).toBeLessThan(0.08);
  });

  it('two parameters, one of them not informed by the data: its posterior keeps the prior spread', () => {
    const priors = [prior({ type: 'uniform', min: -5, max: 5 }), prior({ type: 'uniform', min: 0, max: 10 })];
    const evaluate = (theta: number[]): number => ((theta[0] - 1) / 0.3) ** 2;
    const s = settings({ particles: 800 });
    const run = calibrateHere(s, priors, evaluate);
    const [a, b] = summarise(priors, posterior(s, run.generations));
    expect(Math.abs(a.posterior.mean - 1)).toBeLessThan(0.05);
    expect(Math.abs(a.posterior.sd - 0.3)).toBeLessThan(0.04);
    expect(a.identified).toBe(true);
    expect(b.identified).toBe(false);
    expect(b.sdRatio).toBeGreaterThan(0.85);
  });
});
