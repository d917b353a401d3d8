/**
 * Runs a calibration's generations on worker threads (or in this thread for
 * one worker): each generation's particle slots are split into tasks, and
 * since every slot draws from its own stream and the outcomes are put back in
 * slot order, the generation is the same for any number of workers. Shared by
 * `casecast calibrate` and the calibration benchmark.
 */
import { finishGeneration, outOfReach, planGeneration, type Generation } from '../../engine/calibration/abc.ts';
import type { Calibration } from '../../engine/calibration/load.ts';
import type { CalibrationTask, ParticleSetup } from '../../engine/calibration/particle.ts';
import { prior } from '../../engine/calibration/prior.ts';
import type { GenerationPlan, SlotOutcome } from '../../engine/calibration/smc.ts';
import type { Runner } from '../parallel.ts';

export interface GenerationHooks {
  /** Called before a generation starts. */
  starting?: (plan: GenerationPlan) => void;
  /** Slots filled so far in the running generation. */
  progress?: (filled: number) => void;
  /** Called with each finished generation, after it is added to `done`. */
  finished?: (g: Generation, seconds: number) => void | Promise<void>;
  /** Stop handing out work (Ctrl-C). */
  stopped?: () => boolean;
}

/** Slots per task: a few tasks per thread, so uneven slots still spread evenly and progress moves. */
export const slotsPerTask = (particles: number, workers: number): number => Math.max(1, Math.ceil(particles / (workers > 1 ? workers * 8 : 50)));

/**
 * Runs generations after those in `done` (added to it as they finish) until
 * the method stops; returns why, or null when interrupted.
 */
export async function runGenerations(cal: Calibration, setup: ParticleSetup, runner: Runner, done: Generation[], hooks: GenerationHooks = {}): Promise<string | null> {
  const s = cal.settings;
  const priors = cal.parameters.map((p) => prior(p.prior));
  const stopped = hooks.stopped ?? (() => false);
  for (;;) {
    const next = planGeneration(s, priors, done);
    if ('stop' in next) return next.stop;
    const plan = next.plan;
    hooks.starting?.(plan);
    const started = performance.now();
    const size = slotsPerTask(s.particles, runner.workers);
    const outcomes: SlotOutcome[] = new Array(s.particles);
    let filled = 0;
    await runner.runTasks<CalibrationTask, SlotOutcome[]>(
      'calibrate',
      Math.ceil(s.particles / size),
      (i) => ({ setup, priors: cal.parameters.map((p) => p.prior), plan, first: i * size, count: Math.min(size, s.particles - i * size) }),
      (i, r) => {
        r.forEach((o, k) => (outcomes[i * size + k] = o));
        filled += r.length;
        hooks.progress?.(filled);
      },
      stopped,
    );
    if (stopped()) return null;
    const g = finishGeneration(plan, priors, outcomes);
    if (g === null) return outOfReach(plan);
    done.push(g);
    await hooks.finished?.(g, (performance.now() - started) / 1000);
  }
}
