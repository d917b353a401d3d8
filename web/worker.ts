/// <reference lib="webworker" />
/**
 * The engine in a Web Worker: load the scenario, plan the run as the CLI does
 * (engine/pipeline/runs.ts: the same sizes, draws and replication indices),
 * run its chunks here and on the helper workers (web/replicator.ts; posting
 * progress, letting a newer request in between chunks) into the same
 * accumulator, and finish it into the results contract, so the numbers match
 * the CLI's for the same scenario, seed and replications whichever thread ran
 * which chunk. Before a run, a warm-up request runs a few throwaway
 * replications of the editor's text so the first run meets a warm engine.
 */
import { parseScenarioText, type LoadOptions, type ReadFile } from '../engine/model/load.ts';
import { formatProblems } from '../engine/model/problems.ts';
import { rawChain } from '../engine/model/raw.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { allowLargeFlag, describeWorkProblem, estimateWork, type WorkLimits } from '../engine/model/work.ts';
import { measures } from '../engine/pipeline/compare.ts';
import { totalField } from '../engine/pipeline/layout.ts';
import type { Accumulator } from '../engine/pipeline/accumulator.ts';
import { compile, type CompiledModel } from '../engine/model/compile.ts';
import { replicateChunk } from '../engine/pipeline/pack.ts';
import { chunkTasks, type Part } from '../engine/pipeline/plan.ts';
import { planRun, type BadDraw, type PlannedRun } from '../engine/pipeline/runs.ts';
import type { RunSizes } from '../engine/uncertainty/run.ts';
import type { ScenarioSource } from '../engine/uncertainty/draws.ts';
import type { Manifest } from '../engine/results.ts';
import { manifestFor } from '../engine/run.ts';
import { invalidDrawText } from '../engine/uncertainty/run.ts';
import { frontDoorStages } from '../present/dynamics.ts';
import { readerFor } from './files.ts';
import { SCENARIO_MAX_BYTES } from './inputs.ts';
import type { EngineRequest, HelperReply, HelperRequest, LastValues, RunRequest, WarmRequest, WorkerReply } from './protocol.ts';
import { viewerSizes, type ViewerSizes } from './sizes.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: WorkerReply): void => scope.postMessage(m);
/** Counts requests (runs and warm-ups): a run or warm-up stops when a newer request has arrived. */
let latest = 0;

scope.onmessage = (e: MessageEvent<EngineRequest>) => {
  const req = e.data;
  if (req.type === 'helpers') return helpersFrom(req.ports);
  const mine = ++latest;
  const live = (): boolean => latest === mine;
  if (req.type === 'warm') return void warm(req, live).catch(() => undefined); // a warm-up's failure is the run's to report
  if (req.type !== 'run') return;
  void run(req, live).catch((err: unknown) => post({ type: 'failed', id: req.id, message: err instanceof Error ? err.message : String(err) }));
};

/** A helper worker, by its port. */
interface Helper {
  port: MessagePort;
}
let helpers: Helper[] = [];
/** Hears the helpers' replies for the chunks in flight; undefined between runs. */
let heard: ((m: HelperReply) => void) | undefined;
/** Wakes the latest run waiting for helpers' chunks. */
let nudge: (() => void) | undefined;
/** Numbers the runs handed to helpers, so a reply to a superseded one is dropped. */
let helperRun = 0;

function helpersFrom(ports: MessagePort[]): void {
  helpers = ports.map((port) => {
    port.onmessage = (e: MessageEvent<HelperReply>) => heard?.(e.data);
    return { port };
  });
}

const channel = new MessageChannel();
const waiting: Array<() => void> = [];
channel.port1.onmessage = () => waiting.shift()?.();
/** Lets queued messages (helpers' chunks, a newer request) in, without a timer's clamped delay. */
const turn = (): Promise<void> => new Promise((r) => {
  waiting.push(r);
  channel.port2.postMessage(0);
});

/** Chunks each helper holds at once, so it has the next while its last is on the way back. */
const AHEAD = 2;

/**
 * Replicates `parts` into `acc`: chunks of at most `size` replications, run
 * here and on the helpers as each is free. `onChunk` hears the replications
 * done after every chunk here or there, and stops the run by returning
 * false. Every chunk is rows at its own replication indices, so which thread
 * ran it, and the order they arrive in, change nothing in the results.
 */
