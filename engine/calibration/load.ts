/**
 * Loads a calibration file: validates it, loads its base scenario, and checks
 * every parameter's path, unit and prior against the scenario's data (the
 * scenario loaded with the prior's ends must still be valid), so a bad
 * calibration is rejected with file:line:col, field and fix before anything
 * runs. Parameters given on the command line (--param) are checked the same
 * way and their problems headed by the --param that gave them. Pure: files
 * come through `read`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, defaultRoot, guardPath, loadScenario, parseScenarioText, readDataFile, type LoadOptions, type LoadResult, type ParseCache, type ReadFile } from '../model/load.ts';
import { addOverride, joinPath, nearestPath, overlayFile } from '../model/overlay.ts';
import { closest, issuesToFindings, listNames, pathText, type Finding, type PathSegment, type ScenarioProblem } from '../model/problems.ts';
import { isMap, rawChain } from '../model/raw.ts';
import type { Scenario } from '../model/scenario.ts';
import { scenarioHash } from '../run.ts';
import { version } from '../version.ts';
import { example, parameterPaths, readSetting, type Unit } from '../sweep/paths.ts';
import { tidy, unitText } from '../sweep/quantity.ts';
import { distributionProblem, type ParamDistribution } from '../sweep/families.ts';
import { quantile } from '../sweep/quantiles.ts';
import type { Settings } from './abc.ts';
import { prior as priorOf, TAIL } from './prior.ts';
import { calibrationFileSchema, type CalibrationFile, type CalibrationParameterFile } from './schema.ts';

export type { Unit };

export interface CalibrationParameter {
  name: string;
  label: string;
  /** Field paths, split into segments; every one is set to the same value. */
  paths: string[][];
  /** The unit the scenario writes the value in; the prior is in it too. */
  unit: Unit;
  /** The base scenario's value. */
  base: number;
  prior: ParamDistribution;
  /** Which field of the file gave the prior: a uniform range, or a distribution. */
  priorField: 'range' | 'prior';
  source?: string;
  assumption?: string;
}

/** The scenario a calibration fits. */
export interface CalibrationBase {
  /** As resolved against the calibration file's folder, and as the file writes it. */
  file: string;
  ref: string;
  scenario: Scenario;
  resolvedText: string;
  sha256: string;
  /** The files it is read from: the scenario and those it extends. */
  files: string[];
  /** The scenario's data through its extends chain, before validation: what particles are laid on. */
  raw: unknown;
}

export interface Calibration {
  name: string;
  description: string;
  file: string;
  base: CalibrationBase;
  parameters: CalibrationParameter[];
  /** Indices into base.scenario.targets of the targets fitted. */
  fitted: number[];
  settings: Settings;
  /** Replications of the check at the posterior mean. */
  check: number;
  source?: string;
  assumption?: string;
  /** sha256 of everything that decides the result: what a resumed calibration checks. */
  sha256: string;
}

/** A parameter given on the command line: its name, the text typed, and its fields as a file would give them. */
export interface ExtraParameter {
  name: string;
  text: string;
  fields: Record<string, unknown>;
}

export interface CalibrationOptions extends Pick<LoadOptions, 'root' | 'realpath'> {
  cache?: ParseCache;
  /** --param parameters, added to (or replacing) the file's. */
  extra?: readonly ExtraParameter[];
  /** Method settings from the command line, over the file's. */
  method?: Record<string, unknown>;
}

export type CalibrationLoad = { ok: true; calibration: Calibration; place: (f: Finding) => ScenarioProblem } | { ok: false; errors: ScenarioProblem[] };

const TOP_HINT = 'start the file with calibration: <name>, then base: and parameters:';

/** Top-level fields a calibration may not set: the clock and the targets are what it is measured against. */
const FIXED = new Set(['horizon', 'period', 'start', 'targets', 'name', 'description', 'sources']);

