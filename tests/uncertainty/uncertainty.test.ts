/**
 * Runs over parameter draws: the uncertainty section is read and checked like
 * the rest of a scenario, draws follow their distributions and correlations,
 * and the headline's two intervals behave as they must: the uncertainty
 * interval and the chances are stable as replications grow, the Monte Carlo
 * error shrinks by about √2 when they double, and for a figure linear in one
 * uncertain cost the interval has the width its distribution implies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText, type ReadFile } from '../../engine/model/load.ts';
import { rawChain } from '../../engine/model/raw.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { manifestFor, runScenario } from '../../engine/run.ts';
import { drawnParameters, planDraws, type ScenarioSource } from '../../engine/uncertainty/draws.ts';
import { drawScenarios, runDrawsHere } from '../../engine/uncertainty/run.ts';

const SMALL = 'tests/uncertainty/small.yaml';
const disk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** A scenario from text (laid over the files on disk), with the source its draws are laid over. */
function load(text: string, file = 'tests/uncertainty/(test).yaml', extra: Record<string, string> = {}): { scenario: Scenario; resolvedText: string; src: ScenarioSource } {
  const read: ReadFile = (path, from) => (path === file ? text : (extra[path] ?? disk(path, from)));
  const r = parseScenarioText(text, file, read);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'));
  return { ...r, src: { file, read, raw: rawChain(text, file, read) } };
}

/** The problems of a scenario that should not load, as "line path: message" lines. */
function problems(text: string, extra: Record<string, string> = {}): string {
  const file = 'tests/uncertainty/(test).yaml';
  const r = parseScenarioText(text, file, (path, from) => (path === file ? text : (extra[path] ?? disk(path, from))));
  if (r.ok) throw new Error('expected problems');
  return r.errors.map((e) => `${e.file.split('/').pop()}:${e.line} ${e.path}: ${e.message}${e.hint ? ` (fix: ${e.hint})` : ''}`).join('\n');
}

const small = (): ReturnType<typeof load> => load(readFileSync(SMALL, 'utf8'), SMALL);

