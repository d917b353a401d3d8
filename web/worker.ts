/// <reference lib="webworker" />
/**
 * The engine in a Web Worker: load the scenario, run replications in chunks
 * (posting progress), and summarise them exactly as the CLI does, so the
 * numbers match the CLI's for the same scenario, seed and replications: at
 * the point estimate as engine/run.ts runScenario does (`--fixed`, or a
 * scenario without an uncertainty section), and otherwise over parameter
 * draws as cli/simulate.ts does (the same sizes, draws, replication indices
 * and summary, engine/uncertainty/run.ts).
 */
import { summarizeEconomics } from '../engine/economics/appraisal.ts';
import { compile, type CompiledModel } from '../engine/model/compile.ts';
import { parseScenarioText, type LoadOptions, type LoadResult, type ReadFile } from '../engine/model/load.ts';
import { formatProblems } from '../engine/model/problems.ts';
import { rawChain } from '../engine/model/raw.ts';
import type { ReplicationOutput } from '../engine/model/record.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { allowLargeFlag, describeWorkProblem, estimateWork, type WorkLimits } from '../engine/model/work.ts';
import { summarizeRun, type Manifest, type Results } from '../engine/results.ts';
import { appraiseReplication, manifestFor, runBatch } from '../engine/run.ts';
import { drawScenario, planDraws, type ScenarioSource } from '../engine/uncertainty/draws.ts';
import { drawManifest, invalidDrawText, runDraw, summarizeDraws, type DrawPlan, type DrawRun } from '../engine/uncertainty/run.ts';
import { measures } from '../cli/compare.ts';
import { readerFor } from './files.ts';
import { SCENARIO_MAX_BYTES } from './inputs.ts';
import type { LastValues, RunRequest, WorkerReply } from './protocol.ts';
import { viewerSizes } from './sizes.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerReply): void => scope.postMessage(m);
let current = 0;

scope.onmessage = (e: MessageEvent<RunRequest>) => {
  const req = e.data;
  if (req.type !== 'run') return;
  current = req.id;
  void run(req).catch((err: unknown) => post({ type: 'failed', id: req.id, message: err instanceof Error ? err.message : String(err) }));
};

/**
 * A browser tab has less memory than the machine the CLI's limits are sized
 * for, so the viewer holds a run's results to 1 GiB (Liverpool Waves of Hope
 * at the form's 5,000 replications is about 0.4 GB); the other limits are the CLI's.
 */
const VIEWER_LIMITS: Partial<WorkLimits> = { bytes: 1024 ** 3 };

/** The work estimate's problems as text (the same estimate and wording as the CLI), or undefined when the run is within the limits. */
function workProblems(scenario: Scenario, replications: number): string | undefined {
  const { problems } = estimateWork(scenario, replications, VIEWER_LIMITS);
  if (problems.length === 0) return undefined;
  return `${problems.map(describeWorkProblem).join('\n')}\n(${allowLargeFlag} is a flag of the casecast command line; the viewer keeps to the limits.)`;
}

/** Lets a newer request arrive between chunks. */
const yieldToQueue = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** What a run hands back: its results and the per-replication values for paired differences; undefined when it was superseded or refused (already posted). */
type Ran = { results: Results; last: LastValues } | undefined;

async function run(req: RunRequest): Promise<void> {
  const t0 = performance.now();
  const opts: LoadOptions = { maxBytes: SCENARIO_MAX_BYTES };
  const files = readerFor(req.files);
  // The top file is the request's text (the editor's, or the panel's overlay), which parameter draws extend.
  const read: ReadFile = (path, from) => (path === req.file ? req.text : files(path, from));
  const loaded = parseScenarioText(req.text, req.file, read, opts);
  if (!loaded.ok) {
    post({ type: 'invalid', id: req.id, problems: formatProblems(loaded.errors) });
    return;
  }
  const { scenario } = loaded;
  const sizes = viewerSizes(scenario.uncertainty !== undefined, req.fixed, req.replications);
  if ('problem' in sizes) {
    post({ type: 'settings', id: req.id, problems: sizes.problem });
    return;
  }
  // Over draws as at the point estimate, the estimate counts the run's replications in all, as the CLI's does.
  const tooBig = workProblems(scenario, sizes.replications);
  if (tooBig) {
    post({ type: 'too-big', id: req.id, problems: tooBig });
    return;
  }
  const manifest = manifestFor(scenario, loaded.resolvedText, { seed: req.seed, replications: sizes.replications });
  const ran = sizes.fixed
    ? await runFixed(req, scenario, manifest)
    : await runDraws(req, loaded, { file: req.file, read, raw: rawChain(req.text, req.file, read, opts), opts: { ...opts, cache: new Map() } }, manifest, { seed: req.seed, draws: sizes.draws, perDraw: sizes.perDraw });
  if (!ran) return;
  post({ type: 'results', id: req.id, results: ran.results, ms: Math.round(performance.now() - t0), last: ran.last, uncertain: scenario.uncertainty !== undefined });
}

