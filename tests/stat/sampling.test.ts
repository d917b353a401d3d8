import { describe, expect, it } from 'vitest';
import { normal } from '../../engine/des/distributions.ts';
import { createStream } from '../../engine/des/rng.ts';
import type { ParamDistribution } from '../../engine/sweep/families.ts';
import { cdf, distributionMean, quantile } from '../../engine/sweep/quantiles.ts';
import { imposeCorrelation, spearman } from '../../engine/sweep/correlation.ts';
import { latinHypercube, randomUniforms } from '../../engine/sweep/designs.ts';

// Reference quantiles computed independently in 50-digit arithmetic (mpmath:
// Newton on its regularized incomplete gamma and beta functions, the closed
// forms for the others): the values R's qnorm, qlnorm, qgamma(shape, scale),
// qbeta and a triangular qtriangle give. Parameters are the file's mean and sd;
// the reference converts them to shapes exactly.
const REFERENCE: [ParamDistribution, number, number][] = [
  [{ type: 'normal', mean: 10, sd: 2 }, 1e-06, 0.4931513823542021],
  [{ type: 'normal', mean: 0.05, sd: 0.1, min: 0 }, 1e-06, 1.9640165310187072e-07],
  [{ type: 'normal', mean: 0, sd: 1, min: 5 }, 1e-06, 5.000000192808198],
  [{ type: 'normal', mean: 1, sd: 2, min: -1, max: 4 }, 1e-06, -0.9999935980990534],
  [{ type: 'lognormal', mean: 3, sd: 1.5 }, 1e-06, 0.284112350670376],
  [{ type: 'triangular', min: 2, mode: 3, max: 7 }, 1e-06, 2.0022360679775],
  [{ type: 'gamma', mean: 0.04, sd: 0.01 }, 1e-06, 0.008808669597747886],
  [{ type: 'gamma', mean: 1, sd: 2 }, 1e-06, 2.6998791572446916e-24],
  [{ type: 'gamma', mean: 100, sd: 1 }, 1e-06, 95.31835117189806],
  [{ type: 'beta', mean: 0.3, sd: 0.1 }, 1e-06, 0.018898234508169128],
  [{ type: 'beta', mean: 0.05, sd: 0.1 }, 1e-06, 2.0415369226665748e-33],
  [{ type: 'beta', mean: 0.9, sd: 0.05 }, 1e-06, 0.5378674192789366],
  [{ type: 'beta', mean: 0.02, sd: 0.001 }, 1e-06, 0.0155950597472447],
  [{ type: 'normal', mean: 10, sd: 2 }, 0.025, 6.080072030919892],
  [{ type: 'normal', mean: 0.05, sd: 0.1, min: 0 }, 0.025, 0.0048526333941182566],
  [{ type: 'normal', mean: 0, sd: 1, min: 5 }, 0.025, 5.004879258467419],
  [{ type: 'normal', mean: 1, sd: 2, min: -1, max: 4 }, 0.025, -0.8458841783433613],
  [{ type: 'lognormal', mean: 3, sd: 1.5 }, 0.025, 1.063102267207704],
  [{ type: 'triangular', min: 2, mode: 3, max: 7 }, 0.025, 2.353553390593274],
  [{ type: 'gamma', mean: 0.04, sd: 0.01 }, 0.025, 0.02286345613410381],
  [{ type: 'gamma', mean: 1, sd: 2 }, 0.025, 1.0546405182519987e-06],
  [{ type: 'gamma', mean: 5, sd: 50 }, 0.025, 1.7613429986568826e-158],
  [{ type: 'gamma', mean: 100, sd: 1 }, 0.025, 98.04952467260183],
  [{ type: 'beta', mean: 0.3, sd: 0.1 }, 0.025, 0.12576063587298328],
  [{ type: 'beta', mean: 0.05, sd: 0.1 }, 0.025, 5.829580256448217e-10],
  [{ type: 'beta', mean: 0.9, sd: 0.05 }, 0.025, 0.7828868527022934],
  [{ type: 'beta', mean: 0.02, sd: 0.001 }, 0.025, 0.01808685503306136],
  [{ type: 'normal', mean: 10, sd: 2 }, 0.5, 10.0],
  [{ type: 'normal', mean: 0.05, sd: 0.1, min: 0 }, 0.5, 0.08968711750895446],
  [{ type: 'normal', mean: 0, sd: 1, min: 5 }, 0.5, 5.132018332044298],
  [{ type: 'normal', mean: 1, sd: 2, min: -1, max: 4 }, 0.5, 1.2307397712562411],
  [{ type: 'lognormal', mean: 3, sd: 1.5 }, 0.5, 2.6832815729997477],
  [{ type: 'triangular', min: 2, mode: 3, max: 7 }, 0.5, 3.8377223398316205],
  [{ type: 'gamma', mean: 0.04, sd: 0.01 }, 0.5, 0.039169823860793124],
  [{ type: 'gamma', mean: 1, sd: 2 }, 0.5, 0.17469520941149363],
  [{ type: 'gamma', mean: 5, sd: 50 }, 0.5, 2.2327675094551745e-28],
  [{ type: 'gamma', mean: 100, sd: 1 }, 0.5, 99.99666668642047],
  [{ type: 'beta', mean: 0.3, sd: 0.1 }, 0.5, 0.29322017994366456],
  [{ type: 'beta', mean: 0.05, sd: 0.1 }, 0.5, 0.0051198423999265835],
  [{ type: 'beta', mean: 0.9, sd: 0.05 }, 0.5, 0.9075969380571444],
  [{ type: 'beta', mean: 0.02, sd: 0.001 }, 0.5, 0.019983674626857344],
  [{ type: 'normal', mean: 10, sd: 2 }, 0.975, 13.919927969080108],
  [{ type: 'normal', mean: 0.05, sd: 0.1, min: 0 }, 0.975, 0.2613323097933635],
  [{ type: 'normal', mean: 0, sd: 1, min: 5 }, 0.975, 5.669367327934362],
  [{ type: 'normal', mean: 1, sd: 2, min: -1, max: 4 }, 0.975, 3.729438672906497],
  [{ type: 'lognormal', mean: 3, sd: 1.5 }, 0.975, 6.772631591607072],
  [{ type: 'triangular', min: 2, mode: 3, max: 7 }, 0.975, 6.292893218813452],
  [{ type: 'gamma', mean: 0.04, sd: 0.01 }, 0.975, 0.061850547178714604],
  [{ type: 'gamma', mean: 1, sd: 2 }, 0.975, 6.8664705999215485],
  [{ type: 'gamma', mean: 5, sd: 50 }, 0.975, 23.568979215795167],
  [{ type: 'gamma', mean: 100, sd: 1 }, 0.975, 101.96941824999884],
  [{ type: 'beta', mean: 0.3, sd: 0.1 }, 0.975, 0.5120293453458727],
  [{ type: 'beta', mean: 0.05, sd: 0.1 }, 0.975, 0.3668328199322631],
  [{ type: 'beta', mean: 0.9, sd: 0.05 }, 0.975, 0.9745173703244074],
  [{ type: 'beta', mean: 0.02, sd: 0.001 }, 0.975, 0.02200591628572796],
  [{ type: 'normal', mean: 10, sd: 2 }, 0.999999, 19.506848617634176],
  [{ type: 'normal', mean: 0.05, sd: 0.1, min: 0 }, 0.999999, 0.5327449859049526],
  [{ type: 'normal', mean: 0, sd: 1, min: 5 }, 0.999999, 7.2066852434058974],
  [{ type: 'normal', mean: 1, sd: 2, min: -1, max: 4 }, 0.999999, 3.9999880397089376],
  [{ type: 'lognormal', mean: 3, sd: 1.5 }, 0.999999, 25.342087322115734],
  [{ type: 'triangular', min: 2, mode: 3, max: 7 }, 0.999999, 6.995527864044936],
  [{ type: 'gamma', mean: 0.04, sd: 0.01 }, 0.999999, 0.10653943839626472],
  [{ type: 'gamma', mean: 1, sd: 2 }, 0.999999, 42.75127030564392],
  [{ type: 'gamma', mean: 5, sd: 50 }, 0.999999, 3575.6267390424414],
  [{ type: 'gamma', mean: 100, sd: 1 }, 0.999999, 104.82561164638255],
  [{ type: 'beta', mean: 0.3, sd: 0.1 }, 0.999999, 0.7938931089954633],
  [{ type: 'beta', mean: 0.05, sd: 0.1 }, 0.999999, 0.9568461749895849],
  [{ type: 'beta', mean: 0.9, sd: 0.05 }, 0.999999, 0.9988013563539544],
  [{ type: 'beta', mean: 0.02, sd: 0.001 }, 0.999999, 0.02510942799368944],
];

