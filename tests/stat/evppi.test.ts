/**
 * EVPPI by the regression method of Strong, Oakley and Brennan (2014) against
 * closed forms.
 *
 * Tolerances. An estimate differs from the closed form for two reasons: the
 * PSA sample is finite (the mean over N draws of max over options of the true
 * conditional mean g has Monte Carlo error sd(v)/√N, with v the draw's
 * max_o g_o − g of the option best on average; `mcError` computes it from the
 * true g on the same sample), and the regression only estimates g (the
 * method's own se, from draws of the fit from its posterior). Each check
 * allows 4 × √(se² + mc²): for a correct method a normal error that large has
 * probability 6 in 100,000, so with fixed seeds a failure means a biased
 * method, while a bias of a few standard errors still shows. The samples are
 * 2,000 draws for the splines and 1,000 for most Gaussian-process fits (their
 * cost grows as the cube), which keeps the errors to a few percent of the
 * values and the file to about fifteen seconds.
 */
import { describe, expect, it } from 'vitest';
import { normalCdf as Phi, normalQuantile } from '../../engine/des/distributions.ts';
import { createStream } from '../../engine/des/rng.ts';
import { cholesky, cholInverse } from '../../engine/sweep/dense.ts';
import { evenly, evppi, GP_MAX_DRAWS, valueOfInformation, type EvppiEstimate } from '../../engine/sweep/evppi.ts';
import { fitPSpline } from '../../engine/sweep/pspline.ts';
import { psaSummary, type VariantRecord } from '../../engine/sweep/analysis.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';

const phi = (x: number): number => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
/** E[max(X, 0)] − max(E[X], 0) for X ~ N(a, s²): the EVPPI of a parameter that moves the INB by N(0, s²) around a. */
const normalEvppi = (a: number, s: number): number => s * phi(a / s) + a * Phi(a / s) - Math.max(a, 0);

/** n draws of k independent standard normals, from a named stream. */
function sample(name: string, n: number, k: number): number[][] {
  const r = createStream('evppi-test', 0, name);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => normalQuantile(r())));
}
const stream = (name: string): (() => number) => createStream('evppi-test', 0, `se:${name}`);

/** The Monte Carlo error of the EVPPI computed from the true conditional means g[o][d] on this sample. */
function mcError(g: number[][]): number {
  const n = g[0].length;
  const means = g.map((col) => col.reduce((s, v) => s + v, 0) / n);
  const star = means.indexOf(Math.max(...means));
  const v = Array.from({ length: n }, (_, d) => Math.max(...g.map((col) => col[d])) - g[star][d]);
  const m = v.reduce((s, x) => s + x, 0) / n;
  return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1) / n);
}

function expectNear(e: EvppiEstimate | null, truth: number, mc: number): void {
  expect(e).not.toBeNull();
  const tolerance = 4 * Math.sqrt(e!.se ** 2 + mc ** 2);
  expect(Math.abs(e!.evppi - truth), `estimate ${e!.evppi} (se ${e!.se}) against ${truth}, tolerance ${tolerance}`).toBeLessThan(tolerance);
}

const column = (nb: number[][], o: number): number[] => nb.map((r) => r[o]);
const zeros = (n: number): number[] => new Array<number>(n).fill(0);

describe('EVPPI against closed forms: two options, INB = 1 + 2θ₁ + θ₂ + ε', () => {
  // θ₁, θ₂, θ₃ and ε independent N(0, 1); θ₃ does not enter the INB. Option 0 is funding (NPV = INB), option 1 not funding (0).
  const n = 2000;
  const th = sample('linear', n, 4);
  const inb = th.map(([a, b, , e]) => 1 + 2 * a + b + e);
  const nb = inb.map((v) => [v, 0]);
  const at = (...ks: number[]): number[][] => th.map((r) => ks.map((k) => r[k]));
  const one = evppi(nb, at(0), 1, stream('linear-1'));
  const two = evppi(nb, at(1), 1, stream('linear-2'));
  const none = evppi(nb, at(2), 1, stream('linear-3'));
  const both = evppi(nb, at(0, 1), 1, stream('linear-12'));
  const total = valueOfInformation([column(nb, 0), column(nb, 1)]);

  it('θ₁ alone: σ₁ φ(a/σ₁) + a Φ(a/σ₁) − max(a, 0) with σ₁ = |b₁| sd₁ = 2', () => {
    expect(one!.method).toBe('spline');
    expectNear(one, normalEvppi(1, 2), mcError([th.map((r) => 1 + 2 * r[0]), zeros(n)]));
    expectNear(two, normalEvppi(1, 1), mcError([th.map((r) => 1 + r[1]), zeros(n)]));
  });

  it('the group {θ₁, θ₂}: the same with σ = √(b₁² sd₁² + b₂² sd₂²) = √5, by a Gaussian process on 1,000 of the 2,000 draws', () => {
    expect(both).toMatchObject({ method: 'gp', fitted: GP_MAX_DRAWS, draws: n });
    expectNear(both, normalEvppi(1, Math.sqrt(5)), mcError([th.map((r) => 1 + 2 * r[0] + r[1]), zeros(n)]));
  });

  it('the total EVPI includes the noise: σ = √6', () => {
    expect(Math.abs(total - normalEvppi(1, Math.sqrt(6)))).toBeLessThan(4 * mcError([inb, zeros(n)]));
  });

  it('a parameter that does not move the INB is worth nothing; none is worth more than the EVPI; the group at least its members', () => {
    expect(none!.evppi).toBeLessThan(0.01 * total);
    for (const e of [one!, two!, both!]) expect(e.evppi).toBeLessThan(total + 2 * e.se);
    for (const e of [one!, two!]) expect(both!.evppi).toBeGreaterThan(e.evppi - 2 * Math.sqrt(both!.se ** 2 + e.se ** 2));
  });

  it('is deterministic: the same sample and stream give the same numbers', () => {
    expect(evppi(nb, at(0, 1), 1, stream('linear-12'))).toEqual(both);
    expect(evppi(nb, at(0), 1, stream('linear-1'))).toEqual(one);
  });
});

