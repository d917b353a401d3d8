import { describe, it, expect } from 'vitest';
import { createStream } from '../../engine/des/rng.ts';
import {
  SeriesAccumulator,
  Tally,
  TimeWeighted,
  studentTCdf,
  studentTQuantile,
  summarize,
} from '../../engine/des/statistics.ts';

describe('TimeWeighted', () => {
  // 0 on [0,2), 3 on [2,5), 1 on [5,10]: area 0*2 + 3*3 + 1*5 = 14.
  const example = () => {
    const tw = new TimeWeighted(0, 0);
    tw.update(2, 3);
    tw.update(5, 1);
    return tw;
  };

  it('integrates a piecewise-constant path', () => {
    const tw = example();
    expect(tw.area(10)).toBe(14);
    expect(tw.mean(10)).toBeCloseTo(1.4, 14);
    expect(tw.area(5)).toBe(9);
    expect(tw.mean(5)).toBeCloseTo(1.8, 14);
    expect(tw.value).toBe(1);
    expect(tw.max).toBe(3);
    expect(tw.min).toBe(0);
  });

  it('returns the current value over an empty window and honours a non-zero start', () => {
    expect(new TimeWeighted(4, 7).mean(4)).toBe(7);
    const tw = new TimeWeighted(10, 2);
    tw.update(12, 6); // 2 on [10,12), 6 on [12,14]
    expect(tw.area(14)).toBe(16);
    expect(tw.mean(14)).toBe(4);
  });

  it('add() changes the value by a delta', () => {
    const tw = new TimeWeighted();
    tw.add(1, 2); // 0 on [0,1)
    tw.add(3, 2); // 2 on [1,3)
    tw.add(4, -3); // 4 on [3,4), then 1
    expect(tw.value).toBe(1);
    expect(tw.area(6)).toBe(0 + 4 + 4 + 2);
    expect(tw.max).toBe(4);
    expect(tw.min).toBe(0);
  });

  it('reset() restarts accumulation and extremes, keeping the value', () => {
    const tw = example();
    tw.reset(10);
    expect(tw.value).toBe(1);
    expect(tw.area(10)).toBe(0);
    expect(tw.mean(10)).toBe(1);
    expect(tw.max).toBe(1);
    expect(tw.min).toBe(1);
    tw.update(12, 5); // 1 on [10,12), 5 on [12,16]
    expect(tw.area(16)).toBe(22);
    expect(tw.mean(16)).toBeCloseTo(22 / 6, 14);
    expect(tw.max).toBe(5);
  });

  it('rejects time going backwards', () => {
    const tw = example();
    expect(() => tw.update(4, 2)).toThrow(RangeError);
    expect(() => tw.add(4, 1)).toThrow(RangeError);
    expect(() => tw.area(4)).toThrow(RangeError);
    expect(() => tw.mean(4)).toThrow(RangeError);
    expect(() => tw.reset(4)).toThrow(RangeError);
    expect(() => tw.update(NaN, 2)).toThrow(RangeError);
    tw.update(5, 2); // same time is allowed
    expect(tw.area(10)).toBe(9 + 10);
  });
});

describe('Tally', () => {
  it('matches hand-computed statistics', () => {
    // Mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7.
    const t = new Tally();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) t.record(x);
    expect(t.count).toBe(8);
    expect(t.sum).toBe(40);
    expect(t.mean).toBe(5);
    expect(t.variance).toBeCloseTo(32 / 7, 14);
    expect(t.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(t.min).toBe(2);
    expect(t.max).toBe(9);
  });

  it('is NaN where undefined and resets', () => {
    const t = new Tally();
    expect(t.count).toBe(0);
    expect(t.mean).toBeNaN();
    expect(t.variance).toBeNaN();
    expect(t.min).toBeNaN();
    t.record(3);
    expect(t.mean).toBe(3);
    expect(t.variance).toBeNaN();
    expect(t.sd).toBeNaN();
    t.reset();
    expect(t.count).toBe(0);
    expect(t.sum).toBe(0);
    t.record(-1);
    t.record(1);
    expect(t.mean).toBe(0);
    expect(t.variance).toBe(2);
    expect(t.min).toBe(-1);
    expect(t.max).toBe(1);
  });

  it('is numerically stable for large values with a small spread', () => {
    // Deviations -6, -3, 3, 6 around 1e9 + 10: variance 90/3 = 30.
    // The naive sum-of-squares formula loses all digits here (squares near 1e18).
    const t = new Tally();
    for (const d of [4, 7, 13, 16]) t.record(1e9 + d);
    expect(t.mean).toBe(1e9 + 10);
    expect(t.variance).toBeCloseTo(30, 9);
    const many = new Tally();
    for (let i = 0; i < 100_000; i++) many.record(1e9 + (i % 2 === 0 ? -1 : 1));
    expect(many.mean).toBeCloseTo(1e9, 6);
    expect(many.variance).toBeCloseTo(100_000 / 99_999, 9);
  });
});

