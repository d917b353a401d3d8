/**
 * The model benchmark: the default scenario, 1,000 replications over 10 years,
 * run as `casecast run` runs it (in this thread for 1 worker, over a piscina
 * pool otherwise, pool start-up included), then summarised.
 */
import { planRun } from '../engine/pipeline/runs.ts';
import { manifestFor } from '../engine/run.ts';
import { loadWithOverrides, parseOverride } from '../cli/overrides.ts';
import { Runner } from '../cli/parallel.ts';

export const defaultScenario = 'scenarios/liverpool-waves-of-hope.yaml';

export interface ModelResult {
  name: 'model';
  scenario: string;
  horizonYears: number;
  replications: number;
  workers: number;
  seconds: number;
  replicationsPerSecond: number;
}

/** One timed run: simulate, price and summarise `replications` on `workers` threads. */
export async function modelRun(file: string, replications: number, workers: number, horizon = '10 years'): Promise<ModelResult> {
  const loaded = loadWithOverrides(file, [parseOverride(`horizon=${horizon}`)]);
  if (!loaded.ok) throw new Error(`cannot load ${file}`);
  const plan = { seed: '1', replications };
  const manifest = manifestFor(loaded.scenario, loaded.resolvedText, plan);
  const start = performance.now();
  const runner = new Runner(workers);
  try {
    const planned = planRun(loaded.scenario, { file, read: () => undefined, raw: null }, manifest, { fixed: true, replications });
    if (!planned.ok) throw new Error('a run at the point estimate has no draws');
    await runner.replicate(planned.parts, plan.seed, [planned.accumulator], [0]);
    planned.accumulator.finish(planned.manifest);
  } finally {
    await runner.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    name: 'model',
    scenario: loaded.scenario.name,
    horizonYears: loaded.scenario.horizon,
    replications,
    workers,
    seconds: Math.round(seconds * 1000) / 1000,
    replicationsPerSecond: Math.round((replications / seconds) * 10) / 10,
  };
}

/** Median (by time) of `repeats` runs. */
export async function modelMedian(file: string, replications: number, workers: number, repeats: number): Promise<ModelResult> {
  const runs: ModelResult[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await modelRun(file, replications, workers));
  runs.sort((a, b) => a.seconds - b.seconds);
  return runs[runs.length >> 1];
}
