/** casecast check: its name, options and help. What it does is in cli/handlers/check.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { CheckArgs } from '../handlers/check.ts';
import { allowLargeOption, quietOption, replicationsOption, seedOption } from '../flags.ts';

export const command = 'check <scenario>';
export const describe = 'Compare the simulation with what the evaluation observed: every target, its distance in standard errors and a verdict (a report: exit 0 whatever the verdicts)';

export function builder(y: Argv): Argv<CheckArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file with a targets section' })
    .option('replications', { ...replicationsOption, default: 200 })
    .option('seed', seedOption)
    .option('set', { type: 'string', array: true, describe: 'override a value in the scenario file, path=value (repeatable)' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'stdout: a table, or JSON' })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .example('$0 check scenarios/liverpool-waves-of-hope.yaml', 'every target of the default scenario against the report')
    .example('$0 check scenarios/liverpool-waves-of-hope.yaml --set services.iss.staff.fte=16 --format json', 'with 16 case workers, as JSON') as unknown as Argv<CheckArgs>;
}

export async function handler(argv: CheckArgs): Promise<void> {
  await (await import('../handlers/check.ts')).handler(argv);
}
