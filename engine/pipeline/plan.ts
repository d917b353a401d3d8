/**
 * A run as parts (replications [first, first + count) of one scenario: the
 * whole run at the point estimate, a draw over parameter draws) cut into
 * chunk tasks, plain data any thread can run; and running them in this
 * thread into accumulators.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { compile, type CompiledModel } from '../model/compile.ts';
import type { Scenario } from '../model/scenario.ts';
import { Accumulator } from './accumulator.ts';
import { replicateChunk, type Chunk, type ChunkOptions } from './pack.ts';

/** sha256 (hex) of a resolved scenario's canonical text. */
export function scenarioHash(resolvedText: string): string {
  return bytesToHex(sha256(utf8ToBytes(resolvedText)));
}

/** Replications [first, first + count) of one scenario; `key` identifies it (its hash), so a thread compiles it once. */
export interface Part {
  scenario: Scenario;
  key: string;
  first: number;
  count: number;
  /** Already compiled, for runs in this thread; never sent to a worker. */
  model?: CompiledModel;
}

/** One chunk of a part, under the run's seed: what a worker thread is handed. */
export interface ChunkTask extends Omit<Part, 'model'> {
  seed: string;
}

/** The parts of a run over draws: draw d's scenario (values[d] laid over the scenario `key` names) on replications [d·R, (d + 1)·R). */
export function drawParts(scenarios: readonly Scenario[], values: readonly (readonly number[])[], key: string, perDraw: number): Part[] {
  return scenarios.map((scenario, d) => ({ scenario, key: drawKey(key, values[d]), first: d * perDraw, count: perDraw }));
}

/**
 * What identifies a draw's scenario to the threads' model cache: the base
 * scenario's hash and the values laid over it, never the draw's number, which
 * names other values under another seed or number of draws.
 */
export const drawKey = (key: string, values: readonly number[]): string => scenarioHash(`${key}:draw:${values.join(',')}`);

/** Parts cut into tasks of at most `size` replications; `owner[i]` is the index of task i's part. */
export function chunkTasks(parts: readonly Part[], seed: string, size: number): { tasks: ChunkTask[]; owner: number[] } {
  const tasks: ChunkTask[] = [];
  const owner: number[] = [];
  parts.forEach((p, i) => {
    for (let first = p.first; first < p.first + p.count; first += size) {
      tasks.push({ scenario: p.scenario, key: p.key, seed, first, count: Math.min(size, p.first + p.count - first) });
      owner.push(i);
    }
  });
  return { tasks, owner };
}

const models = new Map<string, CompiledModel>();

/** A task's compiled model, compiled once per scenario per thread (a few kept). */
export function modelFor(key: string, scenario: Scenario): CompiledModel {
  let m = models.get(key);
  if (!m) {
    if (models.size >= 8) models.clear();
    models.set(key, (m = compile(scenario)));
  }
  return m;
}

/** Runs one task: its replications simulated, priced and packed. */
export function runChunkTask(task: ChunkTask, opts: ChunkOptions = {}): Chunk {
  return replicateChunk(modelFor(task.key, task.scenario), task.seed, task.first, task.count, { name: task.scenario.name, ...opts });
}

/**
 * Runs parts in this thread into one accumulator per group (`groupOf[i]` is
 * part i's), chunk by chunk; `onChunk` hears the replications done so far
 * and may pause (a viewer lets newer requests in), or stop the run by
 * returning false.
 */
export async function runHere(parts: readonly Part[], seed: string, accumulators: readonly Accumulator[], groupOf: readonly number[], size: number, onChunk?: (done: number) => boolean | Promise<boolean>): Promise<boolean> {
  const { tasks, owner } = chunkTasks(parts, seed, size);
  const compiled = parts.map((p) => p.model ?? compile(p.scenario));
  let done = 0;
  for (let i = 0; i < tasks.length; i++) {
    const t = tasks[i];
    accumulators[groupOf[owner[i]]].add(replicateChunk(compiled[owner[i]], seed, t.first, t.count));
    done += tasks[i].count;
    if (onChunk && (await onChunk(done)) === false) return false;
  }
  return true;
}

/** The same, synchronously, for a single accumulator (tests, small runs). */
export function runHereSync(parts: readonly Part[], seed: string, acc: Accumulator, size = 25): Accumulator {
  const compiled = parts.map((p) => p.model ?? compile(p.scenario));
  const { tasks, owner } = chunkTasks(parts, seed, size);
  tasks.forEach((t, i) => acc.add(replicateChunk(compiled[owner[i]], seed, t.first, t.count)));
  return acc;
}
