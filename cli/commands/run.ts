import type { Argv } from 'yargs';
import { runScenario } from '../../engine/run.ts';
import { formatProblems } from '../../engine/model/problems.ts';
import { readScenarioFile } from '../files.ts';
import { InputError } from '../errors.ts';
import { formatEconomics } from '../economics-report.ts';
import { formatRun } from '../report.ts';

export interface RunArgs {
  scenario: string;
  replications: number;
  seed: string;
  format: 'table' | 'json';
}

export const command = 'run <scenario>';
export const describe = 'Simulate a scenario and report caseload, capacity, waiting and flows';

export function builder(y: Argv): Argv<RunArgs> {
  return y
    .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('replications', { alias: 'r', type: 'number', default: 100, describe: 'independent replications' })
    .option('seed', { alias: 's', type: 'string', default: '1', describe: 'master random seed' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' })
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml', '100 replications, a table by year')
    .example('$0 run scenarios/liverpool-waves-of-hope.yaml -r 500 --seed 7 --format json > results.json', 'the results contract as JSON') as Argv<RunArgs>;
}

export function handler(argv: RunArgs): void {
  if (!Number.isInteger(argv.replications) || argv.replications < 1) {
    throw new InputError(`--replications must be a whole number ≥ 1, got ${argv.replications}`);
  }
  const loaded = readScenarioFile(argv.scenario);
  if (!loaded.ok) throw new InputError(formatProblems(loaded.errors));
  const results = runScenario(loaded.scenario, loaded.resolvedText, { seed: argv.seed, replications: argv.replications });
  if (argv.format === 'json') return void process.stdout.write(`${JSON.stringify(results)}\n`);
  const economics = results.economics ? formatEconomics(results.economics, loaded.scenario) : '';
  process.stdout.write(`${formatRun(results, loaded.scenario)}\n${economics}${economics && '\n'}`);
}
