/// <reference lib="webworker" />
/**
 * The engine in a Web Worker: load the scenario, plan the run as the CLI does
 * (engine/pipeline/runs.ts: the same sizes, draws and replication indices),
 * run its chunks here (posting progress, letting a newer request in between
 * chunks) into the same accumulator, and finish it into the results contract,
 * so the numbers match the CLI's for the same scenario, seed and replications.
 */
import { parseScenarioText, type LoadOptions, type ReadFile } from '../engine/model/load.ts';
import { formatProblems } from '../engine/model/problems.ts';
import { rawChain } from '../engine/model/raw.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { allowLargeFlag, describeWorkProblem, estimateWork, type WorkLimits } from '../engine/model/work.ts';
import { measures } from '../engine/pipeline/compare.ts';
import { totalField } from '../engine/pipeline/layout.ts';
import { runHere } from '../engine/pipeline/plan.ts';
import { planRun } from '../engine/pipeline/runs.ts';
import { manifestFor } from '../engine/run.ts';
import { invalidDrawText } from '../engine/uncertainty/run.ts';
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
  const src = { file: req.file, read, raw: rawChain(req.text, req.file, read, opts), opts: { ...opts, cache: new Map() } };
  if (!sizes.fixed) {
    post({ type: 'progress', id: req.id, phase: 'draws', done: 0, total: sizes.draws });
    await yieldToQueue();
    if (current !== req.id) return;
  }
  // Draws are planned and validated before anything runs: the first that does not load stops the run.
  const planned = planRun(scenario, src, manifest, sizes.fixed ? { fixed: true, replications: sizes.replications } : { fixed: false, replications: sizes.replications, plan: { draws: sizes.draws, perDraw: sizes.perDraw } });
  if (!planned.ok) {
    post({ type: 'invalid', id: req.id, problems: invalidDrawText(planned.scenario, planned.draw, planned.values, formatProblems(planned.errors)) });
    return;
  }
  const acc = planned.accumulator;
  const total = sizes.replications;
  let shown = performance.now();
  post({ type: 'progress', id: req.id, phase: 'replications', done: 0, total });
  /** Progress now and then, and a newer request let in; false stops this run. */
  const pause = async (done: number): Promise<boolean> => {
    if (done < total && performance.now() - shown < PROGRESS_MS) return true;
    post({ type: 'progress', id: req.id, phase: 'replications', done, total });
    await yieldToQueue();
    shown = performance.now();
    return current === req.id;
  };
  const size = Math.max(1, Math.min(25, Math.ceil(total / 20)));
  if (!(await runHere(planned.parts, req.seed, [acc], planned.parts.map(() => 0), size, pause))) return; // superseded by a newer run
  const results = acc.finish(planned.manifest, planned.pooling, scenario);
  const L = acc.layout;
  const k = L.periods - 1;
  const last: LastValues = {
    total: acc.matrix.column(L.total + k),
    waiting: acc.matrix.column(L.waitingTotal + k),
    npv: L.appraisal ? acc.matrix.column(L.appraisal.totals + totalField.npv) : null,
    measures: measures(scenario, acc, lastYear(scenario), { staff: false }),
  };
  post({ type: 'results', id: req.id, results, ms: Math.round(performance.now() - t0), last, uncertain: scenario.uncertainty !== undefined });
}

/** The year the compare table pairs caseload at: the last whole year of the horizon, as `casecast compare` reports it. */
const lastYear = (sc: Scenario): number[] => [Math.max(1, Math.floor(sc.horizon + 1e-9))];

/** Posts progress and lets a newer request in about this often, in ms: a chunk can be quicker than a timer's tick. */
const PROGRESS_MS = 60;
