/** casecast compare: its name, options and help. What it does is in cli/handlers/compare.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { CompareArgs } from '../handlers/compare.ts';
import { defaultDraws, defaultReplications } from '../../engine/uncertainty/defaults.ts';
import { InputError } from '../errors.ts';
import { allowLargeOption, compareOutputs, quietOption, replicationsOption, seedOption, workersOption } from '../flags.ts';

export const command = 'compare <scenarios..>';
export const describe = 'Compare scenarios on common random numbers and shared parameter draws: paired differences with their uncertainty interval and Monte Carlo error, and what differs in the files';

export function builder(y: Argv): Argv<CompareArgs> {
  return y
    .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files; each is compared with the first' })
    .option('replications', { ...replicationsOption, default: undefined, describe: `replications of each scenario in all (default ${defaultReplications.draws} over the first scenario's parameter draws, ${defaultReplications.fixed} with --fixed)` })
    .option('draws', { type: 'number', describe: `parameter draws the replications are shared among (default one per ${defaultDraws.perDraw}); the first scenario's uncertainty section gives them` })
    .option('fixed', { type: 'boolean', default: false, describe: 'compare the point estimates alone: differences with their Monte Carlo error only' })
    .option('seed', seedOption)
    .option('years', { type: 'number', array: true, describe: 'years at which to compare caseload and waiting (default 1 3 5 and the last)' })
    .option('workers', workersOption)
    .option('format', { alias: 'f', choices: ['table', 'json', 'csv', 'xlsx'] as const, default: 'table' as const, describe: 'stdout: the tables, the comparison as JSON, its paired differences as CSV, or the Excel workbook (stdout redirected to a file)' })
    .option('out', { alias: 'o', type: 'string', describe: `folder to write ${compareOutputs.join(', ')}` })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .check((a) => {
      if ((a.scenarios as string[]).length < 2) throw new InputError('compare needs at least two scenario files');
      return true;
    })
    .example('$0 compare scenarios/liverpool-waves-of-hope.yaml scenarios/liverpool-waves-of-hope-more-staff.yaml', '15.3 against 20 case workers over 200 shared parameter draws × 5 paired replications')
    .example('$0 compare scenarios/liverpool-waves-of-hope.yaml scenarios/liverpool-waves-of-hope-more-staff.yaml --fixed', 'the point estimates alone, 100 paired replications')
    .example('$0 compare scenarios/liverpool-waves-of-hope.yaml scenarios/liverpool-waves-of-hope-discharge.yaml scenarios/liverpool-waves-of-hope-funding-cliff.yaml -r 500', 'two variants, each against the default')
    .example('$0 compare a.yaml b.yaml --years 2 4 --format json > compare.json', 'as JSON')
    .example('$0 compare a.yaml b.yaml --out out/a-b', `also write ${compareOutputs.join(', ')}`) as unknown as Argv<CompareArgs>;
}

export async function handler(argv: CompareArgs): Promise<void> {
  await (await import('../handlers/compare.ts')).handler(argv);
}
