/**
 * Loads a sweep file: validates it, loads its base scenario (and the
 * alternatives of a funding decision), and checks every parameter against the
 * scenario's data, so a bad sweep is rejected with file:line:col, field,
 * expected and fix before anything runs. Pure: files come through `read`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { compile } from '../model/compile.ts';
import { canonicalJson, defaultRoot, guardPath, loadScenario, readDataFile, type LoadOptions, type ParseCache, type ReadFile } from '../model/load.ts';
import { closest, issuesToFindings, listNames, type Finding, type PathSegment, type ScenarioProblem } from '../model/problems.ts';
import { rawChain } from '../model/raw.ts';
import { ledgerPlan } from '../economics/ledger.ts';
import { distributionProblem } from './families.ts';
import { planVariants } from './variants.ts';
import { drawnParameters } from '../uncertainty/draws.ts';
import { unitText } from './quantity.ts';
import { correlationMatrix, example, parameterPaths, readSetting, type Unit } from './paths.ts';
import { sweepFileSchema, type ParameterFile, type SweepFile } from './schema.ts';
import type { Sweep, SweepGroup, SweepOption, SweepParameter } from './types.ts';

/** A loaded sweep, and `place` to put a later finding (a variant's problem) at its line in the sweep file. */
export type SweepLoad = { ok: true; sweep: Sweep; place: (f: Finding) => ScenarioProblem } | { ok: false; errors: ScenarioProblem[] };

const TOP_HINT = 'start the file with sweep: <name>, then base:, design: and parameters:';
const MAX_VARIANTS = 100_000;

/**
 * Loads and checks a sweep file; `cache` keeps parsed scenario files for the
 * variants that follow. The scenarios it names, and the files they extend, must
 * be inside `opts.root` (by default `defaultRoot` of the sweep file).
 */
