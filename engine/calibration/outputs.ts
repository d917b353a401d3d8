/**
 * What a finished calibration writes: the posterior sample (posterior.csv),
 * its record (posterior.json: method, settings, targets, seed, scenario hash,
 * generations, posterior against prior, the check at the posterior mean) and
 * the overlay scenario that extends the base with the posterior means, each
 * value's nearest map carrying a source: that names the calibration. Pure:
 * text and data out; nothing here reads the clock, so a resumed or
 * differently parallel run writes the same bytes.
 */
import { stringify as stringifyYaml } from 'yaml';
import { csvRow } from '../csv.ts';
import { parseScenarioText, type LoadResult, type ParseCache, type ReadFile } from '../model/load.ts';
import { addOverride, joinPath, valueAtPath } from '../model/overlay.ts';
import { isMap } from '../model/raw.ts';
import { tidy, unitText } from '../sweep/quantity.ts';
import { scenarioHash } from '../run.ts';
import { version } from '../version.ts';
import { correlations, maxProposals, posterior, summarise, type Generation, type ParameterSummary } from './abc.ts';
import { writeValue, type Calibration, type CalibrationParameter } from './load.ts';
import { compareTargets, type TargetCheck } from './measures.ts';
import { simulateTargets, targetModel } from './simulate.ts';
import type { Scenario } from '../model/scenario.ts';
import { prior } from './prior.ts';

export const METHOD = 'ABC-SMC: sequential Monte Carlo approximate Bayesian computation (Toni et al. 2009) with adaptive tolerances (a quantile of the previous distances) and Beaumont et al. (2009) importance weights, then, with the Gaussian kernel, resample-move steps of ABC-MCMC (Marjoram et al. 2003; Del Moral et al. 2012)';

export const REFERENCES = [
  'Toni T, Welch D, Strelkowa N, Ipsen A, Stumpf MPH (2009). Approximate Bayesian computation scheme for parameter inference and model selection in dynamical systems. Journal of the Royal Society Interface 6(31):187-202.',
  'Beaumont MA, Cornuet J-M, Marin J-M, Robert CP (2009). Adaptive approximate Bayesian computation. Biometrika 96(4):983-990.',
  'Del Moral P, Doucet A, Jasra A (2012). An adaptive sequential Monte Carlo method for approximate Bayesian computation. Statistics and Computing 22(5):1009-1020.',
  'Marjoram P, Molitor J, Plagnol V, Tavaré S (2003). Markov chain Monte Carlo without likelihoods. Proceedings of the National Academy of Sciences 100(26):15324-15328.',
  'Wilkinson RD (2013). Approximate Bayesian computation (ABC) gives exact results under the assumption of model error. Statistical Applications in Genetics and Molecular Biology 12(2):129-141.',
];

/** A posterior mean as written into the overlay: 4 significant figures, well inside any posterior's spread. */
export const written = (x: number): number => Number(x.toPrecision(4));

/** posterior.csv: one row per particle of the posterior, its values in the scenario's units, weight and distance. */
export function posteriorCsv(cal: Calibration, post: Generation): string {
  const head = csvRow(['particle', ...cal.parameters.map((p) => p.name), 'weight', 'distance']);
  const rows = post.theta.map((t, i) => csvRow([i, ...t.map(tidy), tidy(post.weight[i]), tidy(post.distance[i])]));
  return `${[head, ...rows].join('\n')}\n`;
}

/** The posterior's means, in parameter order. */
export const posteriorMeans = (summaries: readonly ParameterSummary[]): number[] => summaries.map((s) => written(s.posterior.mean));

export interface Findings {
  /** Fitted targets that are not consistent at the posterior mean: what the calibration could not meet together. */
  notMet: string[];
  /** Targets not fitted that are not consistent either. */
  notMetUnfitted: string[];
  /** Parameters whose posterior is nearly as wide as their prior. */
  notIdentified: string[];
}

export function findings(cal: Calibration, summaries: readonly ParameterSummary[], check: readonly TargetCheck[]): Findings {
  const fitted = new Set(cal.fitted);
  return {
    notMet: check.filter((c, i) => fitted.has(i) && !c.consistent).map((c) => c.name),
    notMetUnfitted: check.filter((c, i) => !fitted.has(i) && !c.consistent).map((c) => c.name),
    notIdentified: cal.parameters.filter((_, j) => !summaries[j].identified).map((p) => p.name),
  };
}