describe('quantile', () => {
  // Closed forms: ~1e-15 is reached, relative to |x|, or to the sd close to a
  // truncation point, where x = mean + sd·z cancels (1.96e-7 from mean 0.05
  // and sd 0.1 is only good to ~1e-17 absolute); 1e-13 leaves room for the
  // rounding of exp and log in the tails. Gamma and beta: the brief asks
  // ~1e-10; 1.3e-13 was measured at worst (here and on 600 random shapes from
  // 0.05 to 20,000), so 1e-11 keeps a margin and still catches any
  // algorithmic error (an early stop or a lost tail is off by 1e-6 or more).
  it.each(REFERENCE)('%j at p = %s is %s', (d, p, expected) => {
    const tol = d.type === 'gamma' || d.type === 'beta' ? 1e-11 : 1e-13;
    const scale = d.type === 'normal' && (d.min !== undefined || d.max !== undefined) ? Math.max(Math.abs(expected), d.sd) : Math.abs(expected);
    expect(Math.abs(quantile(d, p) - expected) / scale).toBeLessThan(tol);
  });

  const cases: ParamDistribution[] = [
    { type: 'uniform', min: -2, max: 5 },
    { type: 'triangular', min: 0, mode: 0, max: 4 },
    { type: 'triangular', min: 2, mode: 3, max: 7 },
    { type: 'normal', mean: 10, sd: 2 },
    { type: 'normal', mean: 0.05, sd: 0.1, min: 0 },
    { type: 'normal', mean: 0, sd: 1, min: 5 },
    { type: 'normal', mean: 0, sd: 1, max: -6 },
    { type: 'normal', mean: 1, sd: 2, min: -1, max: 4 },
    { type: 'lognormal', mean: 3, sd: 1.5 },
    { type: 'gamma', mean: 0.04, sd: 0.01 },
    { type: 'gamma', mean: 1, sd: 2 },
    { type: 'gamma', mean: 5, sd: 15 },
    { type: 'gamma', mean: 2, sd: 0.002 },
    { type: 'beta', mean: 0.3, sd: 0.1 },
    { type: 'beta', mean: 0.05, sd: 0.1 },
    { type: 'beta', mean: 0.9, sd: 0.05 },
    { type: 'beta', mean: 0.02, sd: 0.001 },
  ];
  // U-shaped (α = β = 0.12): its upper quantiles lie within 1e-16 of 1, where a
  // double cannot hold them, so it is only checked for order and symmetry.
  const uShaped: ParamDistribution = { type: 'beta', mean: 0.5, sd: 0.45 };
  const ps = [1e-9, 1e-6, 0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999, 0.999999];

  // cdf is computed in the tail where it is small and returned as 1 − (upper
  // tail) above the median, and the truncated normal's as a difference of Φs,
  // so near 1 or a truncation point it is good to a few 1e-15 absolute; the
  // incomplete gamma's long series at shape 1e6 to ~2e-11 relative. An
  // inversion stopped early or a tail sign error misses by far more.
  it.each(cases)('cdf(quantile(p)) = p for %j', (d) => {
    for (const p of ps) {
      const back = cdf(d, quantile(d, p));
      expect(Math.abs(back - p), `p = ${p}`).toBeLessThanOrEqual(1e-10 * Math.min(p, 1 - p) + 5e-15);
    }
  });

  it.each(cases)('quantile(cdf(x)) = x through the bulk of %j', (d) => {
    // x from the 1% to 99% points, where the density is not tiny so x is well determined by p.
    for (let p = 0.01; p < 0.995; p += 0.049) {
      const x = quantile(d, p);
      expect(Math.abs(quantile(d, cdf(d, x)) - x)).toBeLessThanOrEqual(1e-10 * Math.abs(x));
    }
  });

  it('keeps a symmetric U-shaped beta symmetric: q(1 − p) = 1 − q(p)', () => {
    for (const p of [1e-3, 0.01, 0.1, 0.3, 0.45]) {
      const q = quantile(uShaped, p);
      // Each side is found to ~1e-13 of its distance from its end; 1 − q adds half an ulp of 1.
      expect(Math.abs(quantile(uShaped, 1 - p) - (1 - q))).toBeLessThan(1e-13 * q + 1.2e-16);
    }
    expect(quantile(uShaped, 1e-6)).toBeGreaterThan(0);
    expect(quantile(uShaped, 1e-6)).toBeLessThan(1e-40); // ≈ (1e-6·α·B(α, β))^(1/α)
  });

  it.each([...cases, uShaped])('is non-decreasing in p, including far into both tails, for %j', (d) => {
    // 1e-12 … 1 − 1e-12 on a logit scale, so the tails get as many points as the bulk.
    const xs = Array.from({ length: 1999 }, (_, i) => quantile(d, 1 / (1 + Math.exp(27.6 - (55.2 * (i + 1)) / 2000))));
    expect(xs.findIndex((x, i) => i > 0 && x < xs[i - 1])).toBe(-1);
  });
});

