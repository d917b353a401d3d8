/**
 * Runs a scenario's replications over worker threads (piscina), or in this
 * thread when there is one worker, and puts the outputs back in replication
 * order, so the summary is the same whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Piscina } from 'piscina';
import type { Appraisal } from '../engine/economics/appraisal.ts';
import type { Ledger } from '../engine/economics/types.ts';
import type { ReplicationOutput } from '../engine/model/record.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import type { Metrics } from '../engine/sweep/metrics.ts';
import type { VariantTask } from '../engine/sweep/run.ts';
import { packageRoot } from './package-root.ts';
import type { ChunkResult, ChunkTask } from './task.ts';

type RunChunk = (task: ChunkTask) => ChunkResult;

/** The compiled worker-thread entry (dist/worker.js, from cli/worker-entry.ts: `npm run build`), run by the pool threads and, for one worker, in this thread. */
export const workerUrl = (): string => pathToFileURL(join(packageRoot(), 'dist', 'worker.js')).href;

/** A run that failed after its input was accepted: exit code 1. */
export class RunError extends Error {}

export interface Replicated {
  outputs: ReplicationOutput[];
  /** One per replication when the scenario has economics, else null. */
  appraisals: Appraisal[] | null;
  ledgers: Ledger[] | null;
}

export const defaultWorkers = (): number => availableParallelism();

/** Chunk size: a few replications per task, so work spreads evenly and progress moves smoothly. */
export function chunkSize(replications: number, workers: number): number {
  return Math.max(1, Math.ceil(replications / (workers * (workers > 1 ? 8 : 50))));
}

export class Runner {
  readonly workers: number;
  private pool: Piscina | null = null;

  constructor(workers: number) {
    this.workers = workers;
  }

  /** Replications [0, replications) of a validated scenario under one seed; `key` identifies the scenario (its hash). */
  async run(scenario: Scenario, key: string, seed: string, replications: number, onProgress?: (done: number) => void): Promise<Replicated> {
    const [run] = await this.runDraws([{ scenario, key, first: 0, count: replications }], seed, onProgress);
    return run;
  }

  /**
   * Several runs at once, each replications [first, first + count) of its own
   * scenario under one seed (the draws of a run over parameter draws), spread
   * over the workers together so none waits for another; in the order given.
   */
  async runDraws(runs: readonly { scenario: Scenario; key: string; first: number; count: number }[], seed: string, onProgress?: (done: number) => void): Promise<Replicated[]> {
    const total = runs.reduce((s, r) => s + r.count, 0);
    const workers = Math.min(this.workers, total);
    const size = chunkSize(total, workers);
    const tasks: ChunkTask[] = [];
    const owner: number[] = [];
    runs.forEach((r, i) => {
      for (let first = r.first; first < r.first + r.count; first += size) {
        tasks.push({ key: r.key, scenario: r.scenario, seed, first, count: Math.min(size, r.first + r.count - first) });
        owner.push(i);
      }
    });
    const chunks: ChunkResult[] = new Array(tasks.length);
    let done = 0;
    const finished = (i: number, r: ChunkResult): void => {
      chunks[i] = r;
      done += r.outputs.length;
      onProgress?.(done);
    };
    if (workers <= 1) {
      const { runChunk } = (await import(workerUrl())) as { runChunk: RunChunk };
      for (let i = 0; i < tasks.length; i++) {
        finished(i, this.guard(() => runChunk(tasks[i])));
        await yieldToEventLoop(); // lets the progress bar draw
      }
    } else {
      const pool = this.poolFor(workers, workerUrl());
      try {
        await Promise.all(tasks.map((t, i) => pool.run(t).then((r: ChunkResult) => finished(i, r))));
      } catch (err) {
        await this.close();
        throw this.failure(err);
      }
    }
    return runs.map((_, i) => assemble(chunks.filter((_, c) => owner[c] === i)));
  }

  /**
   * Runs `count` sweep variants, one task each (built by `taskOf` only when it
   * is handed out), calling `onDone` as each finishes (in any order). Stops handing out work once `stopped()` says so; variants in
   * progress then are dropped, to be run again on resume.
   */
  async runVariants(count: number, taskOf: (i: number) => VariantTask, onDone: (i: number, m: Metrics) => void, stopped: () => boolean): Promise<void> {
    return this.runTasks<VariantTask, Metrics>('variant', count, taskOf, onDone, stopped);
  }

  /**
   * Runs `count` tasks of the worker entry's export `name` (in this thread for
   * one worker), each built by `taskOf` only when it is handed out, calling
   * `onDone` as each finishes (in any order). Stops handing out work once
   * `stopped()` says so; tasks in progress then are dropped.
   */
  async runTasks<T, R>(name: string, count: number, taskOf: (i: number) => T, onDone: (i: number, r: R) => void, stopped: () => boolean): Promise<void> {
    const workers = Math.min(this.workers, count);
    if (workers <= 1) {
      const run = ((await import(workerUrl())) as Record<string, (t: T) => R>)[name];
      for (let i = 0; i < count && !stopped(); i++) {
        onDone(i, this.guard(() => run(taskOf(i))));
        await yieldToEventLoop(); // lets the progress bar draw and Ctrl-C be heard
      }
      return;
    }
    const pool = this.poolFor(workers, workerUrl());
    // A window of two tasks a thread keeps every thread busy without queueing them all.
    let next = 0;
    const feed = async (): Promise<void> => {
      while (next < count && !stopped()) {
        const i = next++;
        const r = (await pool.run(taskOf(i), { name })) as R;
        if (!stopped()) onDone(i, r);
      }
    };
    try {
      await Promise.all(Array.from({ length: workers * 2 }, feed));
    } catch (err) {
      if (stopped()) return; // the pool was closed under running tasks on purpose
      await this.close();
      throw this.failure(err);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.destroy();
  }

  private poolFor(workers: number, filename: string): Piscina {
    this.pool ??= new Piscina({
      filename,
      // The worker is plain JavaScript: threads need none of the parent's loaders (vitest's, say).
      execArgv: [],
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      atomics: 'disabled',
    });
    return this.pool;
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      throw this.failure(err);
    }
  }

  private failure(err: unknown): RunError {
    const message = err instanceof Error ? err.message : String(err);
    const e = new RunError(`the run failed: ${message}`, { cause: err });
    if (err instanceof Error && err.stack) e.stack = `${e.name}: ${e.message}\n  caused by ${err.stack}`;
    return e;
  }
}

function assemble(chunks: ChunkResult[]): Replicated {
  const outputs: ReplicationOutput[] = [];
  const appraisals: Appraisal[] = [];
  const ledgers: Ledger[] = [];
  for (const c of chunks) {
    outputs.push(...c.outputs);
    appraisals.push(...c.appraisals);
    for (const amounts of c.ledgers) ledgers.push({ years: c.ledgerYears, lines: c.ledgerLines!, amounts });
  }
  const priced = appraisals.length === outputs.length && outputs.length > 0;
  return { outputs, appraisals: priced ? appraisals : null, ledgers: priced ? ledgers : null };
}