describe('EVPPI of non-linear net benefit', () => {
  it('INB = −½ + θ² + ε/2: 2cφ(c) + ½ − Φ(c) with c = 1/√2', () => {
    // E[max(θ² − ½, 0)] − ½ = 2∫_c^∞ (x² − ½) φ(x) dx − ½, and ∫_c^∞ x² φ = c φ(c) + 1 − Φ(c).
    const n = 2000;
    const th = sample('square', n, 2);
    const nb = th.map(([a, e]) => [-0.5 + a * a + 0.5 * e, 0]);
    const c = Math.SQRT1_2;
    expectNear(evppi(nb, th.map((r) => [r[0]]), 1, stream('square')), 2 * c * phi(c) + 0.5 - Phi(c), mcError([th.map((r) => -0.5 + r[0] ** 2), zeros(n)]));
  });

  it('INB = 0.2 + θ₁θ₂ + ε/2: neither alone is worth anything, together ∫ φ(x) EVPPI(N(0.2, x²)) dx', () => {
    const n = 1000;
    const th = sample('product', n, 3);
    const nb = th.map(([a, b, e]) => [0.2 + a * b + 0.5 * e, 0]);
    // Given θ₁ = x, the INB is N(0.2, x²) in θ₂: integrate the normal closed form over x (midpoint rule, step 0.001 on ±10).
    let truth = 0;
    for (let x = -10 + 0.0005; x < 10; x += 0.001) truth += phi(x) * normalEvppi(0.2, Math.abs(x)) * 0.001;
    const group = evppi(nb, th.map((r) => [r[0], r[1]]), 1, stream('product-12'));
    expectNear(group, truth, mcError([th.map((r) => 0.2 + r[0] * r[1]), zeros(n)]));
    // E[INB | θ₁] = 0.2 whatever θ₁ is: only the noise of the fit is left, within 3 of its se.
    const alone = evppi(nb, th.map((r) => [r[0]]), 1, stream('product-1'))!;
    expect(alone.evppi).toBeLessThan(3 * alone.se);
    expect(group!.evppi).toBeGreaterThan(5 * alone.evppi);
  });
});

describe('EVPPI with three options', () => {
  // NB = (0, θ₁ + ε₁/2, θ₂ − 0.2 + ε₂/2), against option 0.
  const n = 1000;
  const th = sample('three', n, 4);
  const nb = th.map(([a, b, e1, e2]) => [0, a + 0.5 * e1, b - 0.2 + 0.5 * e2]);
  const truthG = th.map((r) => [0, r[0], r[1] - 0.2]);

  it('takes the best of all three given each parameter, and given both', () => {
    // Knowing θ₁ the choice is between 0 and θ₁ (option 2 stays at −0.2): E[max(θ₁, 0)] = φ(0).
    expectNear(evppi(nb, th.map((r) => [r[0]]), 0, stream('three-1')), phi(0), mcError([zeros(n), th.map((r) => r[0]), zeros(n).map(() => -0.2)]));
    // Knowing θ₂: E[max(θ₂ − 0.2, 0)] = φ(0.2) − 0.2 (1 − Φ(0.2)).
    expectNear(evppi(nb, th.map((r) => [r[1]]), 0, stream('three-2')), phi(0.2) - 0.2 * (1 - Phi(0.2)), mcError([zeros(n), th.map((r) => r[1] - 0.2)]));
    // Knowing both: E[max(0, θ₁, θ₂ − 0.2)] = ∫₀^∞ (1 − Φ(t) Φ(t + 0.2)) dt.
    let truth = 0;
    for (let t = 0.00025; t < 12; t += 0.0005) truth += (1 - Phi(t) * Phi(t + 0.2)) * 0.0005;
    expectNear(evppi(nb, th.map((r) => [r[0], r[1]]), 0, stream('three-12')), truth, mcError([0, 1, 2].map((o) => truthG.map((g) => g[o]))));
  });
});