/** At the point estimate: replications [0, N) of the seed, as engine/run.ts runScenario runs them. */
async function runFixed(req: RunRequest, scenario: Scenario, manifest: Manifest): Promise<Ran> {
  const model = compile(scenario);
  const runs: ReplicationOutput[] = [];
  const chunk = Math.max(1, Math.min(25, Math.ceil(req.replications / 20)));
  post({ type: 'progress', id: req.id, phase: 'replications', done: 0, total: req.replications });
  for (let first = 0; first < req.replications; first += chunk) {
    const count = Math.min(chunk, req.replications - first);
    runs.push(...runBatch(model, { seed: req.seed, replications: count, first }));
    post({ type: 'progress', id: req.id, phase: 'replications', done: first + count, total: req.replications });
    await yieldToQueue();
    if (current !== req.id) return undefined; // superseded by a newer run
  }
  const results = summarizeRun(model, runs, manifest);
  const appraisals = scenario.economics ? runs.map((r) => appraiseReplication(model, r)!) : null;
  if (appraisals) results.economics = summarizeEconomics(appraisals);
  const k = results.series.t.length - 1;
  return { results, last: { total: runs.map((r) => r.total[k]), waiting: runs.map((r) => r.waitingTotal[k]), npv: appraisals ? appraisals.map((a) => a.npv) : null, measures: measures(scenario, runs, appraisals, lastYear(scenario)) } };
}

/** The year the compare table pairs caseload at: the last whole year of the horizon, as `casecast compare` reports it. */
const lastYear = (sc: Scenario): number[] => [Math.max(1, Math.floor(sc.horizon + 1e-9))];

/** Posts progress and lets a newer request in about this often, in ms: a draw can be quicker than a timer's tick. */
const PROGRESS_MS = 60;

/**
 * Over parameter draws, as cli/simulate.ts: the draws planned from the seed,
 * each laid over the scenario and validated (the first that does not load
 * stops the run, before anything runs), then draw d's replications
 * [d·R, (d + 1)·R), and the summary of them all. Both steps are chunked, with
 * progress, and a newer request supersedes this one between chunks.
 */
async function runDraws(req: RunRequest, loaded: Extract<LoadResult, { ok: true }>, src: ScenarioSource, manifest: Manifest, plan: DrawPlan): Promise<Ran> {
  const { scenario } = loaded;
  const u = scenario.uncertainty!;
  const values = planDraws(u, plan.draws, plan.seed);
  let shown = performance.now();
  /** Progress now and then; false when a newer request has come. */
  const pause = async (phase: 'draws' | 'replications', done: number, total: number, always = false): Promise<boolean> => {
    if (!always && performance.now() - shown < PROGRESS_MS) return true;
    post({ type: 'progress', id: req.id, phase, done, total });
    await yieldToQueue();
    shown = performance.now();
    return current === req.id;
  };
  const scenarios: Scenario[] = [];
  post({ type: 'progress', id: req.id, phase: 'draws', done: 0, total: plan.draws });
  for (let d = 0; d < plan.draws; d++) {
    const drawn = drawScenario(src, u, values[d], d);
    if (!drawn.ok) {
      post({
        type: 'invalid',
        id: req.id,
        problems: invalidDrawText(scenario.name, d, values[d], formatProblems(drawn.errors)),
      });
      return undefined;
    }
    scenarios.push(drawn.scenario);
    if (!(await pause('draws', d + 1, plan.draws, d + 1 === plan.draws))) return undefined;
  }
  const total = plan.draws * plan.perDraw;
  let first: CompiledModel | undefined;
  const runs: DrawRun[] = [];
  post({ type: 'progress', id: req.id, phase: 'replications', done: 0, total });
  for (let d = 0; d < plan.draws; d++) {
    // Draws differ in numbers only, so any draw's model serves the summary (the CLI gives the first's).
    const model = compile(scenarios[d]);
    first ??= model;
    runs.push(runDraw(model, plan, d));
    if (!(await pause('replications', (d + 1) * plan.perDraw, total, d + 1 === plan.draws))) return undefined;
  }
  const results = summarizeDraws(scenario, first!, runs, drawManifest(manifest, plan));
  const k = results.series.t.length - 1;
  const pooled = runs.flatMap((r) => r.outputs);
  return {
    results,
    last: {
      total: pooled.map((o) => o.total[k]),
      waiting: pooled.map((o) => o.waitingTotal[k]),
      npv: results.economics ? runs.flatMap((r) => r.appraisals!.map((a) => a.npv)) : null,
      measures: measures(scenario, pooled, results.economics ? runs.flatMap((r) => r.appraisals!) : null, lastYear(scenario)),
    },
  };
}