/** JSON has no NaN or Infinity: such figures are null. */
export const jsonSafe = <T>(v: T): T => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? null : x))) as T;

/** Numbers to 12 significant figures, throughout. */
const tidyAll = <T>(v: T): T => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' && Number.isFinite(x) ? tidy(x) : x))) as T;

export interface PosteriorRecord {
  calibration: string;
  file: string;
  version: string;
  sha256: string;
  method: { name: string; references: string[]; kernel: string; distance: string; undefinedTargets: string; commonRandomNumbers: string };
  settings: Calibration['settings'] & { check: number; maxProposalsPerSlot: number };
  scenario: { file: string; name: string; sha256: string };
  targets: { name: string; observed: number; sd: number; fitted: boolean; source?: string }[];
  generations: Omit<Generation, 'theta' | 'phi' | 'distance' | 'weight'>[];
  stopped: string;
  particles: number;
  ess: number;
  parameters: { name: string; label: string; paths: string[]; unit: string; base: number; prior: ParameterSummary['prior'] & { distribution: unknown; transform: string }; posterior: ParameterSummary['posterior']; sdRatio: number; identified: boolean; source?: string; assumption?: string }[];
  correlations: { names: string[]; matrix: number[][] };
  check: { at: Record<string, number>; sha256: string; seed: string; replications: number; consistent: number; targets: TargetCheck[] };
  baseCheck: { consistent: number; targets: { name: string; mean: number; z: number; consistent: boolean }[] };
  findings: Findings;
}

export function posteriorRecord(
  cal: Calibration,
  done: readonly Generation[],
  post: Generation,
  stopped: string,
  summaries: readonly ParameterSummary[],
  check: readonly TargetCheck[],
  baseCheck: readonly TargetCheck[],
  maxProposalsPerSlot: number,
  checkSha256: string,
): PosteriorRecord {
  const means = posteriorMeans(summaries);
  const fitted = new Set(cal.fitted);
  const record: PosteriorRecord = {
    calibration: cal.name,
    file: cal.file,
    version,
    sha256: cal.sha256,
    method: {
      name: METHOD,
      references: REFERENCES,
      kernel:
        cal.settings.kernel === 'gaussian'
          ? 'Gaussian: the tolerance falls by generations until it is within the 99% point of χ² (one degree of freedom per parameter) of the best distance; the population is then resampled with weights exp(−(distance − best)/2) and every particle takes Metropolis–Hastings steps (a Gaussian proposal of 2.38²/k times the population covariance, k parameters) whose target is the prior times exp(−distance/2): the posterior under which each target is observed with its standard error about the simulated mean (Wilkinson 2013)'
          : 'uniform: each generation accepts a particle whose distance is within its tolerance (Toni et al. 2009); the posterior is that of the last tolerance',
      distance: 'the sum over fitted targets of ((mean over the particle\'s replications − observed) / sd)², sd being the target\'s standard error',
      undefinedTargets: 'a replication in which a target is not defined (a mean time with no such exit, a share of nothing) is left out of that target\'s mean; a particle for which no replication defines a fitted target is rejected',
      commonRandomNumbers: cal.settings.commonRandomNumbers
        ? 'every particle runs replications 0 to R−1 of the seed, so distances differ by parameters, not luck; proposals come from each particle\'s own stream, seeded from (seed, generation, particle)'
        : 'each simulation runs replications of its own seed, from (seed, generation, particle, attempt)',
    },
    settings: { ...cal.settings, check: cal.check, maxProposalsPerSlot },
    scenario: { file: cal.base.file, name: cal.base.scenario.name, sha256: cal.base.sha256 },
    targets: cal.base.scenario.targets.map((t, i) => ({ name: t.name, observed: t.observed, sd: t.sd, fitted: fitted.has(i), ...(t.source !== undefined && { source: t.source }) })),
    generations: done.map(({ theta: _t, phi: _p, distance: _d, weight: _w, ...g }) => g),
    stopped,
    particles: post.theta.length,
    ess: post.ess,
    parameters: cal.parameters.map((p, j) => ({
      name: p.name,
      label: p.label,
      paths: p.paths.map(joinPath),
      unit: unitText(p.unit),
      base: p.base,
      prior: { distribution: p.prior, transform: prior(p.prior).transform, ...summaries[j].prior },
      posterior: summaries[j].posterior,
      sdRatio: summaries[j].sdRatio,
      identified: summaries[j].identified,
      ...(p.source !== undefined && { source: p.source }),
      ...(p.assumption !== undefined && { assumption: p.assumption }),
    })),
    correlations: { names: cal.parameters.map((p) => p.name), matrix: correlations(post) },
    check: {
      at: Object.fromEntries(cal.parameters.map((p, j) => [p.name, means[j]])),
      sha256: checkSha256,
      seed: cal.settings.seed,
      replications: cal.check,
      consistent: check.filter((c) => c.consistent).length,
      targets: [...check],
    },
    baseCheck: { consistent: baseCheck.filter((c) => c.consistent).length, targets: baseCheck.map((c) => ({ name: c.name, mean: c.simulated.mean, z: c.z, consistent: c.consistent })) },
    findings: findings(cal, summaries, check),
  };
  return tidyAll(jsonSafe(record));
}