/** Mean, sd, and the standard errors of the sample mean and variance (the latter from the sample's fourth central moment). */
function moments(xs: number[]): { mean: number; sd: number; seMean: number; seVar: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d2 = (x - mean) ** 2;
    m2 += d2 / n;
    m4 += (d2 * d2) / n;
  }
  return { mean, sd: Math.sqrt(m2), seMean: Math.sqrt(m2 / n), seVar: Math.sqrt((m4 - m2 * m2) / n) };
}

/** Theoretical sd, written out from the textbook formulas rather than through the module's shape conversions. */
function theoreticalSd(d: ParamDistribution): number {
  switch (d.type) {
    case 'uniform':
      return (d.max - d.min) / Math.sqrt(12);
    case 'triangular':
      return Math.sqrt((d.min ** 2 + d.mode ** 2 + d.max ** 2 - d.min * d.mode - d.min * d.max - d.mode * d.max) / 18);
    case 'normal':
      return Math.sqrt(normal(d.mean, d.sd, { lower: d.min, upper: d.max }).variance);
    default:
      return d.sd;
  }
}

describe('sampling by quantile of uniforms reproduces each distribution', () => {
  // Plain Monte Carlo, n = 20,000 per case on its own stream. By the CLT the
  // sample mean and variance are normal to good accuracy at this n, so they
  // must lie within Z standard errors of the truth. Z = 4.5 makes a false
  // alarm a 7e-6 event per check (< 1e-4 over all of them), while a wrong
  // parameterisation is many standard errors out (checked below).
  const N = 20_000;
  const Z = 4.5;
  const cases: ParamDistribution[] = [
    { type: 'uniform', min: 10, max: 14 },
    { type: 'triangular', min: 2, mode: 3, max: 7 },
    { type: 'normal', mean: 10, sd: 2 },
    { type: 'normal', mean: 0.05, sd: 0.1, min: 0 },
    { type: 'normal', mean: 1, sd: 2, min: -1, max: 4 },
    { type: 'lognormal', mean: 3, sd: 1.5 },
    { type: 'gamma', mean: 0.04, sd: 0.01 },
    { type: 'gamma', mean: 1, sd: 2 },
    { type: 'beta', mean: 0.3, sd: 0.1 },
    { type: 'beta', mean: 0.05, sd: 0.1 },
    { type: 'beta', mean: 0.9, sd: 0.05 },
  ];

  const samples = new Map<string, ReturnType<typeof moments>>();
  /** How many standard errors the sample mean and variance of d lie from `mean` and `sd`². */
  function check(d: ParamDistribution, mean: number, sd: number): { zMean: number; zVar: number } {
    const name = JSON.stringify(d);
    let m = samples.get(name);
    if (m === undefined) {
      m = moments(randomUniforms(N, 1, createStream('sampling-moments', 0, name)).map((row) => quantile(d, row[0])));
      samples.set(name, m);
    }
    return { zMean: Math.abs(m.mean - mean) / m.seMean, zVar: Math.abs(m.sd ** 2 - sd ** 2) / m.seVar };
  }

  it.each(cases)('mean and sd of %j', (d) => {
    const { zMean, zVar } = check(d, distributionMean(d), theoreticalSd(d));
    expect(zMean).toBeLessThan(Z);
    expect(zVar).toBeLessThan(Z);
  });

  it('has the power to catch a wrong sd', () => {
    // The standard error of s² grows with the kurtosis, so the heavy-tailed
    // cases (gamma shape 0.25, excess kurtosis 24; beta shape 0.19) only
    // resolve about 20%; the others catch 5% at 9+ standard errors.
    const heavy = (d: ParamDistribution): boolean => d.type === 'lognormal' || ((d.type === 'gamma' || d.type === 'beta') && d.sd / d.mean > 1);
    for (const d of cases) {
      const factor = heavy(d) ? 1.2 : 1.05;
      const { zVar } = check(d, distributionMean(d), factor * theoreticalSd(d));
      expect(zVar, JSON.stringify(d)).toBeGreaterThan(Z);
    }
  });
});

