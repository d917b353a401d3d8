/** Checks on the values of the options the commands share (cli/flags.ts defines them). */
import { availableParallelism } from 'node:os';
import { allowLargeFlag, describeWorkProblem, type WorkProblem } from '../engine/model/work.ts';
import { InputError } from './errors.ts';
import { writeErr } from './terminal.ts';

export function checkWhole(name: string, v: number | undefined, min: number): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min) throw new InputError(`--${name} must be a whole number ≥ ${min}, got ${v}`);
}

/**
 * Worker threads for a run: as asked, or by default one per core, but no more
 * than one per 50 replications, since starting a thread costs about as much as
 * 50 replications of the default scenario (so short runs stay in this thread).
 * More threads than cores only cost memory, so an ask beyond the cores is
 * clamped to them, with a note on stderr.
 */
export function workersFrom(v: number | undefined, replications: number, quiet = false): number {
  checkWhole('workers', v, 1);
  const cores = availableParallelism(); // as parallel.ts's defaultWorkers, without loading the pool here
  if (v !== undefined && v > cores) {
    if (!quiet) writeErr(`note: --workers ${v} is more than the ${cores} cores here; using ${cores}\n`);
    return cores;
  }
  return v ?? Math.max(1, Math.min(cores, Math.floor(replications / 50)));
}

/**
 * Refuses a run whose estimated work is beyond the limits, unless
 * --allow-large: one line per problem, headed by what it is about (a file, a
 * sweep variant).
 */
export function checkWork(what: string, problems: readonly WorkProblem[], allowLarge: boolean): void {
  if (problems.length === 0 || allowLarge) return;
  const text = problems.map((p) => `${what}  ${describeWorkProblem(p)}`).join('\n\n');
  throw new InputError(`${text}\n(casecast estimates a run's work before running it; ${allowLargeFlag} lifts the limits)`);
}