export function loadSweep(file: string, read: ReadFile, cache: ParseCache = new Map(), opts: Pick<LoadOptions, 'root' | 'realpath'> = {}): SweepLoad {
  const guard = { root: opts.root ?? defaultRoot(file), realpath: opts.realpath };
  const text = read(file, '');
  if (text === undefined) return fail([{ file, line: 1, column: 1, path: '', message: `cannot read the sweep file ${JSON.stringify(file)}`, hint: 'check the path and that the file exists' }]);
  const readData = readDataFile(text, file, TOP_HINT);
  if (!readData.ok) return fail(readData.errors);
  const { data, place } = readData.placed;
  const parsed = sweepFileSchema.safeParse(data);
  if (!parsed.success) return fail(issuesToFindings(parsed.error.issues, sweepFileSchema, data).map(place));
  const f = parsed.data;
  const findings: Finding[] = [];

  // The base and the alternatives must load on their own first.
  const named: [string, string, PathSegment[]][] = [['base', f.base, ['base']]];
  if (f.decision) {
    if (f.design !== 'psa') findings.push({ path: ['decision'], at: 'key', message: `a funding decision is analysed only by design psa, not ${f.design}`, hint: 'remove decision:, or set design: psa' });
    for (const [name, rel] of Object.entries(f.decision.alternatives)) named.push([name, rel, ['decision', 'alternatives', name]]);
  }
  const options: SweepOption[] = [];
  const scenarioErrors: ScenarioProblem[] = [];
  for (const [name, rel, at] of named) {
    const path = guardPath(rel, file, '../scenario.yaml', guard);
    if (!path.ok) {
      findings.push({ path: at, message: path.message, hint: path.hint ?? 'name the scenario file relative to this sweep file' });
      continue;
    }
    const target = path.target;
    const loaded = loadScenario(target, (p, from) => read(p, from), { cache, ...guard });
    if (!loaded.ok) {
      if (read(target, file) === undefined) findings.push({ path: at, message: `cannot read ${JSON.stringify(rel)} (looked for ${target})`, hint: 'check the spelling; the path is relative to the folder of this sweep file' });
      else scenarioErrors.push(...loaded.errors);
      continue;
    }
    if (loaded.scenario.states.length === 0) {
      findings.push({ path: at, message: `${target} defines no states, so there is nothing to simulate`, hint: 'name a scenario, not a library such as unit-costs.yaml' });
      continue;
    }
    options.push({ name, file: target, ref: rel, scenario: loaded.scenario, raw: rawChain(read(target, '') ?? '', target, read, { cache, ...guard }) });
  }
  if (findings.length > 0 || scenarioErrors.length > 0) return fail([...findings.map(place), ...scenarioErrors]);

  const base = options[0];
  // A psa without parameters draws them as casecast run does: from the base scenario's uncertainty section.
  const uncertainty = f.parameters === undefined && f.design === 'psa' ? (base.scenario.uncertainty ?? null) : null;
  const written = f.parameters ?? {};
  if (f.parameters === undefined && f.design === 'psa' && !uncertainty) {
    findings.push({ path: ['parameters'], at: 'parent', message: `no parameters to vary, and the base scenario ${base.ref} has no uncertainty section to draw them from`, hint: 'add parameters:, e.g. deadweight: { path: economics.appraisal.deadweight, distribution: { type: beta, mean: 0.25, sd: 0.08 } }, or an uncertainty: section to the scenario' });
  } else if (!uncertainty && Object.keys(written).length === 0) {
    findings.push({ path: ['parameters'], at: f.parameters === undefined ? 'parent' : 'value', message: 'no parameters to vary', hint: 'add one, e.g. fte: { path: services.iss.staff.fte, low: 10, high: 18 }' });
  }
  if (uncertainty && f.correlations.length > 0) findings.push({ path: ['correlations'], at: 'key', message: "correlations are taken from the base scenario's uncertainty section when the sweep draws from it", hint: 'move them to the scenario\'s uncertainty: correlations, or give the sweep its own parameters:' });
  const parameters = uncertainty
    ? drawnParameters(uncertainty).map((p): SweepParameter => ({ name: p.name, label: p.label, paths: p.paths, unit: p.unit, base: p.base, ...(p.distribution && { distribution: p.distribution }) }))
    : Object.keys(written).map((name) => checkParameter(name, written[name], f, options, findings)).filter((p): p is SweepParameter => p !== null);
  const names = uncertainty ? parameters.map((p) => p.name) : Object.keys(written);
  const correlations = uncertainty ? null : checkCorrelations(f, names, findings);
  const groups = checkGroups(f, names, findings);
  const horizonYears = base.scenario.horizon;
  const caseloadYears = checkYears(f, horizonYears, findings);
  if ((f.design === 'lhs' || f.design === 'psa' || f.design === 'sample') && f.size === undefined) {
    findings.push({ path: ['size'], at: 'parent', message: `design ${f.design} needs a size: the number of samples`, hint: 'add size: 200 (more samples narrow the analysis; each runs every replication)' });
  }
  if (findings.length === 0 && f.design === 'grid') {
    const n = parameters.reduce((acc, p) => acc * (p.values?.length ?? 2), 1);
    if (n > MAX_VARIANTS) findings.push({ path: ['parameters'], message: `the grid has ${n} variants; the limit is ${MAX_VARIANTS}`, hint: 'use fewer levels or parameters, or design lhs with a size' });
  }
  if (findings.length > 0) return fail(findings.map(place));

  const agencies = new Set<string>();
  for (const o of options) if (o.scenario.economics) for (const l of ledgerPlan(compile(o.scenario)).lines) agencies.add(l.agency);
  const sweep: Omit<Sweep, 'sha256'> = {
    name: f.sweep,
    description: f.description,
    file,
    design: f.design,
    size: f.design === 'lhs' || f.design === 'psa' || f.design === 'sample' ? f.size! : null,
    replications: f.replications,
    seed: f.seed,
    sampling: f.design === 'lhs' ? 'lhs' : (f.sampling ?? 'random'),
    caseloadYears,
    parameters,
    correlations,
    uncertainty,
    groups,
    options,
    doNothing: f.decision?.doNothing ?? true,
    horizonYears,
    agencies: [...agencies].sort(),
  };
  // The hash covers every variant's settings too, so a resumed or merged sweep never mixes samples drawn differently.
  // Groups only shape the summary, not any variant: they stay out of the hash, so a finished sweep run
  // again after its groups change continues its folder and rewrites the summary without simulating.
  const identity = { ...sweep, file: undefined, description: undefined, groups: undefined, uncertainty: undefined, options: options.map((o) => ({ name: o.name, scenario: o.scenario })), variants: planVariants({ ...sweep, sha256: '' }) };
  return { ok: true, sweep: { ...sweep, sha256: bytesToHex(sha256(utf8ToBytes(canonicalJson(identity)))) }, place };
}

const fail = (errors: ScenarioProblem[]): SweepLoad => ({ ok: false, errors });