describe('latinHypercube', () => {
  it('puts exactly one point in each of the n strata of every column', () => {
    for (const n of [1, 7, 1000]) {
      const u = latinHypercube(n, 5, createStream('lhs-strata', 0, String(n)));
      expect(u).toHaveLength(n);
      for (let j = 0; j < 5; j++) {
        const strata = u.map((row) => Math.floor(row[j] * n)).sort((a, b) => a - b);
        expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(u.every((row) => row[j] > 0 && row[j] < 1)).toBe(true);
      }
    }
  });

  it('estimates a mean with far less error than plain Monte Carlo', () => {
    // The sum of three parameters: LHS removes the additive part of the
    // variance (Stein 1987), leaving the spread within strata, so its RMS
    // error is ~1.6/n of plain MC's here (0.03 at n = 50). Asserting < 0.1
    // fails if the strata are lost (ratio ~1); the MC error is itself checked
    // against σ/√n, so the baseline is not broken either. 100 repetitions give
    // each RMSE to ±7% (1 SE). (Heavy tails leave more in the end strata: 0.1–0.2
    // for a lognormal with cv 0.5 or a gamma with shape 0.25.)
    const ds: ParamDistribution[] = [
      { type: 'gamma', mean: 0.04, sd: 0.01 },
      { type: 'beta', mean: 0.3, sd: 0.1 },
      { type: 'triangular', min: 2, mode: 3, max: 7 },
    ];
    const truth = ds.reduce((acc, d) => acc + distributionMean(d), 0);
    const sigma = Math.sqrt(ds.reduce((acc, d) => acc + theoreticalSd(d) ** 2, 0));
    const f = (row: number[]): number => row.reduce((acc, u, j) => acc + quantile(ds[j], u), 0);
    const n = 50;
    const reps = 100;
    let seLhs = 0;
    let seMc = 0;
    for (let r = 0; r < reps; r++) {
      const lhs = latinHypercube(n, 3, createStream('lhs-variance', r, 'lhs'));
      const mc = randomUniforms(n, 3, createStream('lhs-variance', r, 'mc'));
      seLhs += (lhs.reduce((acc, row) => acc + f(row), 0) / n - truth) ** 2 / reps;
      seMc += (mc.reduce((acc, row) => acc + f(row), 0) / n - truth) ** 2 / reps;
    }
    const rmseMc = Math.sqrt(seMc);
    const rmseLhs = Math.sqrt(seLhs);
    expect(rmseMc / (sigma / Math.sqrt(n))).toBeGreaterThan(0.8);
    expect(rmseMc / (sigma / Math.sqrt(n))).toBeLessThan(1.2);
    expect(rmseLhs / rmseMc).toBeLessThan(0.1);
  });
});