async function replicate(parts: readonly Part[], seed: string, acc: Accumulator, size: number, onChunk: (done: number) => Promise<boolean>): Promise<boolean> {
  const { tasks, owner } = chunkTasks(parts, seed, size);
  const models: Array<CompiledModel | undefined> = [];
  const run = ++helperRun;
  const total = tasks.reduce((n, t) => n + t.count, 0);
  let next = 0;
  let done = 0;
  let failed: string | undefined;
  let wake: (() => void) | undefined;
  /** The helper each task given out went to, so its next chunk goes to the one that came back. */
  const holder = new Map<number, Helper>();
  const give = (h: Helper): void => {
    if (next >= tasks.length) return;
    const i = next++;
    holder.set(i, h);
    h.port.postMessage({ type: 'task', run, task: i, part: owner[i], first: tasks[i].first, count: tasks[i].count } satisfies HelperRequest);
  };
  const hear = (m: HelperReply): void => {
    if (m.run !== run) return;
    if (m.type === 'error') failed = m.message;
    else {
      acc.add(m.chunk);
      done += tasks[m.task].count;
      give(holder.get(m.task)!);
    }
    wake?.();
  };
  heard = hear;
  // A run superseded while it waited for helpers hears no more of them: wake it so it sees it is stale and stops.
  nudge?.();
  nudge = () => wake?.();
  // Helpers are handed the parts once, then chunks.
  const specs = parts.map((p) => ({ scenario: p.scenario, first: p.first, count: p.count }));
  for (const h of helpers) {
    h.port.postMessage({ type: 'parts', run, seed, parts: specs } satisfies HelperRequest);
    for (let k = 0; k < AHEAD; k++) give(h);
  }
  try {
    while (done < total) {
      if (failed !== undefined) throw new Error(failed);
      if (next < tasks.length) {
        const i = next++;
        const j = owner[i];
        models[j] ??= parts[j].model ?? compile(parts[j].scenario);
        acc.add(replicateChunk(models[j], seed, tasks[i].first, tasks[i].count));
        done += tasks[i].count;
      } else {
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
      if (!(await onChunk(done))) return false;
    }
    if (failed !== undefined) throw new Error(failed);
    return true;
  } finally {
    if (heard === hear) heard = undefined; // a newer run may be listening by now
  }
}

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

/** A request's scenario, loaded as the CLI loads a file, and what its parameter draws are laid over. */
function load(req: RunRequest | WarmRequest) {
  const opts: LoadOptions = { maxBytes: SCENARIO_MAX_BYTES };
  const files = readerFor(req.files);
  // The top file is the request's text (the editor's, or the panel's overlay), which parameter draws extend.
  const read: ReadFile = (path, from) => (path === req.file ? req.text : files(path, from));
  const loaded = parseScenarioText(req.text, req.file, read, opts);
  const source = () => ({ file: req.file, read, raw: rawChain(req.text, req.file, read, opts), opts: { ...opts, cache: new Map() } });
  return { loaded, source };
}

/** A request checked (loaded, sized, within the limits) and ready to plan, or the reply that says why it cannot run. */
type Checked = { ok: true; scenario: Scenario; resolvedText: string; sizes: Exclude<ViewerSizes, { problem: string }>; manifest: Manifest; source: () => ScenarioSource } | { ok: false; reply: WorkerReply };

function check(req: RunRequest): Checked {
  const { loaded, source } = load(req);
  if (!loaded.ok) return { ok: false, reply: { type: 'invalid', id: req.id, problems: formatProblems(loaded.errors) } };
  const { scenario } = loaded;
  const sizes = viewerSizes(scenario.uncertainty !== undefined, req.fixed, req.replications);
  if ('problem' in sizes) return { ok: false, reply: { type: 'settings', id: req.id, problems: sizes.problem } };
  // Over draws as at the point estimate, the estimate counts the run's replications in all, as the CLI's does.
  const tooBig = workProblems(scenario, sizes.replications);
  if (tooBig) return { ok: false, reply: { type: 'too-big', id: req.id, problems: tooBig } };
  const manifest = manifestFor(scenario, loaded.resolvedText, { seed: req.seed, replications: sizes.replications });
  return { ok: true, scenario, resolvedText: loaded.resolvedText, sizes, manifest, source };
}

/** Draws are planned and validated before anything runs: the first that does not load stops the run. */
function plan(c: Extract<Checked, { ok: true }>): PlannedRun | BadDraw {
  const { sizes } = c;
  return planRun(c.scenario, c.source(), c.manifest, sizes.fixed ? { fixed: true, replications: sizes.replications } : { fixed: false, replications: sizes.replications, plan: { draws: sizes.draws, perDraw: sizes.perDraw } });
}

/**
 * A run checked, and planned, by a warm-up for the settings the form had
 * then, its accumulator still empty: the run with those settings takes it
 * (once) instead of loading the text and planning the same draws again.
 * Both are deterministic, so taking them changes nothing but the time.
 */
let prepared: { key: string; checked: Extract<Checked, { ok: true }>; planned?: PlannedRun } | undefined;
/** What a run's plan depends on. */
const planKey = (r: Pick<RunRequest, 'text' | 'file' | 'files' | 'seed' | 'replications' | 'fixed'>): string => JSON.stringify([r.text, r.file, r.files, r.seed, r.replications, r.fixed]);

async function run(req: RunRequest, live: () => boolean): Promise<void> {
  const t0 = performance.now();
  const key = planKey(req);
  const ready = prepared?.key === key ? prepared : undefined;
  prepared = undefined;
  let planned = ready?.planned;
  const c = ready?.checked ?? check(req);
  if (!c.ok) return post(c.reply);
  if (!planned) {
    if (!c.sizes.fixed) {
      post({ type: 'progress', id: req.id, phase: 'draws', done: 0, total: c.sizes.draws });
      await yieldToQueue();
      if (!live()) return;
    }
    const p = plan(c);
    if (!p.ok) return post({ type: 'invalid', id: req.id, problems: invalidDrawText(p.scenario, p.draw, p.values, formatProblems(p.errors)) });
    planned = p;
  }
  const { scenario, sizes } = c;
  const acc = planned.accumulator;
  const total = sizes.replications;
  let shown = performance.now();
  post({ type: 'progress', id: req.id, phase: 'replications', done: 0, total });
  /** Progress now and then, and a newer request let in; false stops this run. */
  const pause = async (done: number): Promise<boolean> => {
    await turn();
    if (done < total && performance.now() - shown < PROGRESS_MS) return live();
    post({ type: 'progress', id: req.id, phase: 'replications', done, total });
    shown = performance.now();
    return live();
  };
  const size = Math.max(1, Math.min(25, Math.ceil(total / 20)));
  if (!(await replicate(planned.parts, req.seed, acc, size, pause))) return; // superseded by a newer run
  const results = acc.finish(planned.manifest, planned.pooling, scenario);
  const L = acc.layout;
  const k = L.periods - 1;
  const last: LastValues = {
    total: acc.matrix.column(L.total + k),
    waiting: acc.matrix.column(L.waitingTotal + k),
    npv: L.appraisal ? acc.matrix.column(L.appraisal.totals + totalField.npv) : null,
    measures: measures(scenario, acc, lastYear(scenario), { staff: false }),
  };
  post({ type: 'results', id: req.id, results, ms: Math.round(performance.now() - t0), last, uncertain: scenario.uncertainty !== undefined, stages: frontDoorStages(scenario.states) });
}

/**
 * Gets the engine ready for a run of this text: loads it, and runs a few
 * replications of it here and on every helper (over parameter draws if the
 * run would be), finishing them into results nobody sees, so the first real
 * run meets compiled, warmed code. It also plans the run the form's settings
 * ask for (`prepared`). Only the JIT's work and that plan, the same a run
 * makes for itself, outlive it: no number of a later run depends on it.
 * Stops at the next chunk when a request arrives.
 */
async function warm(req: WarmRequest, live: () => boolean): Promise<void> {
  const c = check({ ...req, type: 'run', id: 0 });
  if (!c.ok) return;
  const key = planKey(req);
  prepared = { key, checked: c }; // a run that arrives meanwhile needs not load the text again
  await turn();
  if (!live()) return;
  const p = plan(c);
  if (p.ok) prepared = { key, checked: c, planned: p };
  await turn();
  if (!live()) return;
  const { scenario } = c;
  const threads = helpers.length + 1;
  const n = WARM_REPLICATIONS * threads;
  const sizes: RunSizes = scenario.uncertainty && !req.fixed ? { fixed: false, replications: n, plan: { draws: n, perDraw: 1 } } : { fixed: true, replications: n };
  const manifest = manifestFor(scenario, c.resolvedText, { seed: WARM_SEED, replications: n });
  const planned = planRun(scenario, c.source(), manifest, sizes);
  if (!planned.ok || !live()) return;
  if (!(await replicate(planned.parts, WARM_SEED, planned.accumulator, 1, async () => (await turn(), live())))) return;
  planned.accumulator.finish(planned.manifest, planned.pooling, scenario);
}

/** Replications each thread runs to warm up: the JIT compiles the engine's hot loops within a few. */
const WARM_REPLICATIONS = 12;
const WARM_SEED = 'warm-up';

/** The year the compare table pairs caseload at: the last whole year of the horizon, as `casecast compare` reports it. */
const lastYear = (sc: Scenario): number[] => [Math.max(1, Math.floor(sc.horizon + 1e-9))];

/** Posts progress and lets a newer request in about this often, in ms: a chunk can be quicker than a timer's tick. */
const PROGRESS_MS = 60;
