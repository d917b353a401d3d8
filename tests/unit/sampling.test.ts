import { describe, expect, it } from 'vitest';
import { createStream } from '../../engine/des/rng.ts';
import { type ParamDistribution, distributionProblem } from '../../engine/sweep/families.ts';
import { distributionMean, quantile } from '../../engine/sweep/quantiles.ts';
import { cholesky, correlationProblem, imposeCorrelation, spearman } from '../../engine/sweep/correlation.ts';
import { latinHypercube, randomUniforms } from '../../engine/sweep/designs.ts';

describe('distributionProblem', () => {
  it('accepts valid parameters', () => {
    const valid: ParamDistribution[] = [
      { type: 'uniform', min: 0, max: 1 },
      { type: 'triangular', min: 0, mode: 0, max: 1 },
      { type: 'normal', mean: -3, sd: 1 },
      { type: 'normal', mean: 0.05, sd: 0.1, min: 0 },
      { type: 'normal', mean: 0, sd: 1, min: -Infinity, max: 2 },
      { type: 'lognormal', mean: 3, sd: 10 },
      { type: 'gamma', mean: 0.04, sd: 0.01 },
      { type: 'beta', mean: 0.3, sd: 0.45 },
    ];
    for (const d of valid) expect(distributionProblem(d), JSON.stringify(d)).toBeNull();
  });

  it.each<[unknown, RegExp]>([
    [{ type: 'uniform', min: 5, max: 3 }, /^uniform needs min < max \(here min 5 ≥ max 3\); swap them$/],
    [{ type: 'uniform', min: 2, max: 2 }, /min < max .*widen the range/],
    [{ type: 'triangular', min: 4, mode: 5, max: 4 }, /^triangular needs min < max/],
    [{ type: 'triangular', min: 0, mode: 12, max: 10 }, /^triangular needs min ≤ mode ≤ max \(here mode 12 is outside \[0, 10\]\)/],
    [{ type: 'normal', mean: 1, sd: -0.5 }, /^normal needs sd > 0 \(here -0.5\)/],
    [{ type: 'normal', mean: 1, sd: 0 }, /sd > 0 \(here 0\); to hold a parameter fixed, leave it out of the sweep/],
    [{ type: 'normal', mean: 1, sd: 1, min: 3, max: 2 }, /^normal truncation needs min < max \(here min 3 ≥ max 2\); swap them/],
    [{ type: 'normal', mean: 0, sd: 1, min: 40 }, /keeps almost none of its probability/],
    [{ type: 'lognormal', mean: -2, sd: 1 }, /^lognormal needs mean > 0 \(here -2\)/],
    [{ type: 'lognormal', mean: 2, sd: -1 }, /^lognormal needs sd > 0/],
    [{ type: 'gamma', mean: 0, sd: 1 }, /^gamma needs mean > 0 \(here 0\): its values are always positive; use normal/],
    [{ type: 'gamma', mean: 1, sd: -1 }, /^gamma needs sd > 0/],
    [{ type: 'beta', mean: 1.2, sd: 0.1 }, /^beta needs 0 < mean < 1 \(here 1.2\)/],
    [{ type: 'beta', mean: 35, sd: 5 }, /give a percentage as a fraction: 0.35 for 35%/],
    [{ type: 'beta', mean: 0, sd: 0.1 }, /^beta needs 0 < mean < 1 \(here 0\)/],
    [{ type: 'beta', mean: 0.3, sd: 0 }, /^beta needs sd > 0/],
    [{ type: 'beta', mean: 0.05, sd: 0.3 }, /^beta needs sd² < mean × \(1 − mean\) \(here 0.09 ≥ 0.0475\); lower sd below 0.217$/],
    [{ type: 'beta', mean: 0.5, sd: 0.5 }, /\(here 0.25 ≥ 0.25\); lower sd below 0.5$/],
    [{ type: 'gamma', mean: '3', sd: 1 }, /^gamma needs mean as a finite number \(here "3"\)/],
    [{ type: 'beta', mean: 0.5 }, /^beta needs sd as a finite number \(here undefined\)/],
    [{ type: 'normal', mean: NaN, sd: 1 }, /needs mean as a finite number \(here NaN\)/],
    [{ type: 'weibull', shape: 2 }, /^unknown distribution type "weibull"; use one of uniform, triangular, normal, lognormal, gamma, beta$/],
    [null, /must be an object with a type/],
  ])('flags %j', (d, message) => {
    expect(distributionProblem(d as ParamDistribution)).toMatch(message);
  });

  it('the suggested beta sd is valid, and the sd just above it is not', () => {
    // "lower sd below 0.217": 0.217 is rounded down from √0.0475 = 0.2179…
    expect(distributionProblem({ type: 'beta', mean: 0.05, sd: 0.217 })).toBeNull();
    expect(distributionProblem({ type: 'beta', mean: 0.05, sd: 0.218 })).not.toBeNull();
  });
});

