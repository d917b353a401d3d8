/** casecast calibrate: its name, options and help. What it does is in cli/handlers/calibrate.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { CalibrateArgs } from '../handlers/calibrate.ts';
import { paramExample } from '../calibrate/params.ts';
import { quietOption, workersOption } from '../flags.ts';

export const command = 'calibrate <file>';
export const describe = "Fit parameters to the scenario's targets by ABC-SMC: a posterior sample, its record, and an overlay scenario with the posterior means; resumable";

export function builder(y: Argv): Argv<CalibrateArgs> {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'calibration file (base scenario, parameters with priors, method), or a scenario with targets and --param' })
    .option('param', { alias: 'p', type: 'string', array: true, describe: `a parameter to fit, name=path[,path]~prior, e.g. ${paramExample}; priors uniform(min,max), triangular(min,mode,max), normal(mean,sd[,min,max]), lognormal(mean,sd), gamma(mean,sd), beta(mean,sd), in the unit the scenario writes at the path (repeatable; replaces a file's parameter of that name)` })
    .option('out', { alias: 'o', type: 'string', describe: 'folder for posterior.csv, posterior.json, calibrated.yaml and the journal (default out/<file name>)' })
    .option('overlay', { type: 'string', describe: 'also write the calibrated overlay beside the base scenario under this file name, e.g. liverpool-calibrated.yaml' })
    .option('workers', workersOption)
    .option('particles', { type: 'number', describe: "particles per generation (over the file's method.particles)" })
    .option('generations', { type: 'number', describe: 'most ABC-SMC generations, the first from the priors included' })
    .option('moves', { type: 'number', describe: 'Metropolis–Hastings moves of every particle at the end (kernel gaussian)' })
    .option('replications', { alias: 'r', type: 'number', describe: 'replications per particle' })
    .option('seed', { alias: 's', type: 'string', describe: 'master random seed' })
    .option('restart', { type: 'boolean', default: false, describe: 'discard the generations already in --out and start again' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'stdout: tables, or posterior.json' })
    .option('quiet', quietOption)
    .example('$0 calibrate scenarios/calibration/liverpool.yaml', 'fit the default scenario to its report; files in out/liverpool; Ctrl-C and run again to continue')
    .example(`$0 calibrate scenarios/liverpool-waves-of-hope.yaml ${paramExample} --param 'fte=services.iss.staff.fte~uniform(10,22)'`, 'two parameters from the command line, against every target of the scenario')
    .example('$0 calibrate scenarios/calibration/liverpool.yaml --particles 100 --moves 10 -o out/quick', 'a quick, rough calibration')
    .example('$0 calibrate scenarios/calibration/liverpool.yaml --overlay liverpool-waves-of-hope-calibrated.yaml', 'also write the overlay beside the base scenario') as unknown as Argv<CalibrateArgs>;
}

export async function handler(argv: CalibrateArgs): Promise<void> {
  await (await import('../handlers/calibrate.ts')).handler(argv);
}
