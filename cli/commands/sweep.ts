/** casecast sweep: its name, options and help. What it does is in cli/handlers/sweep.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { SweepArgs } from '../handlers/sweep.ts';
import { allowLargeOption, quietOption, workersOption } from '../flags.ts';

export const command = 'sweep <sweep>';
export const describe = 'Run a sensitivity sweep or PSA: every variant on common random numbers; resumable and shardable';

export function builder(y: Argv): Argv<SweepArgs> {
  return y
    .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep file (YAML or JSON): base scenario, design and parameters' })
    .option('out', { alias: 'o', type: 'string', describe: 'folder for results.jsonl, results.csv, tornado.csv, summary.json, manifest.json (default out/<sweep file name>)' })
    .option('workers', workersOption)
    .option('shard', { type: 'string', describe: 'run share i of n (1-based), e.g. 2/4; combine the folders with casecast merge' })
    .option('summary', { type: 'boolean', default: false, describe: 'print the summary of the finished sweep in --out, running nothing' })
    .option('restart', { type: 'boolean', default: false, describe: 'discard results already in --out and start again' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'stdout: summary tables, or summary.json' })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .example('$0 sweep scenarios/sweeps/liverpool-oneway.yaml', 'one-way sweep of the default scenario: tornado tables, files in out/liverpool-oneway')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml -o out/psa', 'PSA: NPV spread, payback by year, EVPI; Ctrl-C and run again to continue')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml --shard 2/4 -o out/psa-2', 'the second of four shards (then casecast merge out/psa-*)')
    .example('$0 sweep scenarios/sweeps/liverpool-oneway.yaml --summary', 'print the summary of a finished sweep again') as unknown as Argv<SweepArgs>;
}

export async function handler(argv: SweepArgs): Promise<void> {
  await (await import('../handlers/sweep.ts')).handler(argv);
}
