/**
 * Runs a scenario's replications over worker threads (piscina), or in this
 * thread when there is one worker. Each chunk comes back as one buffer of
 * rows and goes straight into its run's accumulator, which places rows by
 * replication index, so the summary is the same whatever the number of workers.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Piscina } from 'piscina';
import type { Accumulator } from '../engine/pipeline/accumulator.ts';
import { chunkTasks, type Part } from '../engine/pipeline/plan.ts';
import type { Metrics } from '../engine/sweep/metrics.ts';
import type { VariantTask } from '../engine/sweep/run.ts';
import { packageRoot } from './package-root.ts';
import type { Chunk, ChunkTask } from './task.ts';

type RunChunk = (task: ChunkTask) => Chunk;

/** The compiled worker-thread entry (dist/worker.js, from cli/worker-entry.ts: `npm run build`), run by the pool threads and, for one worker, in this thread. */
export const workerUrl = (): string => pathToFileURL(join(packageRoot(), 'dist', 'worker.js')).href;

/** A run that failed after its input was accepted: exit code 1. */
export class RunError extends Error {}

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

  /**
   * Runs parts (replications [first, first + count) of a scenario each: a
   * whole run, or the draws of runs over parameter draws) under one seed,
   * spread over the workers together so none waits for another; part i's
   * rows go into `accumulators[groupOf[i]]`, in whatever order chunks finish.
   */
  async replicate(parts: readonly Part[], seed: string, accumulators: readonly Accumulator[], groupOf: readonly number[], onProgress?: (done: number) => void): Promise<void> {
    const total = parts.reduce((s, r) => s + r.count, 0);
    const workers = Math.min(this.workers, total);
    const { tasks, owner } = chunkTasks(parts, seed, chunkSize(total, workers));
    let done = 0;
    const finished = (i: number, c: Chunk): void => {
      accumulators[groupOf[owner[i]]].add(c);
      done += c.count;
      onProgress?.(done);
    };
    if (workers <= 1) {
      const { runChunk } = (await import(workerUrl())) as { runChunk: RunChunk };
      for (let i = 0; i < tasks.length; i++) {
        finished(i, this.guard(() => runChunk(tasks[i])));
        await yieldToEventLoop(); // lets the progress bar draw
      }
      return;
    }
    const pool = this.poolFor(workers, workerUrl());
    try {
      await Promise.all(tasks.map((t, i) => pool.run(t).then((c: Chunk) => finished(i, c))));
    } catch (err) {
      await this.close();
      throw this.failure(err);
    }
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