describe('Student t', () => {
  const table: [number, number][] = [
    [1, 12.706204736174707],
    [2, 4.302652729749464],
    [5, 2.570581835636314],
    [10, 2.228138851986274],
    [30, 2.042272456301238],
  ];

  it('matches table quantiles at 0.975', () => {
    for (const [df, expected] of table) {
      expect(Math.abs(studentTQuantile(0.975, df) - expected)).toBeLessThan(1e-10 * expected);
      // Exact symmetry: both solve on the same tail probability 1 - 0.975.
      expect(studentTQuantile(1 - 0.975, df)).toBe(-studentTQuantile(0.975, df));
    }
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339, 6);
  });

  it('matches closed forms for df = 1 and df = 2', () => {
    // df 1 is Cauchy: F(t) = 1/2 + atan(t)/π. df 2: F(t) = 1/2 + t / (2√(2 + t²)).
    for (const t of [-30, -2, -0.5, 0, 0.1, 1, 3, 100]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 14);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 14);
    }
    for (const p of [0.001, 0.2, 0.9, 0.9999]) {
      const cauchy = Math.tan(Math.PI * (p - 0.5));
      expect(Math.abs(studentTQuantile(p, 1) - cauchy)).toBeLessThan(1e-10 * Math.abs(cauchy));
    }
  });

  it('round-trips cdf(quantile(p)) = p', () => {
    for (const df of [0.7, 1, 2.5, 4, 9, 29, 200, 5000]) {
      for (const p of [1e-9, 0.001, 0.025, 0.3, 0.5, 0.6, 0.95, 0.975, 0.999999]) {
        const t = studentTQuantile(p, df);
        const err = Math.abs(studentTCdf(t, df) - p);
        expect(err).toBeLessThan(1e-12 * Math.min(p, 1 - p) + 1e-15);
      }
    }
  });

  it('handles limits and rejects bad arguments', () => {
    expect(studentTCdf(0, 7)).toBe(0.5);
    expect(studentTCdf(Infinity, 7)).toBe(1);
    expect(studentTCdf(-Infinity, 7)).toBe(0);
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(1, 7)).toBe(Infinity);
    expect(studentTQuantile(0, 7)).toBe(-Infinity);
    expect(() => studentTQuantile(1.1, 7)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTCdf(1, -1)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('matches a hand-computed example', () => {
    const s = summarize([5, 1, 4, 2, 3]);
    const half = (2.776445105197793 * 1.5811388300841898) / Math.sqrt(5);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(1.5811388300841898, 14);
    expect(s.lo).toBeCloseTo(3 - half, 12);
    expect(s.hi).toBeCloseTo(3 + half, 12);
    expect(s.min).toBe(1);
    expect(s.max).toBe(5);
    // Linear interpolation (R type 7): position (n - 1)p in the sorted values.
    expect(s.q05).toBeCloseTo(1.2, 14);
    expect(s.q25).toBe(2);
    expect(s.median).toBe(3);
    expect(s.q75).toBe(4);
    expect(s.q95).toBeCloseTo(4.8, 14);
  });

  it('uses the requested confidence level', () => {
    const s = summarize(Float64Array.of(1, 2, 3, 4, 5), 0.9);
    const half = (2.131846786326649 * 1.5811388300841898) / Math.sqrt(5);
    expect(s.hi - s.mean).toBeCloseTo(half, 12);
  });

  it('handles one value, equal values and empty input', () => {
    const one = summarize([4]);
    expect(one.mean).toBe(4);
    expect(one.sd).toBeNaN();
    expect(one.lo).toBeNaN();
    expect(one.hi).toBeNaN();
    expect(one.median).toBe(4);
    const same = summarize([0.1, 0.1, 0.1]);
    expect(same).toMatchObject({ mean: 0.1, sd: 0, lo: 0.1, hi: 0.1, min: 0.1, max: 0.1 });
    expect(() => summarize([])).toThrow(RangeError);
    expect(() => summarize([1, 2], 1)).toThrow(RangeError);
  });

  it('gives 95% intervals that cover the true mean about 95% of the time', () => {
    const rng = createStream('statistics-coverage', 0, 'normal');
    let spare: number | undefined;
    const normal = (): number => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return z;
      }
      // Box–Muller; 1 - u keeps the log argument in (0, 1].
      const r = Math.sqrt(-2 * Math.log(1 - rng()));
      const theta = 2 * Math.PI * rng();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    };
    const trials = 2000;
    const mu = 10;
    const sample = new Float64Array(10);
    let covered = 0;
    for (let i = 0; i < trials; i++) {
      for (let j = 0; j < sample.length; j++) sample[j] = mu + 2 * normal();
      const s = summarize(sample);
      if (s.lo <= mu && mu <= s.hi) covered++;
    }
    const tolerance = 3 * Math.sqrt((0.95 * 0.05) / trials);
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(tolerance);
  });
});

describe('SeriesAccumulator', () => {
  it('matches summarize() per period, bit for bit', () => {
    const periods = 4;
    const acc = new SeriesAccumulator(periods);
    const rng = createStream('statistics-series', 0, 'values');
    const reps: number[][] = [];
    for (let r = 0; r < 37; r++) {
      // 37 rows forces the buffer to grow; period 3 is constant across replications.
      const row = [rng() * 100, 1e6 + rng(), r % 5, 7];
      reps.push(row);
      acc.add(Float64Array.from(row));
    }
    expect(acc.count).toBe(37);
    for (const level of [0.95, 0.8]) {
      const out = acc.summary(level);
      for (let p = 0; p < periods; p++) {
        const s = summarize(
          reps.map((row) => row[p]),
          level,
        );
        expect(out.mean[p]).toBe(s.mean);
        expect(out.lo[p]).toBe(s.lo);
        expect(out.hi[p]).toBe(s.hi);
      }
    }
    expect(acc.summary().lo[3]).toBe(7);
  });

  it('checks lengths and reports NaN before any replication', () => {
    const acc = new SeriesAccumulator(3);
    expect(acc.summary()).toEqual({ mean: [NaN, NaN, NaN], lo: [NaN, NaN, NaN], hi: [NaN, NaN, NaN] });
    expect(() => acc.add([1, 2])).toThrow(RangeError);
    acc.add([1, 2, 3]);
    const one = acc.summary();
    expect(one.mean).toEqual([1, 2, 3]);
    expect(one.lo[0]).toBeNaN();
    expect(() => new SeriesAccumulator(-1)).toThrow(RangeError);
  });
});
