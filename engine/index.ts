/**
 * casecast's in-process API: load a scenario from its text, simulate it, compare
 * scenarios on common random numbers, and run a sensitivity sweep, with the
 * numbers `casecast run`, `casecast compare` and `casecast sweep` give for the
 * same files and seed. Pure: files are read through the `read` callback you
 * pass, so this runs in Node, in a worker thread or in a browser.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { loadScenario, simulate } from 'casecast';
 * const file = 'scenarios/liverpool-waves-of-hope.yaml';
 * const read = (path: string) => { try { return readFileSync(path, 'utf8'); } catch { return undefined; } };
 * const scenario = loadScenario(read(file)!, { file, read });
 * const results = await simulate(scenario, { seed: '1', replications: 100 });
 * console.log(results.economics?.summary.npv);
 * ```
 */
import { parseScenarioText, type ParseCache, type ReadFile } from './model/load.ts';
import { formatProblems, type ScenarioProblem } from './model/problems.ts';
import { rawChain } from './model/raw.ts';
import type { Scenario } from './model/scenario.ts';
import { measures, pairedDifferences, parameterDiff, reportYears, type Comparison, type Difference } from './pipeline/compare.ts';
import type { Accumulator } from './pipeline/accumulator.ts';
import { runHere, scenarioHash, type Part } from './pipeline/plan.ts';
import { planComparison, planRun, sizesOf, type BadDraw, type SizeAsk } from './pipeline/runs.ts';
import { intervalText, type Results } from './results.ts';
import { variantRecord, summarizeSweep, type SweepSummary, type VariantRecord } from './sweep/analysis.ts';
import { sweepInfo } from './sweep/info.ts';
import { loadSweep } from './sweep/load.ts';
import { runVariant } from './sweep/run.ts';
import { checkVariants, planVariants, variantTask } from './sweep/variants.ts';
import type { ScenarioSource } from './uncertainty/draws.ts';
import { invalidDrawText } from './uncertainty/run.ts';
import { uncertaintyWords } from './uncertainty/summary.ts';
import { version } from './version.ts';

export type { Results, Manifest, Intervals, OverCapacity, ServiceResults } from './results.ts';
export type { Band, Estimate } from './band.ts';
export type { EconomicsSummary } from './economics/appraisal.ts';
export type { UncertaintySummary, Headline } from './uncertainty/summary.ts';
export type { Comparison, Difference, Measure, ParameterDiff } from './pipeline/compare.ts';
export type { SweepSummary, VariantRecord } from './sweep/analysis.ts';
export type { Scenario, ReadFile, ScenarioProblem };
export { version };

/** A scenario that could not be loaded, or a run that cannot be made as asked: the message says what and how to fix it. */
export class CasecastError extends Error {
  /** The problems with a scenario or sweep file, each with its file, line and path; empty for a problem with the options. */
  readonly problems: ScenarioProblem[];
  constructor(message: string, problems: ScenarioProblem[] = []) {
    super(message);
    this.name = 'CasecastError';
    this.problems = problems;
  }
}

/** A loaded, validated scenario, with what its parameter draws are laid over. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The file name it was loaded as (messages and `extends:` are relative to it). */
  file: string;
  /** The resolved scenario's canonical JSON: its sha256 is the run's `manifest.sha256`. */
  resolvedText: string;
  sha256: string;
  /** Every file read, the scenario's own first. */
  files: string[];
  /** For parameter draws: the text and files they extend. */
  source: ScenarioSource;
}

/**
 * Loads a scenario from its text (YAML or JSON). `file` names it (default
 * "scenario.yaml"); `read(path, from)` returns the text of a file that
 * `extends:` or a posterior sample names, or undefined when there is none.
 * Throws a CasecastError that lists every problem with its line.
 */
export function loadScenario(text: string, options: { file?: string; read?: ReadFile } = {}): LoadedScenario {
  const file = options.file ?? 'scenario.yaml';
  const others = options.read ?? (() => undefined);
  const read: ReadFile = (path, from) => (path === file ? text : others(path, from));
  const cache: ParseCache = new Map();
  const loaded = parseScenarioText(text, file, read, { cache });
  if (!loaded.ok) throw new CasecastError(formatProblems(loaded.errors), loaded.errors);
  return {
    scenario: loaded.scenario,
    file,
    resolvedText: loaded.resolvedText,
    sha256: scenarioHash(loaded.resolvedText),
    files: loaded.files,
    source: { file, read, raw: rawChain(text, file, read, { cache }), opts: { cache } },
  };
}

/** How big a run is and on which seed; the sizes rule is `casecast run`'s (engine/uncertainty/run.ts runSizes). */
export interface RunOptions extends SizeAsk {
  /** Replications in all (default 100 at the point estimate, 1,000 over parameter draws). */
  replications?: number;
  /** Parameter draws the replications are shared among (default one per 5 replications). */
  draws?: number;
  /** The point estimate alone, even when the scenario has an uncertainty section. */
  fixed?: boolean;
  seed: string;
  /** Replications done so far, of `total`, after each chunk. */
  onProgress?: (done: number, total: number) => void;
}

const badDraw = (b: BadDraw): CasecastError => new CasecastError(invalidDrawText(b.scenario, b.draw, b.values, formatProblems(b.errors)), b.errors);

function sizes(scenario: Scenario, options: RunOptions) {
  const s = sizesOf(scenario, options);
  if ('problem' in s) throw new CasecastError(s.problem.replace(/--(\w+)/g, (_, w: string) => w));
  return s;
}

