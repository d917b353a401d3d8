/// <reference lib="webworker" />
/**
 * The engine in a Web Worker: load the scenario, run replications in chunks
 * (posting progress), and summarise them exactly as engine/run.ts runScenario
 * does, so the numbers match the CLI's for the same scenario, seed and
 * replications.
 */
import { summarizeEconomics } from '../engine/economics/appraisal.ts';
import { compile } from '../engine/model/compile.ts';
import { parseScenarioText } from '../engine/model/load.ts';
import { formatProblems } from '../engine/model/problems.ts';
import type { ReplicationOutput } from '../engine/model/record.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { allowLargeFlag, describeWorkProblem, estimateWork, type WorkLimits } from '../engine/model/work.ts';
import { summarizeRun } from '../engine/results.ts';
import { appraiseReplication, manifestFor, runBatch } from '../engine/run.ts';
import { readerFor } from './files.ts';
import { SCENARIO_MAX_BYTES } from './inputs.ts';
import type { RunRequest, WorkerReply } from './protocol.ts';

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
  const loaded = parseScenarioText(req.text, req.file, readerFor(req.files), { maxBytes: SCENARIO_MAX_BYTES });
  if (!loaded.ok) {
    post({ type: 'invalid', id: req.id, problems: formatProblems(loaded.errors) });
    return;
  }
  const tooBig = workProblems(loaded.scenario, req.replications);
  if (tooBig) {
    post({ type: 'too-big', id: req.id, problems: tooBig });
    return;
  }
  const plan = { seed: req.seed, replications: req.replications };
  const model = compile(loaded.scenario);
  const runs: ReplicationOutput[] = [];
  const chunk = Math.max(1, Math.min(25, Math.ceil(req.replications / 20)));
  post({ type: 'progress', id: req.id, done: 0, total: req.replications });
  for (let first = 0; first < req.replications; first += chunk) {
    const count = Math.min(chunk, req.replications - first);
    runs.push(...runBatch(model, { seed: req.seed, replications: count, first }));
    post({ type: 'progress', id: req.id, done: first + count, total: req.replications });
    await yieldToQueue();
    if (current !== req.id) return; // superseded by a newer run
  }
  const results = summarizeRun(model, runs, manifestFor(loaded.scenario, loaded.resolvedText, plan));
  const appraisals = loaded.scenario.economics ? runs.map((r) => appraiseReplication(model, r)!) : null;
  if (appraisals) results.economics = summarizeEconomics(appraisals);
  const k = results.series.t.length - 1;
  const last = { total: runs.map((r) => r.total[k]), waiting: runs.map((r) => r.waitingTotal[k]), npv: appraisals ? appraisals.map((a) => a.npv) : null };
  post({ type: 'results', id: req.id, results, ms: Math.round(performance.now() - t0), last });
}
