/**
 * The sweep benchmark: a one-way sweep of the default scenario over its first
 * `parameters` costed inputs (service-use rates and unit costs, each ±20%),
 * 2 × parameters + 1 variants × `replications`, run as `casecast sweep` runs
 * them (every variant validated first, then one task per variant on a piscina
 * pool, or in this thread for 1 worker), without writing files.
 */
import { stringify } from 'yaml';
import { variantRecord } from '../engine/sweep/analysis.ts';
import { summarizeSweep } from '../engine/sweep/analysis.ts';
import { sweepInfo } from '../engine/sweep/info.ts';
import { loadSweep } from '../engine/sweep/load.ts';
import { readQuantity } from '../engine/sweep/quantity.ts';
import { checkVariants, planVariants, variantTask } from '../engine/sweep/variants.ts';
import type { VariantRecord } from '../engine/sweep/analysis.ts';
import { isMap, rawChain } from '../engine/model/raw.ts';
import { readTextFile } from '../cli/files.ts';
import { Runner } from '../cli/parallel.ts';
import { defaultScenario } from './model.ts';

export interface SweepResult {
  name: 'sweep';
  variants: number;
  replications: number;
  workers: number;
  seconds: number;
  runsPerSecond: number;
}

const FILE = 'scenarios/sweeps/(benchmark).yaml';

/** Costed inputs of the default scenario, as sweep parameters at ±20%. */
function sweepText(parameters: number, replications: number): string {
  const raw = rawChain(readTextFile(defaultScenario)!, defaultScenario, (p) => readTextFile(p)) as Record<string, unknown>;
  const econ = raw.economics as Record<string, unknown>;
  const paths: string[] = [];
  const walk = (v: unknown, path: string[]): void => {
    if (isMap(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    else if (readQuantity(v)?.value) paths.push(path.join('.'));
  };
  walk(econ.counterfactual, ['economics', 'counterfactual']);
  walk(econ.use, ['economics', 'use']);
  for (const [name, u] of Object.entries(econ.unitCosts as Record<string, unknown>)) walk((u as Record<string, unknown>).cost, ['economics', 'unitCosts', name, 'cost']);
  if (paths.length < parameters) throw new Error(`the default scenario has only ${paths.length} costed inputs`);
  const params: Record<string, unknown> = {};
  paths.slice(0, parameters).forEach((path, i) => {
    const q = readQuantity(path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], raw))!;
    const at = (f: number): string | number => (q.suffix ? `${Number((q.value * f).toPrecision(6))}${q.suffix}` : Number((q.value * f).toPrecision(6)));
    params[`p${i + 1}`] = { path, low: at(0.8), high: at(1.2) };
  });
  return stringify({ sweep: 'benchmark', base: '../liverpool-waves-of-hope.yaml', design: 'oneway', replications, seed: 1, parameters: params });
}

/** One timed sweep, validation included. */
export async function sweepRun(parameters: number, replications: number, workers: number, variantsCap?: number): Promise<SweepResult> {
  const text = sweepText(parameters, replications);
  const read = (p: string): string | undefined => (p === FILE ? text : readTextFile(p));
  const start = performance.now();
  const cache = new Map();
  const loaded = loadSweep(FILE, read, cache);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const sweep = loaded.sweep;
  const variants = planVariants(sweep).slice(0, variantsCap);
  const problems = checkVariants(sweep, variants, read, cache);
  if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
  const records: VariantRecord[] = [];
  const runner = new Runner(workers);
  try {
    await runner.runVariants(variants.length, (i) => variantTask(sweep, variants[i], read, cache), (i, m) => void records.push(variantRecord(variants[i], m)), () => false);
  } finally {
    await runner.close();
  }
  summarizeSweep(sweepInfo(sweep), records.sort((a, b) => a.variant - b.variant));
  const seconds = (performance.now() - start) / 1000;
  return { name: 'sweep', variants: variants.length, replications, workers, seconds: Math.round(seconds * 1000) / 1000, runsPerSecond: Math.round((variants.length * replications) / seconds) };
}
