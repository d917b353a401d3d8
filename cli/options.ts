/** Options shared by run and compare, and their checks. */
import type { Options } from 'yargs';
import { allowLargeFlag, describeWorkProblem, type WorkProblem } from '../engine/model/work.ts';
import { defaultDraws, defaultReplications } from '../engine/uncertainty/run.ts';
import { InputError } from './errors.ts';
import { defaultWorkers } from './parallel.ts';
import { writeErr } from './terminal.ts';

export const replicationsOption: Options = { alias: 'r', type: 'number', default: 100, describe: 'independent replications' };
/** Replications, draws and --fixed, as run and report size a run (engine/uncertainty/run.ts runSizes). */
export const drawOptions: Record<'replications' | 'draws' | 'fixed', Options> = {
  replications: { ...replicationsOption, default: undefined, describe: `replications in all (default ${defaultReplications.draws} over parameter draws, ${defaultReplications.fixed} with --fixed or a scenario without an uncertainty section)` },
  draws: { type: 'number', describe: `parameter draws the replications are shared among (default one per ${defaultDraws.perDraw} replications); only for a scenario with an uncertainty section` },
  fixed: { type: 'boolean', default: false, describe: 'run the point estimate alone: no parameter draws, intervals are the Monte Carlo error only' },
};
export const seedOption: Options = { alias: 's', type: 'string', default: '1', describe: 'master random seed' };
export const workersOption: Options = {
  alias: 'w',
  type: 'number',
  describe: 'worker threads (default: the number of cores, at most one per 50 replications); 1 runs in this thread. Results are identical for any number',
};
export const allowLargeOption: Options = {
  type: 'boolean',
  default: false,
  describe: 'run even when the work estimated before the run (people, events, reporting periods, memory for results) is beyond the limits that keep a run within a 24 GB machine and a few hours',
};
export const quietOption: Options = { alias: 'q', type: 'boolean', default: false, describe: 'no progress bar or notes on stderr' };

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
  const cores = defaultWorkers();
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

/** Options whose value is text that may start with a minus sign: "--horizon -5 years" must not read "-5 years" as flags. */
const textOptions: Record<string, string> = { '--horizon': '--horizon', '--set': '--set', '--out': '--out', '-o': '--out', '--seed': '--seed', '-s': '--seed', '--shard': '--shard' };

/** Joins such an option with a following value that starts with "-" and a digit or a point ("-5 years", "-0.5"), as "--horizon=-5 years". */
export function dashValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const long = textOptions[args[i]];
    const next = args[i + 1];
    if (long !== undefined && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${long}=${next}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}
