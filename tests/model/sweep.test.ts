/**
 * Sweeps against answers known by construction. The steady scenario
 * (tests/sweeps/steady.yaml) holds ten people in support for three years with
 * nobody arriving or leaving, so its NPV is, by hand,
 *   NPV = Σd × (10 × (5 − 2) × ae + 10 × (1.5 − 0.5) × arrest − 10 × iss)
 * with Σd = 1 + 1/1.035 + 1/1.035² and ae, arrest, iss the unit costs:
 * linear in each, so swings, means and regressions have exact answers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../engine/des/distributions.ts';
import { histogram, psaSummary, summarizeSweep, type VariantRecord } from '../../engine/sweep/analysis.ts';
import { sweepInfo, type SweepInfo } from '../../engine/sweep/info.ts';
import { type Sweep } from '../../engine/sweep/types.ts';
import { loadSweep } from '../../engine/sweep/load.ts';
import { runVariant } from '../../engine/sweep/run.ts';
import { variantMetrics } from '../../engine/sweep/metrics.ts';
import { runScenario } from '../../engine/run.ts';
import { loadFile } from '../helpers/load.ts';
import { spearman } from '../../engine/sweep/correlation.ts';
import { checkVariants, planVariants, variantTask } from '../../engine/sweep/variants.ts';
import { variantRecord } from '../../engine/sweep/analysis.ts';
import { parseTornado, tornadoCsv } from '../../engine/sweep/tornado-csv.ts';

const SD = 1 + 1 / 1.035 + 1 / 1.035 ** 2;
const npvByHand = (ae: number, arrest: number, iss: number): number => SD * (30 * ae + 10 * arrest - 10 * iss);

const disk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** Reads the sweep fixtures from disk, with `files` laid over them (in-memory sweep files). */
function load(file: string, files: Record<string, string> = {}): Sweep {
  const r = loadSweep(file, (p) => files[p] ?? disk(p));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path} ${e.message}`).join('\n'));
  return r.sweep;
}

/** Runs every variant in this thread and returns the records in variant order. */
function run(sweep: Sweep): VariantRecord[] {
  const variants = planVariants(sweep);
  const cache = new Map();
  expect(checkVariants(sweep, variants, (p) => disk(p), cache)).toEqual([]);
  return variants.map((v) => variantRecord(v, runVariant(variantTask(sweep, v, (p) => disk(p), cache))));
}

const sweepText = (design: string, body: string): string => `sweep: test\nbase: steady.yaml\ndesign: ${design}\nreplications: 2\n${body}`;

describe('one-way sweep', () => {
  const sweep = load('tests/sweeps/steady-oneway.yaml');
  const records = run(sweep);
  const summary = summarizeSweep(sweepInfo(sweep), records);

  it('runs the base and each parameter low and high: 1 + 2k variants', () => {
    expect(records).toHaveLength(9);
    expect(records[0].moved).toBeUndefined();
    expect(records[0].inputs).toEqual({ ae: 117, arrest: 710, programme: 5230, 'drop-off': 0 });
    expect(records[3].moved).toEqual({ parameter: 'arrest', end: 'low' });
    expect(records[3].inputs).toEqual({ ae: 117, arrest: 700, programme: 5230, 'drop-off': 0 });
    expect(records[0].metrics.npv).toBeCloseTo(npvByHand(117, 710, 5230), 1);
  });

  it('ranks the parameters by their swing in NPV, which is known exactly', () => {
    const npv = summary.tornado.filter((r) => r.metric === 'NPV (£)');
    expect(npv.map((r) => r.parameter)).toEqual(['ISS cost per person-year', 'A&E unit cost', 'Arrest unit cost', 'Drop-off (no case closes, so no effect)']);
    expect(npv.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    // Money is kept to the penny, so swings agree with the hand figures to within 2p.
    const swings = [10 * 1000 * SD, 30 * 100 * SD, 10 * 20 * SD, 0];
    npv.forEach((r, i) => expect(Math.abs(r.swing - swings[i])).toBeLessThan(0.02));
    expect(npv[0].low).toBeCloseTo(npvByHand(117, 710, 5000), 1);
    expect(npv[0].high).toBeCloseTo(npvByHand(117, 710, 6000), 1);
    expect(npv[0].base).toBeCloseTo(npvByHand(117, 710, 5230), 1);
    expect(npv[0]).toMatchObject({ path: 'economics.unitCosts.iss_person_year.cost', lowInput: 5000, highInput: 6000 });
  });

  it('writes tornado.csv that the viewer reads back to the same rows, "not within the horizon" as empty cells', () => {
    const back = parseTornado(tornadoCsv(summary.tornado));
    expect(back).toHaveLength(summary.tornado.length);
    back.forEach((r, i) => {
      const w = summary.tornado[i];
      expect(r).toMatchObject({ parameter: w.parameter, low: w.low, high: w.high, base: w.base, metric: w.metric, rank: w.rank, path: w.path });
    });
    expect(back.filter((r) => r.metric === 'payback year').every((r) => r.low === null && r.high === null)).toBe(true);
  });

  it('finds no swing in the caseload, which no unit cost can move', () => {
    const caseload = summary.tornado.filter((r) => r.metric.startsWith('caseload'));
    expect(caseload.map((r) => r.swing)).toEqual([0, 0, 0, 0]);
    expect(caseload[0].base).toBe(10);
  });
});

describe('grid sweep', () => {
  const text = sweepText('grid', 'parameters:\n  ae: { path: economics.unitCosts.ae_attendance.cost, values: [100, 150, 200] }\n  arrest: { path: economics.unitCosts.arrest.cost, low: 700, high: 720 }\n');
  const sweep = load('tests/sweeps/grid.yaml', { 'tests/sweeps/grid.yaml': text });

  it('is the full factorial, the first parameter varying slowest', () => {
    const v = planVariants(sweep);
    expect(v.map((x) => [x.inputs.ae, x.inputs.arrest])).toEqual([[100, 700], [100, 720], [150, 700], [150, 720], [200, 700], [200, 720]]);
  });

  it('ranks by main effects, exact for a linear metric', () => {
    const rows = summarizeSweep(sweepInfo(sweep), run(sweep)).tornado.filter((r) => r.metric === 'NPV (£)');
    expect(rows.map((r) => r.parameter)).toEqual(['ae', 'arrest']);
    expect(Math.abs(rows[0].swing - 30 * 100 * SD)).toBeLessThan(0.02);
    expect(Math.abs(rows[1].swing - 10 * 20 * SD)).toBeLessThan(0.02);
  });
});

describe('Latin hypercube and random samples', () => {
  const body = (n: number, seed = 5): string =>
    `size: ${n}\nseed: ${seed}\nparameters:\n  ae: { path: economics.unitCosts.ae_attendance.cost, low: 100, high: 200 }\n  arrest: { path: economics.unitCosts.arrest.cost, distribution: { type: normal, mean: 710, sd: 50 } }\n  iss: { path: economics.unitCosts.iss_person_year.cost, low: 5000, high: 5500 }\ncorrelations:\n  - [ae, iss, 0.6]\n`;
  const lhs = (n: number): Sweep => load('tests/sweeps/lhs.yaml', { 'tests/sweeps/lhs.yaml': sweepText('lhs', body(n)) });

  it('puts exactly one sample in each of n equal strata of every uniform range', () => {
    const v = planVariants(lhs(50));
    const strata = v.map((x) => Math.floor((x.inputs.ae - 100) / 2)).sort((a, b) => a - b);
    expect(strata).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('imposes the rank correlation asked for (±0.1 at n = 200; the sampling sd of a rank correlation there is about 0.05)', () => {
    const v = planVariants(lhs(200));
    expect(spearman(v.map((x) => x.inputs.ae), v.map((x) => x.inputs.iss))).toBeGreaterThan(0.5);
    expect(spearman(v.map((x) => x.inputs.ae), v.map((x) => x.inputs.iss))).toBeLessThan(0.7);
    expect(Math.abs(spearman(v.map((x) => x.inputs.ae), v.map((x) => x.inputs.arrest)))).toBeLessThan(0.1);
  });

  it('recovers the exact slopes by regression, so low and high are the NPV at the 5th and 95th percentiles', () => {
    const sweep = lhs(40);
    const records = run(sweep);
    const rows = summarizeSweep(sweepInfo(sweep), records).tornado.filter((r) => r.metric === 'NPV (£)');
    expect(rows.map((r) => r.parameter)).toEqual(['iss', 'ae', 'arrest']);
    for (const r of rows) {
      const slope = { ae: 30 * SD, arrest: 10 * SD, iss: -10 * SD }[r.parameter]!;
      // The fit is exact up to pence rounding of each variant's NPV.
      expect(Math.abs(r.high! - r.low! - slope * (r.highInput - r.lowInput))).toBeLessThan(0.05);
    }
  });

  it('draws a random sample within the ranges, the same for the same seed and different for another', () => {
    const sample = (seed: number): Sweep => load('tests/sweeps/sample.yaml', { 'tests/sweeps/sample.yaml': sweepText('sample', body(30, seed)) });
    const a = planVariants(sample(1));
    expect(a).toHaveLength(30);
    expect(a.every((x) => x.inputs.ae >= 100 && x.inputs.ae <= 200 && x.inputs.iss >= 5000 && x.inputs.iss <= 5500)).toBe(true);
    expect(planVariants(sample(1))).toEqual(a);
    expect(planVariants(sample(2)).map((x) => x.inputs.ae)).not.toEqual(a.map((x) => x.inputs.ae));
  });
});

describe('probabilistic sensitivity analysis', () => {
  const psa = (sampling: string): Sweep =>
    load('tests/sweeps/psa.yaml', {
      'tests/sweeps/psa.yaml': sweepText(
        'psa',
        `size: 400\nsampling: ${sampling}\nparameters:\n  ae: { path: economics.unitCosts.ae_attendance.cost, distribution: { type: gamma, mean: 117, sd: 30 } }\n  arrest: { path: economics.unitCosts.arrest.cost, distribution: { type: lognormal, mean: 710, sd: 100 } }\n`,
      ),
    });

  it('has a mean NPV equal to the deterministic NPV at the mean inputs, within sampling error', () => {
    for (const sampling of ['random', 'lhs']) {
      const sweep = psa(sampling);
      const records = run(sweep);
      const s = psaSummary(sweepInfo(sweep), records)!;
      const expected = npvByHand(117, 710, 5230);
      // NPV = Σd × (30 ae + 10 arrest − …): its sd across draws is Σd × √((30 × 30)² + (10 × 100)²) ≈ £3,900,
      // so the mean of 400 random draws has a standard error of about £195; allow 4 of them.
      expect(Math.abs(s.options[0].npv.mean - expected)).toBeLessThan(4 * 195);
      expect(s.options[0].npv.sd).toBeGreaterThan(SD * 1345 * 0.85);
      expect(s.options[0].npv.sd).toBeLessThan(SD * 1345 * 1.15);
      // Linear in the inputs: the mean NPV is the NPV of the sampled inputs' means, to the penny.
      const mean = (k: string): number => records.reduce((a, r) => a + r.inputs[k], 0) / records.length;
      expect(Math.abs(s.options[0].npv.mean - npvByHand(mean('ae'), mean('arrest'), 5230))).toBeLessThan(0.02);
      if (sampling === 'lhs') expect(Math.abs(s.options[0].npv.mean - expected)).toBeLessThan(0.25 * 195);
    }
  });

  it('never pays back here, and says so by year', () => {
    const s = psaSummary(sweepInfo(psa('random')), run(psa('random')))!;
    expect(s.options[0].paybackByYear).toEqual([0, 0, 0]);
    expect(s.options[0].probNpvPositive).toBe(0);
    expect(s.decision.choice).toBe('do nothing');
    expect(s.decision.evpi).toBe(0); // funding never beats not funding, so no information could change the choice
  });
});

describe('expected value of perfect information', () => {
  /** An info stub and records whose NPVs are given: draw d of option o has NPV npv[o](d). */
  function synthetic(n: number, npv: Record<string, (d: number) => number>, doNothing: boolean): { info: SweepInfo; records: VariantRecord[] } {
    const names = Object.keys(npv);
    const info = {
      design: 'psa',
      size: n,
      horizonYears: 2,
      doNothing,
      economics: true,
      options: names.map((name) => ({ name, label: name, file: `${name}.yaml`, sha256: '' })),
    } as unknown as SweepInfo;
    const records = Array.from({ length: n }, (_, d) =>
      names.map((option, o): VariantRecord => ({ variant: d * names.length + o, option, draw: d, inputs: {}, metrics: { npv: npv[option](d), roi: 1, paybackYear: null } })),
    ).flat();
    return { info, records };
  }
  // Evenly spaced normal quantiles: a sample of N(0, σ²) with no sampling noise.
  const n = 20_000;
  const sigma = 1_000_000;
  const z = (d: number): number => sigma * normalQuantile((d + 0.5) / n);

  it('is σ/√(2π) for funding with NPV ~ N(0, σ²) against not funding', () => {
    const { info, records } = synthetic(n, { base: z }, true);
    const s = psaSummary(info, records)!;
    // E[max(X, 0)] − max(E[X], 0) = σ φ(0) for X ~ N(0, σ²); quantile spacing is accurate to about 0.1% here.
    expect(s.decision.evpi / (sigma / Math.sqrt(2 * Math.PI))).toBeCloseTo(1, 2);
    expect(s.options[0].probBest).toBeCloseTo(0.5, 3);
  });

  it('is zero when one option is best in every draw, and picks it', () => {
    const { info, records } = synthetic(1000, { base: z, better: (d) => z(d) + 1 }, false);
    const s = psaSummary(info, records)!;
    expect(s.decision.choice).toBe('better');
    expect(s.decision.evpi).toBe(0);
    expect(s.options.find((o) => o.name === 'better')!.probBest).toBe(1);
  });

  it('counts the chance of the decision being wrong between two funded options', () => {
    // A = X, B = −X: each is best half the time, expected NPVs are both 0, EVPI = E|X| = σ √(2/π).
    const { info, records } = synthetic(n, { a: z, b: (d) => -z(d) }, false);
    const s = psaSummary(info, records)!;
    expect(s.decision.evpi / (sigma * Math.sqrt(2 / Math.PI))).toBeCloseTo(1, 2);
  });
});

describe('histogram', () => {
  it('bins every value once, in bins of a round width that cover the range', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => -3.2e6 + i * 7_123.4);
    const bins = histogram(xs);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(1000);
    const width = bins[0].to - bins[0].from;
    expect([1, 2, 5].some((m) => width / m === 10 ** Math.round(Math.log10(width / m)))).toBe(true);
    expect(bins[0].from).toBeLessThanOrEqual(Math.min(...xs));
    expect(bins[bins.length - 1].to).toBeGreaterThan(Math.max(...xs));
    for (const b of bins) expect(b.count).toBe(xs.filter((x) => x >= b.from && x < b.to).length);
  });
});

describe('a variant run one replication at a time', () => {
  it('gives exactly the metrics of the full results contract', () => {
    for (const file of ['scenarios/liverpool-waves-of-hope.yaml', 'scenarios/liverpool-waves-of-hope-discharge.yaml', 'tests/sweeps/steady.yaml']) {
      const { scenario, resolvedText } = loadFile(file);
      const years = [1, 3, 5];
      const agencies = ['nhs', 'police', 'programme', 'social-care'];
      const r = runScenario(scenario, resolvedText, { seed: '7', replications: 6 });
      const full = variantMetrics({ t: r.series.t, total: r.series.total, waiting: r.waiting.total, firstYearOverCapacity: r.firstYearOverCapacity, economics: r.economics }, years, agencies);
      expect(runVariant({ scenario, resolvedText, seed: '7', replications: 6, caseloadYears: years, agencies }), file).toEqual(full);
    }
  });
});
