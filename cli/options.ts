/** Options shared by run and compare, and their checks. */
import type { Options } from 'yargs';
import { InputError } from './errors.ts';
import { defaultWorkers } from './parallel.ts';

export const replicationsOption: Options = { alias: 'r', type: 'number', default: 100, describe: 'independent replications' };
export const seedOption: Options = { alias: 's', type: 'string', default: '1', describe: 'master random seed' };
export const workersOption: Options = {
  alias: 'w',
  type: 'number',
  describe: 'worker threads (default: the number of cores, at most one per 50 replications); 1 runs in this thread. Results are identical for any number',
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
 */
export function workersFrom(v: number | undefined, replications: number): number {
  checkWhole('workers', v, 1);
  return v ?? Math.max(1, Math.min(defaultWorkers(), Math.floor(replications / 50)));
}
