/**
 * What runs replications, in a pool thread or in this one: the task function
 * piscina calls (its default export), and `runChunk` for in-process runs. It is
 * compiled to dist/worker.js (build.mjs), so threads start in a fraction of a
 * second, compiling nothing.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runChunk, transferables, type ChunkTask } from './task.ts';
import { runVariant } from '../engine/sweep/run.ts';
import { runCalibrationTask } from '../engine/calibration/particle.ts';

export { runChunk, runVariant };

/** Runs one sweep variant (piscina's task named "variant"); only its metrics come back. */
export const variant = runVariant;

/** Runs slots of one calibration generation (piscina's task named "calibrate"). */
export const calibrate = runCalibrationTask;

/** Runs one chunk of replications; its one buffer is moved to the main thread, not copied. */
export default function chunk(task: ChunkTask): unknown {
  const result = runChunk(task);
  return move({
    get [transferableSymbol]() {
      return transferables(result);
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