function rankCorrelation(x: number[], y: number[]): number {
  const rank = (v: number[]): number[] => {
    const order = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
    const r = new Array<number>(v.length);
    order.forEach((i, k) => (r[i] = k));
    return r;
  };
  const [rx, ry] = [rank(x), rank(y)];
  const m = (x.length - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('the uncertainty section', () => {
  it('is resolved against the scenario: paths, units and base values', () => {
    const u = small().scenario.uncertainty!;
    expect(drawnParameters(u).map((p) => [p.name, p.base, p.unit.suffix])).toEqual([
      ['prison-cost', 3000, ''],
      ['deadweight', 0.2, ''],
      ['move-on', 0.6, ' per year'],
    ]);
    expect(u.correlations![1][2]).toBe(-0.4);
  });

  it('reports bad paths, missing provenance and unknown names at their lines', () => {
    const text = [
      'extends: small.yaml',
      'uncertainty:',
      '  parameters:',
      '    cost:',
      '      path: economics.unitCosts.prisn.cost',
      '      distribution: { type: gamma, mean: 3000, sd: 500 }',
      '      source: "x"',
      '    share:',
      '      path: economics.appraisal.deadweight',
      '      distribution: { type: beta, mean: 0.2, sd: 0.5 }',
      '  correlations:',
      '    - [cost, sahre, 0.3]',
    ].join('\n');
    const p = problems(text);
    expect(p).toMatch(/:5 uncertainty\.parameters\.cost\.path: economics\.unitCosts\.prisn\.cost does not exist.*did you mean "prison"/);
    expect(p).toMatch(/:10 uncertainty\.parameters\.share\.distribution: beta needs sd² < mean × \(1 − mean\)/);
    expect(p).toMatch(/:8 uncertainty\.parameters\.share: parameter "share" gives no source: or assumption:/);
    expect(p).toMatch(/:12 uncertainty\.correlations\[0\]\[1\]: "sahre" is not one of the uncertainty's parameters \(fix: did you mean "share"\?\)/);
  });

  it('reads a posterior sample, reports a bad cell at its line, and keeps to the folder', () => {
    const section = (sample: string): string =>
      ['extends: small.yaml', 'uncertainty:', '  parameters: null', '  correlations: null', '  posterior:', `    sample: ${sample}`, '    parameters: { move-on: states.iss.exits.move-on.rate }', '    source: "test sample"'].join('\n');
    const good = 'particle,move-on,weight,distance\n0,0.5,0.9,1\n1,0.9,0.1,2\n';
    const u = load(section('post.csv'), undefined, { 'tests/uncertainty/post.csv': good }).scenario.uncertainty!;
    expect(u.posterior!.rows).toEqual([[0.5], [0.9]]);
    expect(u.posterior!.weights).toEqual([0.9, 0.1]);
    // Whole particles chosen by weight: about 90% of draws take the first.
    const draws = planDraws(u, 2000, '1').map((v) => v[0]);
    expect(draws.filter((x) => x === 0.5).length / 2000).toBeCloseTo(0.9, 1);

    expect(problems(section('post.csv'), { 'tests/uncertainty/post.csv': 'particle,move-on,weight\n0,0.5,1\n1,fast,1\n' })).toMatch(/post\.csv:3 uncertainty\.posterior\.sample: row 2 has "fast" in column "move-on", not a number/);
    expect(problems(section('post.csv'), { 'tests/uncertainty/post.csv': 'particle,moveon,weight\n0,0.5,1\n' })).toMatch(/post\.csv:1 .*the sample has no column "move-on".*did you mean "moveon"/);
    expect(problems(section('../../../outside.csv'))).toMatch(/leads outside the current folder; files outside it are never read/);
    expect(problems(section('missing.csv'))).toMatch(/cannot read "missing.csv"/);
  });
});

describe('parameter draws', () => {
  it('follow their distributions and rank correlation, from the seed alone', () => {
    const u = small().scenario.uncertainty!;
    const draws = planDraws(u, 1000, '7');
    expect(planDraws(u, 1000, '7')).toEqual(draws);
    expect(planDraws(u, 1000, '8')).not.toEqual(draws);
    const col = (j: number): number[] => draws.map((d) => d[j]);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Means within 4 standard errors (sd / √1000).
    expect(Math.abs(mean(col(0)) - 3000)).toBeLessThan((4 * 900) / Math.sqrt(1000));
    expect(Math.abs(mean(col(2)) - 0.6)).toBeLessThan((4 * 0.1) / Math.sqrt(1000));
    // Iman–Conover gives the target rank correlation to about ±0.05 at this size.
    expect(rankCorrelation(col(1), col(2))).toBeCloseTo(-0.4, 1);
  });

  it('each become a fixed scenario with the drawn values at their paths', () => {
    const { scenario, src } = small();
    const drawn = drawScenarios(src, scenario, { seed: '1', draws: 3, perDraw: 1 });
    if (!drawn.ok) throw new Error('draws should load');
    drawn.scenarios.forEach((s, d) => {
      expect(s.uncertainty).toBeUndefined();
      expect(s.economics!.unitCosts.find((c) => c.name === 'prison')!.cost).toBe(drawn.values[d][0]);
      expect(s.economics!.appraisal.deadweight).toBe(drawn.values[d][1]);
      expect(s.states.find((x) => x.name === 'iss')!.exits.find((e) => e.name === 'move-on')!.rate[0].rate).toBeCloseTo(drawn.values[d][2], 12);
    });
  });
});

describe('the two intervals', () => {
  it('doubling replications leaves the uncertainty interval and P(NPV > 0) stable, and shrinks the Monte Carlo error by about √2', () => {
    const { scenario, resolvedText, src } = small();
    const run = (draws: number) => runDrawsHere(src, scenario, manifestFor(scenario, resolvedText, { seed: '3', replications: draws * 2 }), { seed: '3', draws, perDraw: 2 });
    const a = run(200).uncertainty!;
    const b = run(400).uncertainty!;
    const width = (x: { lo: number; hi: number }): number => x.hi - x.lo;
    const npvA = a.headline.npv!;
    const npvB = b.headline.npv!;
    // The 5th and 95th percentiles of 400 and 800 values are each within a few per cent of the width.
    expect(width(npvB.uncertainty) / width(npvA.uncertainty)).toBeGreaterThan(0.85);
    expect(width(npvB.uncertainty) / width(npvA.uncertainty)).toBeLessThan(1.15);
    // A share of 200 draws near 0.6 has a standard error of about 0.035; 0.1 is nearly 3 of them.
    expect(Math.abs(b.probNpvPositive! - a.probNpvPositive!)).toBeLessThan(0.1);
    expect(a.probNpvPositive!).toBeGreaterThan(0.2);
    expect(a.probNpvPositive!).toBeLessThan(0.9);
    // The Monte Carlo error is t·sd/√D: √2 smaller, give or take the sd's own ±5% error at 200 and 400 draws.
    const shrink = width(npvA.monteCarlo) / width(npvB.monteCarlo);
    expect(shrink).toBeGreaterThan(1.2);
    expect(shrink).toBeLessThan(1.65);
    // And the uncertainty interval is far wider than the Monte Carlo error, as it should be here.
    expect(width(npvB.uncertainty)).toBeGreaterThan(5 * width(npvB.monteCarlo));
  });

  it('for an NPV linear in one normal cost, the interval is 2 × 1.645 sd of that cost times its effect, widened by chance', () => {
    const base = readFileSync(SMALL, 'utf8');
    const only = `extends: small.yaml\nuncertainty:\n  parameters: { deadweight: null, move-on: null }\n  correlations: []\n`;
    const { scenario, resolvedText, src } = load(only);
    const plan = { seed: '5', draws: 500, perDraw: 2 };
    const drawn = runDrawsHere(src, scenario, manifestFor(scenario, resolvedText, { seed: '5', replications: 1000 }), plan).uncertainty!.headline.npv!;

    // The effect of £1 on a prison month, and the spread from chance alone, from fixed runs on the same random numbers.
    const at = (cost: number) => {
      const s = load(`${base.replace('prison: { label: Prison month, cost: 3000', `prison: { label: Prison month, cost: ${cost}`)}\n`, SMALL).scenario;
      delete s.uncertainty;
      return runScenario(s, '', { seed: '5', replications: 200 });
    };
    const [lo, hi] = [at(3000), at(4000)];
    const k = (hi.economics!.summary.npv.mean - lo.economics!.summary.npv.mean) / 1000;
    const chanceSd = ((lo.economics!.summary.npv.hi - lo.economics!.summary.npv.mean) / 1.972) * Math.sqrt(200);
    const expected = 2 * 1.6449 * Math.sqrt((k * 900) ** 2 + chanceSd ** 2);
    // 1,000 values put each percentile within about 4% of the width.
    expect((drawn.uncertainty.hi - drawn.uncertainty.lo) / expected).toBeGreaterThan(0.9);
    expect((drawn.uncertainty.hi - drawn.uncertainty.lo) / expected).toBeLessThan(1.1);
    // The expected NPV is the point estimate's (NPV is linear in the cost), within both Monte Carlo errors.
    expect(Math.abs(drawn.mean - lo.economics!.summary.npv.mean)).toBeLessThan(4 * (drawn.monteCarlo.hi - drawn.monteCarlo.lo));
  });
});

describe('a PSA without parameters of its own', () => {
  it('draws from the base scenario as casecast run does, and each option sets only what its section leaves uncertain', async () => {
    const { loadSweep } = await import('../../engine/sweep/load.ts');
    const { planVariants, variantScenario } = await import('../../engine/sweep/variants.ts');
    const loaded = loadSweep('tests/uncertainty/psa.yaml', disk);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const sweep = loaded.sweep;
    expect(sweep.parameters.map((p) => p.name)).toEqual(['prison-cost', 'deadweight', 'move-on']);
    const runDraws = planDraws(small().scenario.uncertainty!, 20, '4');
    const variants = planVariants(sweep);
    for (const v of variants) expect(Object.values(v.inputs)).toEqual(runDraws[v.draw!]);
    const faster = variants.find((v) => v.option === 'faster' && v.draw === 3)!;
    const s = variantScenario(sweep, faster, disk, new Map());
    if (!s.ok) throw new Error('variant should load');
    expect(s.scenario.states[0].exits.find((e) => e.name === 'move-on')!.rate[0].rate).toBeCloseTo(0.9, 12);
    expect(s.scenario.economics!.appraisal.deadweight).toBe(runDraws[3][1]);
  });
});
