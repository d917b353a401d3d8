/**
 * The options the commands share, as yargs reads them (names, defaults, help
 * text), and the argument fix-up before parsing. Light: the command
 * definitions and cli/main.ts load this and nothing heavier, so --help and
 * --version start fast; the checks on the values are in cli/options.ts.
 */
import type { Options } from 'yargs';
import { defaultDraws, defaultReplications } from '../engine/uncertainty/defaults.ts';

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

/** The files compare --out writes: the folder may hold only these, since it is replaced whole. */
export const compareOutputs = ['compare.json', 'compare.csv', 'compare.xlsx'];

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
