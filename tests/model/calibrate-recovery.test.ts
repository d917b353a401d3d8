import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrateHere, posterior, summarise } from '../../engine/calibration/abc.ts';
import { loadCalibration, scenarioWith, type Calibration } from '../../engine/calibration/load.ts';
import { ParticleModel, particleSetup } from '../../engine/calibration/particle.ts';
import { prior } from '../../engine/calibration/prior.ts';
import { simulateTargets, targetModel } from '../../engine/calibration/simulate.ts';
import { loadScenario, type ParseCache } from '../../engine/model/load.ts';
import { formatProblems } from '../../engine/model/problems.ts';
import { smallScenario } from '../helpers/calibration.ts';

/**
 * Synthetic recovery. A small scenario (one intensive state, two exits, 18
 * months, 10 referrals a month) with known exit rates is simulated to make its own targets (one
 * replication stands for "the report", and the spread of the targets over 300
 * replications gives their standard errors, so the observations are drawn
 * exactly as the Gaussian kernel assumes); then both rates are calibrated
 * from wide uniform priors, and each true value should lie in its 90%
 * posterior interval. Over 8 seeds (16 intervals), the number covered should
 * be binomial(16, p) with p near 0.9: a little below, since the particles
 * share 4 replications (common random numbers), whose noise shifts the
 * posterior by about 1/√4 of an observation's error, for a nominal 87–90%.
 * The test fails when 10 or fewer are covered: that happens with probability
 * 0.3% at 90% coverage and 1.2% at 87%, but 14% at 75%, so it catches
 * posteriors that are too narrow. Posteriors must also be informative (sd at
 * most half the prior's), so coverage cannot come from intervals as wide as
 * the priors.
 */

const TRUE = { moveOn: 0.06, disengaged: 0.03 };
const SEEDS = 8;

const dir = mkdtempSync(join(tmpdir(), 'casecast-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

const targetNames = ['closed-move-on', 'closed-disengaged', 'open-at-end', 'days-to-move-on'];

function scenarioText(observed: number[], sd: number[]): string {
  const t = (i: number): string => `observed: ${observed[i]}, sd: ${sd[i]}`;
  return smallScenario(
    'Recovery',
    [
      `closed-move-on: { ${t(0)}, count: spells, reason: move-on, between: [0 months, 18 months] }`,
      `closed-disengaged: { ${t(1)}, count: spells, reason: disengaged, between: [0 months, 18 months] }`,
      `open-at-end: { ${t(2)}, open: [iss], at: 18 months }`,
      `days-to-move-on: { ${t(3)}, meanDays: move-on, between: [0 months, 18 months] }`,
    ],
    TRUE,
  );
}

const calibrationText = (k: number): string => `calibration: recovery ${k}
base: base-${k}.yaml
parameters:
  move-on: { path: states.iss.exits.move-on.rate, range: [0.01 per month, 0.15 per month] }
  disengaged: { path: states.iss.exits.disengaged.rate, range: [0.005 per month, 0.1 per month] }
method: { particles: 150, replications: 4, quantile: 0.4, seed: cal-${k} }
`;

/** The truth's targets: one replication per seed as the observations, and their spread over 300 replications as the standard errors. */
function truth(): { observed: (k: number) => number[]; sd: number[] } {
  const file = join(dir, 'truth.yaml');
  writeFileSync(file, scenarioText([1, 1, 1, 1], [1, 1, 1, 1]));
  const loaded = loadScenario(file, read);
  if (!loaded.ok) throw new Error(formatProblems(loaded.errors));
  const model = targetModel(loaded.scenario);
  const rows = simulateTargets(model, { seed: 'spread', replications: 300 });
  const sd = targetNames.map((_, j) => {
    const xs = rows.map((r) => r[j]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Number(Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)).toPrecision(3));
  });
  return { observed: (k) => simulateTargets(model, { seed: `truth-${k}`, replications: 1 })[0].map((x) => Number(x.toPrecision(6))), sd };
}

function calibration(k: number, observed: number[], sd: number[], cache: ParseCache): Calibration {
  writeFileSync(join(dir, `base-${k}.yaml`), scenarioText(observed, sd));
  writeFileSync(join(dir, `cal-${k}.yaml`), calibrationText(k));
  const loaded = loadCalibration(join(dir, `cal-${k}.yaml`), read, { cache });
  if (!loaded.ok) throw new Error(formatProblems(loaded.errors));
  return loaded.calibration;
}

describe('synthetic recovery', () => {
  const { observed, sd } = truth();

  it('particles set the scenario numbers directly, exactly as the loader would', () => {
    const cache: ParseCache = new Map();
    const cal = calibration(0, observed(0), sd, cache);
    const setup = particleSetup(cal, read, cache);
    expect(setup.build.kind).toBe('linear');
    const model = new ParticleModel(setup);
    for (const theta of [[0.011, 0.0051], [0.07, 0.04], [0.149, 0.099]]) {
      const direct = structuredClone(model.scenarioAt(theta));
      const loaded = scenarioWith(cal.base, cal.parameters, theta, read, cache, '(test)');
      if (!loaded.ok) throw new Error(formatProblems(loaded.errors));
      expect(JSON.parse(JSON.stringify(direct), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v))).toEqual(
        JSON.parse(JSON.stringify(loaded.scenario), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)),
      );
    }
  });

  it(`recovers both exit rates inside their 90% posterior intervals over ${SEEDS} seeds`, () => {
    const truths = [TRUE.moveOn, TRUE.disengaged];
    let covered = 0;
    const ratios: number[] = [];
    const rows: string[] = [];
    for (let k = 0; k < SEEDS; k++) {
      const cache: ParseCache = new Map();
      const cal = calibration(k, observed(k), sd, cache);
      const model = new ParticleModel(particleSetup(cal, read, cache));
      const priors = cal.parameters.map((p) => prior(p.prior));
      const run = calibrateHere(cal.settings, priors, (theta, slot, attempt, g) => model.distance(theta, `${g}:${slot}:${attempt}`));
      expect(run.generations[run.generations.length - 1].kind).toBe('move');
      const summaries = summarise(priors, posterior(cal.settings, run.generations));
      summaries.forEach((s, j) => {
        const inside = s.posterior.p5 <= truths[j] && truths[j] <= s.posterior.p95;
        if (inside) covered++;
        ratios.push(s.sdRatio);
        rows.push(`seed ${k} ${cal.parameters[j].name}: ${s.posterior.p5.toFixed(4)}–${s.posterior.p95.toFixed(4)} (truth ${truths[j]})${inside ? '' : ' MISSED'}`);
      });
    }
    expect(covered, rows.join('\n')).toBeGreaterThanOrEqual(11);
    expect(Math.max(...ratios), 'posterior sd / prior sd').toBeLessThan(0.5);
  });
});
