/**
 * One task of a run: a chunk of consecutive replications of a scenario,
 * simulated, priced and packed into one Float64Array (engine/pipeline). The
 * same function runs in-process (one worker) and inside each pool thread
 * (dist/worker.js), so any split of a run gives the same rows.
 */
import type { Chunk } from '../engine/pipeline/pack.ts';
import { runChunkTask, type ChunkTask } from '../engine/pipeline/plan.ts';

export type { Chunk, ChunkTask };

/**
 * Test hook, read only here: CASECAST_TEST_FAIL_REPLICATION=k makes replication
 * k throw, so tests can check that a failing worker is reported and never hangs.
 */
function injectedFailure(k: number): void {
  const v = process.env.CASECAST_TEST_FAIL_REPLICATION;
  if (v !== undefined && v !== '' && Number(v) === k) {
    throw new Error(`test failure injected at replication ${k} (CASECAST_TEST_FAIL_REPLICATION)`);
  }
}

/** Simulates, prices and packs replications [first, first + count). */
export function runChunk(task: ChunkTask): Chunk {
  return runChunkTask(task, { before: injectedFailure });
}

/** The one buffer behind a chunk, to move (not copy) it across threads. */
export function transferables(c: Chunk): ArrayBuffer[] {
  return c.data.buffer instanceof ArrayBuffer ? [c.data.buffer] : [];
}