// ---------------------------------------------------------------------------
// The overlay scenario

/** How the posterior of one parameter is told in a source: "casecast calibrate f: ABC-SMC posterior mean …". */
function sourceText(calFile: string, seed: string, p: CalibrationParameter, s: ParameterSummary): string {
  const f = (x: number): string => String(written(x));
  return `casecast calibrate ${calFile}: ABC-SMC posterior mean, seed ${seed} (${p.name} = ${writeValue(written(s.posterior.mean), p.unit)}, sd ${f(s.posterior.sd)}, 90% interval ${f(s.posterior.p5)}-${f(s.posterior.p95)}; the base had ${writeValue(p.base, p.unit)})`;
}

/**
 * The overlay's data: each parameter's paths at its posterior mean, and a
 * source: on the nearest map around each value that takes one (tried on the
 * loader: an exit, a service, a state), saying where the value came from.
 */
export function overlayData(cal: Calibration, summaries: readonly ParameterSummary[], calFile: string, read: ReadFile, cache: ParseCache): Record<string, unknown> {
  const overlay: Record<string, unknown> = { name: `${cal.base.scenario.name} (calibrated)` };
  const means = posteriorMeans(summaries);
  cal.parameters.forEach((p, j) => {
    for (const path of p.paths) addOverride(overlay, cal.base.raw, path, writeValue(means[j], p.unit));
  });
  // Sources, gathered per map so two parameters in one exit share one sentence.
  const texts = new Map<string, { path: string[]; parts: string[] }>();
  cal.parameters.forEach((p, j) => {
    for (const path of p.paths) {
      const holder = sourceHolder(cal, overlay, path, read, cache);
      if (holder === null) continue;
      const key = joinPath(holder);
      const entry = texts.get(key) ?? { path: holder, parts: [] };
      const text = sourceText(calFile, cal.settings.seed, p, summaries[j]);
      if (!entry.parts.includes(text)) entry.parts.push(text);
      texts.set(key, entry);
    }
  });
  for (const { path, parts } of texts.values()) addOverride(overlay, cal.base.raw, [...path, 'source'], parts.join('; '));
  return overlay;
}

/** The nearest map around `path` that takes a source: field, or null when none does. */
function sourceHolder(cal: Calibration, overlay: Record<string, unknown>, path: readonly string[], read: ReadFile, cache: ParseCache): string[] | null {
  for (let k = path.length - 1; k >= 1; k--) {
    const at = path.slice(0, k);
    if (!isMap(valueAtPath(cal.base.raw, at))) continue;
    const trial = structuredClone(overlay);
    addOverride(trial, cal.base.raw, [...at, 'source'], 'casecast calibrate');
    if (loadOverlay(cal, trial, 'source probe', read, cache).ok) return at;
  }
  return null;
}