/** Loads and checks a calibration file; `opts.cache` keeps parsed scenario files for the particles that follow. */
export function loadCalibration(file: string, read: ReadFile, opts: CalibrationOptions = {}): CalibrationLoad {
  const guard = { root: opts.root ?? defaultRoot(file), realpath: opts.realpath };
  const cache = opts.cache ?? new Map();
  const text = read(file, '');
  if (text === undefined) return fail([{ file, line: 1, column: 1, path: '', message: `cannot read the calibration file ${JSON.stringify(file)}`, hint: 'check the path and that the file exists' }]);
  const readData = readDataFile(text, file, TOP_HINT);
  if (!readData.ok) return fail(readData.errors);
  const { data, place: placeInFile } = readData.placed;
  const extra = new Map((opts.extra ?? []).map((e) => [e.name, e]));
  if (extra.size > 0) data.parameters = { ...(isMap(data.parameters) ? data.parameters : {}), ...Object.fromEntries([...extra].map(([n, e]) => [n, e.fields])) };
  if (opts.method && Object.keys(opts.method).length > 0) data.method = { ...(isMap(data.method) ? data.method : {}), ...opts.method };
  const place = (f: Finding): ScenarioProblem => {
    const given = f.path[0] === 'parameters' && typeof f.path[1] === 'string' ? extra.get(f.path[1]) : undefined;
    if (!given) return placeInFile(f);
    return { file: `--param ${given.text}`, line: 0, column: 0, path: pathText(f.path.slice(2)), message: f.message, ...(f.hint !== undefined && { hint: f.hint }) };
  };
  const parsed = calibrationFileSchema.safeParse(data);
  if (!parsed.success) return fail(issuesToFindings(parsed.error.issues, calibrationFileSchema, data).map(place));
  const f = parsed.data;
  const findings: Finding[] = [];

  const base = loadBase(f, file, read, cache, guard, findings);
  if (base === null || 'errors' in base) return fail([...findings.map(place), ...(base && 'errors' in base ? base.errors : [])]);
  const targets = base.scenario.targets;
  if (targets.length === 0) {
    findings.push({ path: ['base'], message: `${base.file} has no targets to fit`, hint: 'add a targets: section to the scenario (docs/scenario-format.md), e.g. started: { observed: 200, count: starts, between: ["2014-09-01", "2016-01-01"] }' });
    return fail(findings.map(place));
  }
  const fitted = checkTargets(f, base.scenario, findings);

  const names = Object.keys(f.parameters);
  if (names.length === 0) findings.push({ path: ['parameters'], message: 'no parameters to fit', hint: 'add one, e.g. fte: { path: services.iss.staff.fte, range: [10, 20] }, or pass --param on the command line' });
  const owners = new Map<string, string>();
  const parameters = names.map((name) => checkParameter(name, f.parameters[name], base, owners, findings)).filter((p): p is CalibrationParameter => p !== null);
  if (findings.length > 0) return fail(findings.map(place));
  checkPriorsAgainstScenario(parameters, base, read, cache, guard, findings);
  if (findings.length > 0) return fail(findings.map(place));

  const m = f.method;
  const settings: Settings = {
    particles: m.particles,
    generations: m.generations,
    tolerance: m.tolerance ?? null,
    quantile: m.quantile,
    replications: m.replications,
    seed: m.seed,
    kernel: m.kernel,
    moves: m.moves,
    kernelScale: m.kernelScale,
    commonRandomNumbers: m.commonRandomNumbers,
    minAcceptance: m.minAcceptance,
  };
  const identity = {
    version,
    scenario: base.sha256,
    targets: fitted.map((i) => targets[i].name),
    parameters: parameters.map((p) => ({ name: p.name, paths: p.paths, unit: unitText(p.unit), prior: p.prior })),
    settings,
    check: m.check,
  };
  const calibration: Calibration = {
    name: f.calibration,
    description: f.description,
    file,
    base,
    parameters,
    fitted,
    settings,
    check: m.check,
    ...(f.source !== undefined && { source: f.source }),
    ...(f.assumption !== undefined && { assumption: f.assumption }),
    sha256: bytesToHex(sha256(utf8ToBytes(canonicalJson(identity)))),
  };
  return { ok: true, calibration, place };
}

const fail = (errors: ScenarioProblem[]): CalibrationLoad => ({ ok: false, errors });