/** Runs parts in this thread, chunk by chunk, giving the event loop a turn between chunks. */
async function runParts(parts: Part[], seed: string, accs: Accumulator[], groupOf: number[], total: number, onProgress?: (done: number, total: number) => void): Promise<void> {
  await runHere(parts, seed, accs, groupOf, 25, async (done) => {
    onProgress?.(done, total);
    await new Promise((r) => setTimeout(r, 0));
    return true;
  });
}

/**
 * Simulates a scenario in this thread: the results contract exactly as
 * `casecast run --format json` writes it for the same scenario, seed and
 * sizes (over parameter draws when the scenario has an uncertainty section,
 * unless `fixed`).
 */
export async function simulate(loaded: LoadedScenario, options: RunOptions): Promise<Results> {
  const s = sizes(loaded.scenario, options);
  const manifest = { scenario: loaded.scenario.name, sha256: loaded.sha256, seed: options.seed, replications: s.replications, version, horizonYears: loaded.scenario.horizon, periodYears: loaded.scenario.period };
  const planned = planRun(loaded.scenario, loaded.source, manifest, s);
  if (!planned.ok) throw badDraw(planned);
  await runParts(planned.parts, options.seed, [planned.accumulator], planned.parts.map(() => 0), s.replications, options.onProgress);
  return planned.accumulator.finish(planned.manifest, planned.pooling, loaded.scenario);
}

/** JSON has no NaN: missing figures become null. */
function jsonSafe(d: Difference): Difference {
  const n = (x: number): number => (Number.isFinite(x) ? x : (null as unknown as number));
  return { ...d, a: n(d.a), b: n(d.b), difference: { mean: n(d.difference.mean), lo: n(d.difference.lo), hi: n(d.difference.hi) } };
}

/**
 * Compares scenarios on common random numbers and shared parameter draws
 * (the first scenario's), each against the first, as `casecast compare`
 * does: paired differences with their intervals, and what differs in the
 * files. `years`: when to compare caseload (default 1, 3, 5 and the last).
 */
export async function compare(scenarios: readonly LoadedScenario[], options: RunOptions & { years?: number[] }): Promise<Comparison> {
  if (scenarios.length < 2) throw new CasecastError('compare needs at least two scenarios');
  const s = sizes(scenarios[0].scenario, options);
  const horizon = Math.min(...scenarios.map((x) => x.scenario.horizon));
  const years = reportYears(options.years, horizon);
  if (years.length === 0) throw new CasecastError(`years: none of ${options.years?.join(', ')} lies within the shortest horizon (${horizon} years)`);
  const planned = planComparison(scenarios.map((x) => ({ scenario: x.scenario, source: x.source, sha256: x.sha256 })), options.seed, s);
  if (!planned.ok) throw badDraw(planned);
  await runParts(planned.parts, options.seed, planned.accumulators, planned.groupOf, s.replications * scenarios.length, options.onProgress);
  const letter = (i: number): string => String.fromCharCode(65 + i);
  const perDraw = s.fixed ? undefined : s.plan.perDraw;
  const m = planned.accumulators.map((acc, i) => measures(scenarios[i].scenario, acc, years));
  const resolved = scenarios.map((x) => JSON.parse(x.resolvedText) as unknown);
  return {
    seed: options.seed,
    replications: s.replications,
    ...(!s.fixed && { draws: s.plan.draws, replicationsPerDraw: s.plan.perDraw, drawnFrom: scenarios[0].file }),
    intervals: s.fixed ? { difference: intervalText.mean } : { difference: uncertaintyWords.monteCarlo, uncertainty: uncertaintyWords.uncertainty },
    commonRandomNumbers: true,
    years,
    scenarios: scenarios.map((x, i) => ({ label: letter(i), file: x.file, name: x.scenario.name, sha256: x.sha256 })),
    comparisons: scenarios.slice(1).map((x, j) => {
      const labels = { a: 'A', b: letter(j + 1) };
      return { a: scenarios[0].file, b: x.file, labels, parameters: parameterDiff(resolved[0], resolved[j + 1]), differences: pairedDifferences(m[0], m[j + 1], labels, perDraw).map(jsonSafe) };
    }),
    version,
  };
}

/** A finished sweep: every variant's record, in variant order, and the analysis (tornado, PSA, EVPI…). */
export interface SweepRun {
  records: VariantRecord[];
  summary: SweepSummary;
}

/**
 * Runs a sweep file in this thread: every variant of its design on the
 * sweep's seed, then its analysis, as `casecast sweep` does (without the
 * journal, shards or output files). `read` reads the files the sweep and its
 * scenarios name; `onProgress` hears the variants done.
 */
export async function sweep(text: string, options: { file?: string; read?: ReadFile; onProgress?: (done: number, total: number) => void } = {}): Promise<SweepRun> {
  const file = options.file ?? 'sweep.yaml';
  const others = options.read ?? (() => undefined);
  const read: ReadFile = (path, from) => (path === file ? text : others(path, from));
  const cache: ParseCache = new Map();
  const loaded = loadSweep(file, read, cache);
  if (!loaded.ok) throw new CasecastError(formatProblems(loaded.errors), loaded.errors);
  const s = loaded.sweep;
  const variants = planVariants(s);
  const problems = checkVariants(s, variants, read, cache);
  if (problems.length > 0) {
    const placed = problems.map(loaded.place);
    throw new CasecastError(formatProblems(placed), placed);
  }
  const records: VariantRecord[] = [];
  for (const v of variants) {
    records.push(variantRecord(v, runVariant(variantTask(s, v, read, cache))));
    options.onProgress?.(records.length, variants.length);
    await new Promise((r) => setTimeout(r, 0)); // the event loop's turn between variants
  }
  return { records, summary: summarizeSweep(sweepInfo(s), records) };
}