/** An overlay's YAML text: a header of comments, then extends and the data. */
export function overlayText(cal: Calibration, summaries: readonly ParameterSummary[], overlay: Record<string, unknown>, calFile: string, extendsPath: string): string {
  const head = [
    `# Written by casecast calibrate ${calFile} (casecast ${version}): the base scenario with ABC-SMC posterior means, seed ${cal.settings.seed}.`,
    '# Each parameter: posterior mean (sd; 90% interval) and its prior.',
    ...cal.parameters.map((p, j) => {
      const s = summaries[j];
      const f = (x: number): string => String(written(x));
      return `#   ${p.name}: ${f(s.posterior.mean)} (sd ${f(s.posterior.sd)}; ${f(s.posterior.p5)}-${f(s.posterior.p95)}) ${unitText(p.unit)}; prior ${priorText(p)}${s.identified ? '' : '; not identified by the targets'}`.replace(/ +;/, ';');
    }),
    '',
  ].join('\n');
  return `${head}${stringifyYaml({ extends: extendsPath, ...overlay }, { lineWidth: 0 })}`;
}

/** A prior as people write it: "uniform(0.02, 0.08)", "gamma(mean 3, sd 1)". */
export function priorText(p: Pick<CalibrationParameter, 'prior'>): string {
  const d = p.prior;
  const f = (x: number): string => String(Number(x.toPrecision(4)));
  switch (d.type) {
    case 'uniform':
      return `uniform(${f(d.min)}, ${f(d.max)})`;
    case 'triangular':
      return `triangular(${f(d.min)}, ${f(d.mode)}, ${f(d.max)})`;
    case 'normal':
      return `normal(mean ${f(d.mean)}, sd ${f(d.sd)}${d.min !== undefined ? `, min ${f(d.min)}` : ''}${d.max !== undefined ? `, max ${f(d.max)}` : ''})`;
    default:
      return `${d.type}(mean ${f(d.mean)}, sd ${f(d.sd)})`;
  }
}

/** Loads an overlay laid beside the base scenario (so its extends is the base's own name). */
export function loadOverlay(cal: Calibration, overlay: Record<string, unknown>, label: string, read: ReadFile, cache: ParseCache): LoadResult {
  const slash = cal.base.file.lastIndexOf('/');
  const dir = slash < 0 ? '' : cal.base.file.slice(0, slash + 1);
  const file = `${dir}(${label})`;
  const text = stringifyYaml({ extends: cal.base.file.slice(dir.length), ...overlay });
  return parseScenarioText(text, file, (p, from) => (p === file ? text : read(p, from)), { cache });
}

// ---------------------------------------------------------------------------
// The whole result

export interface CalibrationResult {
  posterior: Generation;
  summaries: ParameterSummary[];
  overlay: Record<string, unknown>;
  check: TargetCheck[];
  baseCheck: TargetCheck[];
  record: PosteriorRecord;
  csv: string;
}

/**
 * The posterior of finished generations, summarised against the priors, and
 * every target checked at the posterior mean (the overlay scenario, loaded as
 * a file would be) and at the base, on `cal.check` replications of the seed.
 */
export function calibrationResult(cal: Calibration, done: readonly Generation[], stopped: string, calFile: string, read: ReadFile, cache: ParseCache, onReplication?: (done: number, total: number) => void): CalibrationResult {
  const post = posterior(cal.settings, done);
  const priors = cal.parameters.map((p) => prior(p.prior));
  const summaries = summarise(priors, post);
  const overlay = overlayData(cal, summaries, calFile, read, cache);
  const loaded = loadOverlay(cal, overlay, 'calibrated', read, cache);
  if (!loaded.ok) throw new Error(`the calibrated scenario is not valid: ${loaded.errors[0].path}: ${loaded.errors[0].message}`);
  const total = 2 * cal.check;
  const run = (scenario: Scenario, offset: number): TargetCheck[] =>
    compareTargets(scenario.targets, simulateTargets(targetModel(scenario), { seed: cal.settings.seed, replications: cal.check }, (k) => onReplication?.(offset + k, total)));
  const check = run(loaded.scenario, 0);
  const baseCheck = run(cal.base.scenario, cal.check);
  const record = posteriorRecord(cal, done, post, stopped, summaries, check, baseCheck, maxProposals(cal.settings), scenarioHash(loaded.resolvedText));
  return { posterior: post, summaries, overlay, check, baseCheck, record, csv: posteriorCsv(cal, post) };
}