function loadBase(f: CalibrationFile, file: string, read: ReadFile, cache: ParseCache, guard: Pick<LoadOptions, 'root' | 'realpath'>, out: Finding[]): CalibrationBase | { errors: ScenarioProblem[] } | null {
  const path = guardPath(f.base, file, '../liverpool-waves-of-hope.yaml', guard);
  if (!path.ok) {
    out.push({ path: ['base'], message: path.message, hint: path.hint ?? 'name the scenario file relative to this calibration file' });
    return null;
  }
  const target = path.target;
  const loaded = loadScenario(target, (p, from) => read(p, from), { cache, ...guard });
  if (!loaded.ok) {
    if (read(target, file) === undefined) {
      out.push({ path: ['base'], message: `cannot read ${JSON.stringify(f.base)} (looked for ${target})`, hint: 'check the spelling; the path is relative to the folder of this calibration file' });
      return null;
    }
    return { errors: loaded.errors };
  }
  if (loaded.scenario.states.length === 0) {
    out.push({ path: ['base'], message: `${target} defines no states, so there is nothing to calibrate`, hint: 'name a scenario, not a library such as unit-costs.yaml' });
    return null;
  }
  const raw = rawChain(read(target, '') ?? '', target, read, { cache, ...guard });
  return { file: target, ref: f.base, scenario: loaded.scenario, resolvedText: loaded.resolvedText, sha256: scenarioHash(loaded.resolvedText), files: loaded.files, raw };
}

/** The targets to fit, as indices into the scenario's; all of them when the file names none. */
function checkTargets(f: CalibrationFile, scenario: Scenario, out: Finding[]): number[] {
  const all = scenario.targets.map((t) => t.name);
  if (f.targets === undefined) return all.map((_, i) => i);
  const seen = new Set<string>();
  const fitted: number[] = [];
  f.targets.forEach((name, i) => {
    const k = all.indexOf(name);
    if (k < 0) {
      const near = closest(name, all);
      out.push({ path: ['targets', i], message: `the scenario has no target "${name}"`, hint: near ? `did you mean "${near}"?` : `its targets: ${listNames(all)}` });
    } else if (seen.has(name)) out.push({ path: ['targets', i], message: `target "${name}" is named twice`, hint: 'name each target once' });
    else {
      seen.add(name);
      fitted.push(k);
    }
  });
  return fitted.sort((a, b) => a - b);
}

/** Checks one parameter's paths, unit and prior; null (with findings) when it cannot be used. */
function checkParameter(name: string, p: CalibrationParameterFile, base: CalibrationBase, owners: Map<string, string>, out: Finding[]): CalibrationParameter | null {
  const at = (...rest: PathSegment[]): PathSegment[] => ['parameters', name, ...rest];
  const found = parameterPaths(name, p, [base], out, { does: 'sets', to: 'fit' }, (segs, text, where) => {
    if (FIXED.has(segs[0])) {
      out.push({ path: where, message: `${text} is not a model parameter: the ${segs[0]} is what the calibration is measured against`, hint: 'fit rates, probabilities, capacities or durations, e.g. states.iss.exits.move-on.rate' });
      return false;
    }
    const shown = joinPath(segs);
    const owner = owners.get(shown);
    if (owner !== undefined) {
      out.push({ path: where, message: `${text} is also set by parameter "${owner}"; one field takes one value`, hint: 'fit it in one parameter (paths: [...] sets several fields together)' });
      return false;
    }
    owners.set(shown, name);
    return true;
  });
  if (found === null) return null;
  const { paths, unit: u, base: bv } = found;

  if (p.range === undefined && p.prior === undefined) {
    out.push({ path: at(), at: 'key', message: `parameter "${name}" needs a prior`, hint: `add range: [${example(bv * 0.5, u)}, ${example(bv * 1.5, u)}] (uniform), or prior: { type: gamma, mean: ${bv}, sd: ${Number((Math.abs(bv) * 0.3).toPrecision(2))} } in the scenario's unit (${unitText(u) || 'plain numbers'})` });
    return null;
  }
  if (p.range !== undefined && p.prior !== undefined) {
    out.push({ path: at('prior'), at: 'key', message: 'give range or prior, not both', hint: 'range: [low, high] is a uniform prior; keep one of them' });
    return null;
  }
  let dist: ParamDistribution;
  if (p.range !== undefined) {
    const ends = p.range.map((v, i) => readSetting(v, u, paths[0], bv, at('range', i), out));
    if (ends[0] === undefined || ends[1] === undefined) return null;
    if (!(ends[0] < ends[1])) {
      out.push({ path: at('range'), message: `the range needs low < high (here ${example(ends[0], u)} and ${example(ends[1], u)})`, hint: ends[0] > ends[1] ? 'swap them' : 'widen the range, or leave a fixed value out of the calibration' });
      return null;
    }
    dist = { type: 'uniform', min: ends[0], max: ends[1] };
  } else {
    dist = p.prior!;
    const problem = distributionProblem(dist);
    if (problem) {
      out.push({ path: at('prior'), message: problem.replace('leave it out of the sweep', 'leave it out of the calibration') });
      return null;
    }
  }
  return {
    name,
    label: p.label ?? name,
    paths,
    unit: u,
    base: bv,
    prior: dist,
    priorField: p.range !== undefined ? 'range' : 'prior',
    ...(p.source !== undefined && { source: p.source }),
    ...(p.assumption !== undefined && { assumption: p.assumption }),
  };
}