describe('the pieces', () => {
  it('a P-spline fits a straight line exactly, whatever the smoothing, and bends for a curve', () => {
    const x = Array.from({ length: 300 }, (_, i) => (i * 7) % 300);
    const line = fitPSpline(x, x.map((v) => 3 - 0.5 * v));
    x.forEach((v, i) => expect(line.fitted[i]).toBeCloseTo(3 - 0.5 * v, 6));
    const curve = fitPSpline(x, x.map((v) => Math.sin(v / 30)));
    x.forEach((v, i) => expect(Math.abs(curve.fitted[i] - Math.sin(v / 30))).toBeLessThan(0.01));
    expect(curve.edf).toBeGreaterThan(4);
  });

  it('inverts a matrix through its Cholesky factor', () => {
    const n = 30;
    const a = new Float64Array(n * n).map((_, k) => Math.exp(-(((Math.floor(k / n) - (k % n)) / 5) ** 2)) + (Math.floor(k / n) === k % n ? 0.1 : 0));
    const inv = cholInverse(cholesky(a, n)!, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Array.from({ length: n }, (_, t) => a[i * n + t] * inv[t * n + j]).reduce((s, v) => s + v, 0)).toBeCloseTo(i === j ? 1 : 0, 8);
  });

  it('subsamples evenly and deterministically', () => {
    expect(evenly(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(evenly(10, 4)).toEqual([0, 2, 5, 7]);
  });

  it('needs at least ten draws', () => {
    expect(evppi([[1, 0]], [[1]], 1, stream('few'))).toBeNull();
  });
});

describe('the PSA summary', () => {
  /** A PSA of n draws over parameters a, b, c whose NPVs are given, as psaSummary reads it from manifest.json and results.jsonl. */
  function psa(n: number, npv: Record<string, (x: { a: number; b: number; c: number }) => number>, groups: SweepInfo['groups']): { info: SweepInfo; records: VariantRecord[] } {
    const names = Object.keys(npv);
    const info = {
      design: 'psa',
      size: n,
      seed: '1',
      horizonYears: 2,
      doNothing: true,
      economics: true,
      parameters: ['a', 'b', 'c'].map((p) => ({ name: p, label: `Parameter ${p}`, paths: [], unit: '', base: 0 })),
      groups,
      options: names.map((name) => ({ name, label: name, file: `${name}.yaml`, sha256: '' })),
    } as unknown as SweepInfo;
    const th = sample('summary', n, 4);
    const records = th.flatMap(([a, b, c, e], d) => {
      const inputs = { a, b, c };
      return names.map((option, o): VariantRecord => ({ variant: d * names.length + o, option, draw: d, inputs, metrics: { npv: npv[option](inputs) + 0.3 * e, roi: 1, paybackYear: null } }));
    });
    return { info, records };
  }

  it('ranks the parameters and the groups by EVPPI, each a share of the EVPI, against not funding', () => {
    const { info, records } = psa(400, { base: ({ a, b }) => 0.5 + 2 * a + b, alt: ({ a, b }) => 0.4 + 2 * a + b + 0.5 * b }, [
      { name: 'ab', parameters: ['a', 'b'] },
      { name: 'bc', parameters: ['b', 'c'] },
    ]);
    const s = psaSummary(JSON.parse(JSON.stringify(info)), records)!;
    const e = s.evppi!;
    expect(e.reference).toBe('do nothing');
    expect(e.parameters.map((r) => [r.name, r.rank, r.method])).toEqual([
      ['a', 1, 'spline'],
      ['b', 2, 'spline'],
      ['c', 3, 'spline'],
    ]);
    expect(e.parameters[0].label).toBe('Parameter a');
    expect(e.groups.map((r) => [r.name, r.rank, r.method, r.label])).toEqual([
      ['ab', 1, 'gp', 'ab (a, b)'],
      ['bc', 2, 'gp', 'bc (b, c)'],
    ]);
    for (const r of [...e.parameters, ...e.groups]) {
      expect(r.share).toBeCloseTo(r.evppi / s.decision.evpi, 8);
      expect(r.evppi).toBeLessThan(s.decision.evpi + 2 * r.se);
    }
    expect(e.parameters[2].evppi).toBeLessThan(0.05 * s.decision.evpi);
    expect(e.groups[0].evppi).toBeGreaterThan(e.parameters[0].evppi - 2 * e.groups[0].se);
  });

  it('is 0 for every parameter when no information could change the choice', () => {
    const { info, records } = psa(50, { base: ({ a }) => -10 + 0.1 * a }, []);
    const s = psaSummary(info, records)!;
    expect(s.decision.evpi).toBe(0);
    expect(s.evppi!.parameters.every((r) => r.evppi === 0 && r.share === 0)).toBe(true);
  });
});
