/** casecast run: its name, options and help. What it does is in cli/handlers/run.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { RunArgs } from '../handlers/run.ts';
import { allowLargeOption, drawOptions, quietOption, seedOption, workersOption } from '../flags.ts';

export const command = 'run <scenario>';
export const describe = 'Simulate a scenario: caseload, capacity, waiting, flows and the invest-to-save case';

export function builder(y: Argv): Argv<RunArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('replications', drawOptions.replications)
    .option('draws', drawOptions.draws)
    .option('fixed', drawOptions.fixed)
    .option('seed', seedOption)
    .option('horizon', { type: 'string', describe: 'override the horizon, e.g. "5 years" (same as --set horizon=...)' })
    .option('set', { type: 'string', array: true, describe: 'override a value in the scenario file, path=value (repeatable); validated like the file' })
    .option('workers', workersOption)
    .option('out', { alias: 'o', type: 'string', describe: 'folder to write results.json, series.csv (and series-wide.csv, a column a series), ledger.csv, manifest.json and casecast.xlsx' })
    .option('format', { alias: 'f', choices: ['table', 'json', 'csv', 'xlsx'] as const, default: 'table' as const, describe: 'stdout: table, the results contract as JSON, series.csv, or the Excel workbook (stdout redirected to a file)' })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml', '200 parameter draws × 5 replications: headline figures with uncertainty intervals')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml -r 2000 --out out/lwoh', '400 draws; also write results.json, series.csv, ledger.csv, manifest.json, casecast.xlsx')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml --fixed', 'the point estimate alone, 100 replications (Monte Carlo error only)')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml --set services.iss.staff.fte=20 --horizon "5 years"', 'what if: 20 case workers, over 5 years')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml -r 500 --seed 7 --format json > results.json', 'the results contract as JSON')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml --format csv --workers 1', 'series.csv on stdout, in this thread') as unknown as Argv<RunArgs>;
}

export async function handler(argv: RunArgs): Promise<void> {
  await (await import('../handlers/run.ts')).handler(argv);
}