/** A number in plain digits (the scenario's units refuse "5e-9 per month"). */
export function plainDigits(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  return Math.abs(x) >= 1 ? BigInt(Math.round(x)).toString() : x.toFixed(20).replace(/\.?0+$/, '');
}

/** A parameter's value as the scenario writes it: a plain number, or plain digits with the unit. */
export const writeValue = (x: number, u: Unit): number | string => (u.prefix === '' && u.suffix === '' ? x : `${u.prefix}${plainDigits(x)}${u.suffix}`);

/** The base scenario with the parameters at `values` (by index; a missing one keeps the file's value). */
export function scenarioWith(base: CalibrationBase, parameters: readonly CalibrationParameter[], values: readonly (number | undefined)[], read: ReadFile, cache: ParseCache, label: string, guard: Pick<LoadOptions, 'root' | 'realpath'> = {}): LoadResult {
  const overlay: Record<string, unknown> = {};
  parameters.forEach((p, i) => {
    const x = values[i];
    if (x !== undefined) for (const path of p.paths) addOverride(overlay, base.raw, path, writeValue(tidy(x), p.unit));
  });
  // A particle is a fixed scenario: the base's parameter uncertainty plays no part in fitting it.
  if (isMap(base.raw) && base.raw.uncertainty !== undefined) overlay.uncertainty = null;
  const { file, text } = overlayFile(base.file, overlay, label);
  return parseScenarioText(text, file, (path, from) => (path === file ? text : read(path, from)), { cache, ...guard });
}

/**
 * Loads the scenario with each parameter at the ends of its prior's range
 * (and its median), and with every parameter at its median together: a prior
 * that reaches values the scenario refuses (a negative rate, a probability
 * above 1) is a problem of the calibration file, placed at the prior.
 */
function checkPriorsAgainstScenario(parameters: readonly CalibrationParameter[], base: CalibrationBase, read: ReadFile, cache: ParseCache, guard: Pick<LoadOptions, 'root' | 'realpath'>, out: Finding[]): void {
  const field = (p: CalibrationParameter): PathSegment[] => ['parameters', p.name, p.priorField];
  const medians = parameters.map((p) => quantile(p.prior, 0.5));
  parameters.forEach((p, i) => {
    const pr = priorOf(p.prior);
    const probes: [number, string][] = [
      [pr.low, Number.isFinite(pr.lower) ? `its low end, ${example(pr.lower, p.unit)}` : `its ${TAIL} quantile, ${example(pr.low, p.unit)}`],
      [medians[i], `its median, ${example(medians[i], p.unit)}`],
      [pr.high, Number.isFinite(pr.upper) ? `its high end, ${example(pr.upper, p.unit)}` : `its ${1 - TAIL} quantile, ${example(pr.high, p.unit)}`],
    ];
    for (const [x, what] of probes) {
      const loaded = scenarioWith(base, parameters, parameters.map((_, j) => (j === i ? x : undefined)), read, cache, '(calibration prior)', guard);
      if (loaded.ok) continue;
      const e = loaded.errors[0];
      out.push({
        path: field(p),
        message: `the prior reaches ${what}, which the scenario refuses${e.path ? ` at ${e.path}` : ''}: ${e.message.replace(/, found .*$/s, '')}`,
        hint: `${e.hint ? `${e.hint}; ` : ''}keep the prior inside the values ${joinPath(p.paths[0])} can take`,
      });
      return;
    }
  });
  if (out.length > 0) return;
  const together = scenarioWith(base, parameters, medians, read, cache, '(calibration prior)', guard);
  if (!together.ok) {
    const e = together.errors[0];
    const owner = nearestPath(e.path, parameters.flatMap((p) => p.paths.map(joinPath)));
    const p = owner < 0 ? parameters[0] : parameters.flatMap((q) => q.paths.map(() => q))[owner];
    out.push({ path: field(p), message: `with every parameter at its prior's median the scenario is not valid${e.path ? ` at ${e.path}` : ''}: ${e.message}`, hint: e.hint ?? 'change the priors so that they agree with each other' });
  }
}