describe('imposeCorrelation (Iman–Conover)', () => {
  const target = [
    [1, 0.6, -0.3],
    [0.6, 1, 0.2],
    [-0.3, 0.2, 1],
  ];
  const column = (u: number[][], j: number): number[] => u.map((row) => row[j]);
  const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);

  // At n = 1000 the scores' Pearson correlation is imposed exactly; the rank
  // correlation that follows has sampling error ~0.01 (over 100 seeds: worst
  // |error| 0.027, mean error < 0.002). ±0.05 is the brief's bound, and an
  // uncorrelated or wrongly signed result misses it by 0.2 or more.
  it.each(['a', 'b', 'c'])('hits a 3×3 target rank correlation within ±0.05 (seed %s), keeping every column’s values', (seed) => {
    const u = latinHypercube(1000, 3, createStream(seed, 0, 'lhs'));
    const before = u.map((row) => row.slice());
    const v = imposeCorrelation(u, target, createStream(seed, 0, 'iman-conover'));
    expect(u).toEqual(before); // input untouched
    for (let j = 0; j < 3; j++) expect(sorted(column(v, j))).toEqual(sorted(column(u, j)));
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        expect(Math.abs(spearman(column(v, i), column(v, j)) - target[i][j])).toBeLessThan(0.05);
      }
    }
  });

  it('carries the rank correlation through to the parameters, whatever their marginals', () => {
    const v = imposeCorrelation(latinHypercube(500, 3, createStream('marginals', 0, 'lhs')), target, createStream('marginals', 0, 'ic'));
    const ds: ParamDistribution[] = [
      { type: 'gamma', mean: 1, sd: 2 },
      { type: 'beta', mean: 0.05, sd: 0.1 },
      { type: 'normal', mean: 0, sd: 1, min: 0 },
    ];
    const x = v.map((row) => row.map((u, j) => quantile(ds[j], u)));
    // Quantiles are strictly increasing, so ranks, and so Spearman, are unchanged.
    expect(spearman(column(x, 0), column(x, 1))).toBe(spearman(column(v, 0), column(v, 1)));
    expect(spearman(column(x, 1), column(x, 2))).toBe(spearman(column(v, 1), column(v, 2)));
  });

  it('with the identity target leaves the columns close to uncorrelated', () => {
    const identity = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const v = imposeCorrelation(latinHypercube(1000, 3, createStream('identity', 0, 'lhs')), identity, createStream('identity', 0, 'ic'));
    // The scores' sample correlation is removed exactly; what is left of rank
    // correlation is ~0.01 (worst 0.023 over 100 seeds, against 0.10 for the
    // same LHS designs left as drawn).
    for (const [i, j] of [[0, 1], [0, 2], [1, 2]]) expect(Math.abs(spearman(column(v, i), column(v, j)))).toBeLessThan(0.03);
  });

  it('is deterministic given the rng', () => {
    const u = randomUniforms(200, 3, createStream('det', 0, 'u'));
    expect(imposeCorrelation(u, target, createStream('det', 0, 'ic'))).toEqual(imposeCorrelation(u, target, createStream('det', 0, 'ic')));
  });
});