/** Checks one parameter against the design and every option's data; null (with findings) when it cannot be used. */
function checkParameter(name: string, p: ParameterFile, f: SweepFile, options: SweepOption[], out: Finding[]): SweepParameter | null {
  const at = (...rest: PathSegment[]): PathSegment[] => ['parameters', name, ...rest];
  const before = out.length;
  const found = parameterPaths(name, p, options, out, { does: 'varies', to: 'vary' });
  if (found === null) return null;
  const { paths, base } = found;
  const u: Unit = p.unit === undefined ? found.unit : p.unit.trim().startsWith('£') ? { prefix: '£', suffix: '' } : { prefix: '', suffix: p.unit.trim() === '' ? '' : ` ${p.unit.trim()}` };
  const read = (v: number | string, where: PathSegment[]): number | undefined => readSetting(v, u, paths[0], base, where, out);
  const low = p.low === undefined ? undefined : read(p.low, at('low'));
  const high = p.high === undefined ? undefined : read(p.high, at('high'));
  const values = p.values?.map((v, i) => read(v, at('values', i)));
  if (out.length > before) return null;

  const need = (what: string, hint: string): void => void out.push({ path: at(), at: 'key', message: `parameter "${name}" needs ${what} for design ${f.design}`, hint });
  const range = `low: ${example(base * 0.8, u)} and high: ${example(base * 1.2, u)}`;
  if (f.design === 'oneway' && (low === undefined || high === undefined)) need('low and high', `add ${range}`);
  if (f.design === 'grid' && values === undefined && (low === undefined || high === undefined)) need('values (or low and high)', `add values: [${[0.8, 1, 1.2].map((k) => example(base! * k, u)).join(', ')}]`);
  if ((f.design === 'lhs' || f.design === 'sample') && p.distribution === undefined && (low === undefined || high === undefined)) need('a distribution, or low and high', `add ${range} (a uniform range), or a distribution`);
  if (f.design === 'psa' && p.distribution === undefined) need('a distribution', `add distribution: { type: gamma, mean: ${base}, sd: ${Number((Math.abs(base) * 0.2).toPrecision(2))} } in the scenario's unit (${unitText(u) || 'plain numbers'})`);
  if (low !== undefined && high !== undefined && low === high) out.push({ path: at('high'), message: 'high equals low, so the parameter does not vary', hint: 'give two different settings' });
  if (p.distribution) {
    const problem = distributionProblem(p.distribution);
    if (problem) out.push({ path: at('distribution'), message: problem });
  }
  if (out.length > before) return null;
  return {
    name,
    label: p.label ?? name,
    paths,
    unit: u,
    base,
    ...(low !== undefined && { low }),
    ...(high !== undefined && { high }),
    ...(values !== undefined && { values: values as number[] }),
    ...(p.distribution && { distribution: p.distribution }),
  };
}

function checkCorrelations(f: SweepFile, names: string[], out: Finding[]): number[][] | null {
  if (f.correlations.length === 0) return null;
  if (f.design === 'oneway' || f.design === 'grid') {
    out.push({ path: ['correlations'], at: 'key', message: `design ${f.design} sets parameters to fixed levels, so correlations do not apply`, hint: 'remove correlations:, or use design lhs, sample or psa' });
    return null;
  }
  return correlationMatrix(f.correlations, names, ['correlations'], 'a parameter of this sweep', out);
}

/** Groups for the EVPPI: a psa's, of two or more of its parameters, each named once, and not named like a parameter. */
function checkGroups(f: SweepFile, names: string[], out: Finding[]): SweepGroup[] {
  const entries = Object.entries(f.groups);
  if (entries.length === 0) return [];
  if (f.design !== 'psa') {
    out.push({ path: ['groups'], at: 'key', message: `groups are analysed (for their EVPPI) only by design psa, not ${f.design}`, hint: 'remove groups:, or set design: psa' });
    return [];
  }
  const before = out.length;
  for (const [group, members] of entries) {
    if (names.includes(group)) out.push({ path: ['groups', group], at: 'key', message: `the group "${group}" has the name of a parameter, so tables could not tell them apart`, hint: `give the group another name, e.g. ${group}-group` });
    members.forEach((m, i) => {
      if (!names.includes(m)) {
        const near = closest(m, names);
        out.push({ path: ['groups', group, i], message: `"${m}" is not a parameter of this sweep`, expected: 'a name under parameters:', hint: near ? `did you mean "${near}"?` : `parameters: ${listNames(names)}` });
      } else if (members.indexOf(m) < i) out.push({ path: ['groups', group, i], message: `"${m}" is named twice in the group "${group}"`, hint: 'name each parameter once' });
    });
    if (new Set(members).size < 2 && members.every((m) => names.includes(m))) {
      out.push({ path: ['groups', group], message: `the group "${group}" has ${members.length === 0 ? 'no parameters' : 'one parameter'}; a group is two or more learnt together`, hint: members.length === 0 ? `list two or more, e.g. [${names.slice(0, 2).join(', ')}]` : `add another parameter, or remove the group: each parameter's own EVPPI is reported anyway` });
    }
  }
  return out.length > before ? [] : entries.map(([name, members]) => ({ name, parameters: members }));
}

function checkYears(f: SweepFile, horizon: number, out: Finding[]): number[] {
  const last = Math.floor(horizon + 1e-9);
  if (f.caseloadYears === undefined) return [...new Set([1, 3, 5, last].filter((y) => y >= 1 && y <= last))].sort((a, b) => a - b);
  f.caseloadYears.forEach((y, i) => {
    if (y > last) out.push({ path: ['caseloadYears', i], message: `year ${y} is beyond the base scenario's horizon (${last} years)`, hint: `use years from 1 to ${last}` });
  });
  return [...new Set(f.caseloadYears)].sort((a, b) => a - b);
}
