import { describe, expect, it } from 'vitest';
import { createStream, RandomStreams } from '../../engine/des/rng.ts';

const draws = (rng: () => number, n: number): number[] => Array.from({ length: n }, rng);

describe('RandomStreams', () => {
  it('is reproducible: same (seed, replication, name) gives the same sequence', () => {
    expect(draws(new RandomStreams(42, 1).stream('arrivals'), 100)).toEqual(
      draws(new RandomStreams(42, 1).stream('arrivals'), 100),
    );
    expect(draws(new RandomStreams('42', 1).stream('arrivals'), 5)).toEqual(draws(createStream(42, 1, 'arrivals'), 5));
  });

  it('gives different sequences for different seeds, replications and names', () => {
    const base = draws(createStream(42, 1, 'arrivals'), 20);
    expect(draws(createStream(43, 1, 'arrivals'), 20)).not.toEqual(base);
    expect(draws(createStream(42, 2, 'arrivals'), 20)).not.toEqual(base);
    expect(draws(createStream(42, 1, 'durations'), 20)).not.toEqual(base);
  });

  it('keeps streams independent: extra draws on one leave another unchanged', () => {
    const quiet = new RandomStreams(9, 0);
    const busy = new RandomStreams(9, 0);
    const a = quiet.stream('arrivals');
    const b = busy.stream('arrivals');
    const noisy = busy.stream('durations');
    const seqA: number[] = [];
    const seqB: number[] = [];
    for (let i = 0; i < 1000; i++) {
      seqA.push(a());
      for (let j = 0; j < (i % 7); j++) noisy();
      seqB.push(b());
    }
    expect(seqB).toEqual(seqA);
  });

  it('returns the same stream object for a name within a replication', () => {
    const s = new RandomStreams(1, 0);
    expect(s.stream('x')).toBe(s.stream('x'));
  });

  it('draws uniform numbers in [0, 1) with the right mean and variance', () => {
    const n = 200_000;
    const xs = draws(createStream('u', 0, 'u'), n);
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // se of the mean is sqrt(1/12/n) ≈ 6.5e-4; allow 4 se.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // se of the sample variance of U(0,1) is sqrt((1/80 - 1/144)/n) ≈ 1.7e-4; allow 4 se.
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('rejects a negative or fractional replication index', () => {
    expect(() => new RandomStreams(1, -1)).toThrow(RangeError);
    expect(() => new RandomStreams(1, 1.5)).toThrow(/whole number/);
  });
});

describe('RandomStreams.family (per-person substreams)', () => {
  it('gives each index its own reproducible sequence', () => {
    const a = new RandomStreams(5, 2).family('people');
    const b = new RandomStreams(5, 2).family('people');
    expect(draws(a(17), 50)).toEqual(draws(b(17), 50));
    expect(draws(a(17), 50)).not.toEqual(draws(a(18), 50));
    expect(draws(new RandomStreams(5, 3).family('people')(17), 50)).not.toEqual(draws(a(17), 50));
    expect(draws(new RandomStreams(5, 2).family('other')(17), 50)).not.toEqual(draws(a(17), 50));
  });

  it('is uniform: mean, variance and lag-1 correlation, within and across indices', () => {
    const fam = new RandomStreams('u', 0).family('people');
    const n = 200_000;
    const xs: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const r = fam(k);
      for (let j = 0; j < n / 2000; j++) xs.push(r());
    }
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    let lag = 0;
    for (let i = 1; i < n; i++) lag += (xs[i - 1] - mean) * (xs[i] - mean);
    const rho = lag / (n - 1) / variance;
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
    // Under independence the lag-1 autocorrelation has se 1/sqrt(n) ≈ 0.0022.
    expect(Math.abs(rho)).toBeLessThan(4 / Math.sqrt(n));
    // First draws of neighbouring indices must not be correlated either.
    const firsts = Array.from({ length: 20_000 }, (_, k) => fam(k)());
    const m = firsts.reduce((s, x) => s + x, 0) / firsts.length;
    let c = 0;
    for (let i = 1; i < firsts.length; i++) c += (firsts[i - 1] - m) * (firsts[i] - m);
    expect(Math.abs(c / (firsts.length - 1) / (1 / 12))).toBeLessThan(4 / Math.sqrt(firsts.length));
  });
});
