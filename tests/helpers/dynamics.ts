/** Shared helpers for the dynamics tests: scenarios from YAML text, replications, and summary statistics. */
import { RandomStreams } from '../../engine/des/rng.ts';
import { compile, type CompiledModel } from '../../engine/model/compile.ts';
import { parseScenarioText } from '../../engine/model/load.ts';
import { simulateReplication, type ReplicationOptions } from '../../engine/model/pathway.ts';
import { formatProblems } from '../../engine/model/problems.ts';
import type { ReplicationOutput } from '../../engine/model/record.ts';
import type { Scenario } from '../../engine/model/scenario.ts';

/** A scenario from YAML text, or the loader's problems as the test's failure. */
export function fromYaml(text: string): Scenario {
  const r = parseScenarioText(text, 'test.yaml');
  if (!r.ok) throw new Error(formatProblems(r.errors));
  return r.scenario;
}

/** Compiles YAML text. */
export function modelOf(text: string): CompiledModel {
  return compile(fromYaml(text));
}

/** R replications of a model on one seed. */
export function replicate(model: CompiledModel, seed: string, R: number, options: ReplicationOptions = {}): ReplicationOutput[] {
  return Array.from({ length: R }, (_, k) => simulateReplication(model, new RandomStreams(seed, k), options));
}

/** A dynamics series of one replication by name (fails the test when the model has no such series). */
export function dyn(model: CompiledModel, out: ReplicationOutput, name: string): Float64Array {
  const i = model.dynamics.findIndex((d) => d.name === name);
  if (i < 0) throw new Error(`no dynamics series ${name}: have ${model.dynamics.map((d) => d.name).join(', ')}`);
  return out.dynamics[i];
}

/** Mean of x[from..]. */
export function meanFrom(x: ArrayLike<number>, from = 0): number {
  let s = 0;
  for (let k = from; k < x.length; k++) s += x[k];
  return s / (x.length - from);
}

export function sum(x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k];
  return s;
}

/** Mean and standard error of the mean over independent replications. */
export function meanSe(xs: number[]): { mean: number; se: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(v / n) };
}
