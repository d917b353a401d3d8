/**
 * The calibration benchmark: `casecast calibrate` of the default scenario with
 * scenarios/calibration/liverpool.yaml, as the command runs it (the file
 * loaded and checked, every generation on a piscina pool or in this thread
 * for 1 worker, the check of every target at the posterior mean), without
 * writing files. The median of `repeats` runs.
 */
import { calibrationResult } from '../engine/calibration/outputs.ts';
import { loadCalibration } from '../engine/calibration/load.ts';
import { particleSetup } from '../engine/calibration/particle.ts';
import type { Generation } from '../engine/calibration/abc.ts';
import { readTextFile, realpath } from '../cli/files.ts';
import { Runner } from '../cli/parallel.ts';
import { runGenerations } from '../cli/calibrate/run.ts';

export const defaultCalibration = 'scenarios/calibration/liverpool.yaml';

export interface CalibrateResult {
  name: 'calibrate';
  file: string;
  workers: number;
  particles: number;
  generations: number;
  simulations: number;
  replicationsRun: number;
  consistent: string;
  seconds: number;
  repeats: number;
}

/** One timed calibration, loading and the final check included. */
export async function calibrateRun(file: string, workers: number, over: Record<string, unknown> = {}): Promise<Omit<CalibrateResult, 'repeats'>> {
  const start = performance.now();
  const read = (p: string): string | undefined => readTextFile(p);
  const cache = new Map();
  const loaded = loadCalibration(file, read, { cache, realpath, method: over });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  const cal = loaded.calibration;
  const done: Generation[] = [];
  const runner = new Runner(workers);
  let stopped: string | null;
  try {
    stopped = await runGenerations(cal, particleSetup(cal, read, cache), runner, done);
  } finally {
    await runner.close();
  }
  const result = calibrationResult(cal, done, stopped ?? 'interrupted', file, read, cache);
  const seconds = (performance.now() - start) / 1000;
  const simulations = done.reduce((a, g) => a + g.simulations, 0);
  return {
    name: 'calibrate',
    file,
    workers,
    particles: cal.settings.particles,
    generations: done.length,
    simulations,
    replicationsRun: simulations * cal.settings.replications + 2 * cal.check,
    consistent: `${result.record.check.consistent} of ${result.check.length}`,
    seconds: Math.round(seconds * 10) / 10,
  };
}

/** The median of `repeats` timed calibrations. */
export async function calibrateMedian(file: string, workers: number, repeats: number, over: Record<string, unknown> = {}): Promise<CalibrateResult> {
  const runs: Omit<CalibrateResult, 'repeats'>[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await calibrateRun(file, workers, over));
  runs.sort((a, b) => a.seconds - b.seconds);
  return { ...runs[runs.length >> 1], repeats };
}