describe('quantile and distributionMean: exact cases', () => {
  it('uniform and triangular are the textbook closed forms', () => {
    expect(quantile({ type: 'uniform', min: 2, max: 6 }, 0.25)).toBe(3);
    // Triangular(0, 1, 4): F(1) = 1/4; below it x = √(4p), above it 4 − √(12(1 − p)).
    const tri: ParamDistribution = { type: 'triangular', min: 0, mode: 1, max: 4 };
    expect(quantile(tri, 0.25)).toBeCloseTo(1, 15);
    expect(quantile(tri, 0.01)).toBeCloseTo(0.2, 15);
    expect(quantile(tri, 0.25 + 0.75 * 0.75)).toBeCloseTo(4 - Math.sqrt(12 * 0.1875), 14);
    expect(quantile({ type: 'triangular', min: 0, mode: 0, max: 2 }, 0.75)).toBeCloseTo(1, 15); // mode at an end
  });

  it('normal, lognormal: median is mean, resp. exp(μ)', () => {
    expect(quantile({ type: 'normal', mean: 7, sd: 3 }, 0.5)).toBe(7);
    // Lognormal mean 1, sd √(e − 1): σ² = 1, μ = −½, so the median is e^−½.
    expect(quantile({ type: 'lognormal', mean: 1, sd: Math.sqrt(Math.E - 1) }, 0.5)).toBeCloseTo(Math.exp(-0.5), 14);
  });

  it('gamma with shape 1 is the exponential: −mean·ln(1 − p)', () => {
    for (const p of [1e-8, 0.1, 0.5, 0.9, 1 - 1e-8]) {
      const expected = -3 * Math.log1p(-p);
      expect(Math.abs(quantile({ type: 'gamma', mean: 3, sd: 3 }, p) - expected) / expected).toBeLessThan(1e-12);
    }
  });

  it('beta(α, 1) is p^(1/α), and beta(1, 1) the uniform', () => {
    // mean 2/3, sd² = α/((α+1)²(α+2)) = 2/36: α = 2, β = 1, so F(x) = x².
    const b21: ParamDistribution = { type: 'beta', mean: 2 / 3, sd: Math.sqrt(2 / 36) };
    const b11: ParamDistribution = { type: 'beta', mean: 0.5, sd: Math.sqrt(1 / 12) };
    for (const p of [1e-10, 0.01, 0.3, 0.5, 0.7, 0.999999]) {
      expect(Math.abs(quantile(b21, p) - Math.sqrt(p)) / Math.sqrt(p)).toBeLessThan(1e-12);
      expect(Math.abs(quantile(b11, p) - p) / p).toBeLessThan(1e-12);
    }
  });

  it('gives the ends of the support at p = 0 and 1', () => {
    expect(quantile({ type: 'uniform', min: 2, max: 6 }, 1)).toBe(6);
    expect(quantile({ type: 'normal', mean: 0, sd: 1, min: -1 }, 0)).toBe(-1);
    expect(quantile({ type: 'normal', mean: 0, sd: 1, min: -1 }, 1)).toBe(Infinity);
    expect(quantile({ type: 'gamma', mean: 1, sd: 1 }, 0)).toBe(0);
    expect(quantile({ type: 'beta', mean: 0.5, sd: 0.1 }, 1)).toBe(1);
  });

  it('keeps a truncated normal inside its bounds, even far out in a tail', () => {
    const d: ParamDistribution = { type: 'normal', mean: 0, sd: 1, min: 10, max: 10.5 };
    for (const p of [1e-12, 0.5, 1 - 1e-12]) {
      const x = quantile(d, p);
      expect(x).toBeGreaterThanOrEqual(10);
      expect(x).toBeLessThanOrEqual(10.5);
    }
    expect(quantile(d, 0.5)).toBeLessThan(10.1); // the density falls by e^−10 per unit here
  });

  it('throws for p outside [0, 1] and for invalid parameters', () => {
    expect(() => quantile({ type: 'uniform', min: 0, max: 1 }, 1.5)).toThrow(/p in \(0, 1\), got 1.5/);
    expect(() => quantile({ type: 'uniform', min: 0, max: 1 }, NaN)).toThrow(RangeError);
    expect(() => quantile({ type: 'beta', mean: 2, sd: 0.1 }, 0.5)).toThrow(/beta needs 0 < mean < 1/);
  });

  it('distributionMean: the truncated normal mean is mean + sd·φ(a)/(1 − Φ(a))', () => {
    expect(distributionMean({ type: 'normal', mean: 1, sd: 2, min: 1 })).toBeCloseTo(1 + 2 * Math.sqrt(2 / Math.PI), 14);
    expect(distributionMean({ type: 'normal', mean: 1, sd: 2 })).toBe(1);
    expect(distributionMean({ type: 'triangular', min: 0, mode: 1, max: 5 })).toBe(2);
    expect(distributionMean({ type: 'uniform', min: 1, max: 4 })).toBe(2.5);
    expect(distributionMean({ type: 'gamma', mean: 0.04, sd: 1 })).toBe(0.04);
  });
});

describe('cholesky', () => {
  it('factors a known matrix', () => {
    const l = cholesky([
      [4, 12, -16],
      [12, 37, -43],
      [-16, -43, 98],
    ]);
    expect(l).toEqual([
      [2, 0, 0],
      [6, 1, 0],
      [-8, 5, 3],
    ]);
  });

  it('throws a RangeError for matrices that are not positive definite or not square', () => {
    expect(() => cholesky([[1, 2], [2, 1]])).toThrow(/not positive definite: pivot 2 of 2/);
    expect(() => cholesky([[1, 1], [1, 1]])).toThrow(RangeError); // singular
    expect(() => cholesky([[1, 0], [0]])).toThrow(/square/);
  });
});

describe('spearman', () => {
  it('matches reference values, with average ranks for ties', () => {
    // scipy.stats.spearmanr on the same data.
    expect(spearman([1, 2, 2, 3, 5, 4], [2, 1, 4, 4, 6, 3])).toBeCloseTo(0.6617647058823529, 14);
    expect(spearman([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8])).toBeCloseTo(0.19885368120992467, 14);
  });

  it('is ±1 for monotone relations, and unchanged by monotone transforms', () => {
    const x = [0.3, 1.7, -2, 5, 4.2];
    expect(spearman(x, x.map(Math.exp))).toBe(1);
    expect(spearman(x, x.map((v) => -(v ** 3)))).toBe(-1);
    expect(spearman(Float64Array.from([1, 2, 3]), [3, 3, 3])).toBeNaN(); // a constant series has no ranks to correlate
  });

  it('throws for mismatched, too short or NaN input', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(/same length, got 3 and 2/);
    expect(() => spearman([1], [1])).toThrow(/at least 2/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/value 2 is NaN/);
  });
});

describe('unit-cube designs', () => {
  it('latinHypercube and randomUniforms are n×k, in (0, 1), and reproducible from the seed', () => {
    for (const design of [latinHypercube, randomUniforms]) {
      const u = design(10, 3, createStream('s', 0, 'u'));
      expect(u).toHaveLength(10);
      expect(u.every((row) => row.length === 3 && row.every((v) => v > 0 && v < 1))).toBe(true);
      expect(design(10, 3, createStream('s', 0, 'u'))).toEqual(u);
      expect(design(10, 3, createStream('t', 0, 'u'))).not.toEqual(u);
      expect(design(0, 3, createStream('s', 0, 'u'))).toEqual([]);
    }
  });

  it('never returns 0, even from an rng that does', () => {
    const zeros = [0, 0, 0.5];
    let i = 0;
    const rng = (): number => zeros[i++ % zeros.length];
    expect(randomUniforms(2, 2, rng).flat().every((v) => v > 0)).toBe(true);
    expect(latinHypercube(2, 2, rng).flat().every((v) => v > 0)).toBe(true);
  });

  it('rejects sizes that are not whole numbers ≥ 0', () => {
    expect(() => latinHypercube(2.5, 3, createStream('s', 0, 'u'))).toThrow(/whole number ≥ 0, got 2.5/);
    expect(() => randomUniforms(3, -1, createStream('s', 0, 'u'))).toThrow(RangeError);
  });
});

describe('correlation targets', () => {
  const u = latinHypercube(20, 3, createStream('targets', 0, 'u'));
  const rng = createStream('targets', 0, 'ic');

  it.each<[string, unknown, RegExp]>([
    ['not symmetric', [[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]], /must be symmetric, but \(2, 1\) is 0.4 and \(1, 2\) is 0.5; make them equal/],
    ['an entry above 1', [[1, 1.2, 0], [1.2, 1, 0], [0, 0, 1]], /correlation \(1, 2\) is 1.2; correlations lie between −1 and 1/],
    ['a diagonal other than 1', [[1, 0, 0], [0, 0.9, 0], [0, 0, 1]], /correlation \(2, 2\) is 0.9, but a parameter's correlation with itself must be 1/],
    ['contradictory correlations', [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], /contradict each other \(the matrix is not positive definite\)/],
    ['a perfect correlation', [[1, 1, 0], [1, 1, 0], [0, 0, 1]], /perfectly correlated parameters are really one parameter/],
    ['the wrong size', [[1, 0], [0, 1]], /every sample must have one value per parameter \(2/],
    ['a non-number', [[1, '0.5', 0], ['0.5', 1, 0], [0, 0, 1]], /correlation \(1, 2\) must be a finite number/],
  ])('imposeCorrelation rejects a target with %s', (_, target, message) => {
    expect(() => imposeCorrelation(u, target as number[][], rng)).toThrow(RangeError);
    expect(() => imposeCorrelation(u, target as number[][], rng)).toThrow(message);
  });

  it('correlationProblem accepts a valid matrix and names the size it wants', () => {
    expect(correlationProblem([[1, 0.6], [0.6, 1]])).toBeNull();
    expect(correlationProblem([[1, 0.6], [0.6, 1]], 3)).toMatch(/must be 3×3/);
  });

  it('passes a single parameter or a single sample through unchanged', () => {
    expect(imposeCorrelation([[0.3], [0.7]], [[1]], rng)).toEqual([[0.3], [0.7]]);
    expect(imposeCorrelation([[0.3, 0.6]], [[1, 0.5], [0.5, 1]], rng)).toEqual([[0.3, 0.6]]);
  });
});
