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
    .option('shard', { type: 'string', describe: 'run share i of n (1-based), e.g. 2/4; combine the folders with casecast merge. auto: from a Slurm array task (SLURM_ARRAY_TASK_ID, _MIN, _COUNT) or a Kubernetes indexed job (JOB_COMPLETION_INDEX, 0-based, with CASECAST_SHARDS)' })
    .option('emit', { choices: ['slurm', 'k8s'] as const, describe: 'run nothing: print to stdout the job that runs the sweep as --shards shards and merges them: a Slurm array script that submits itself and a merge job (bash <file>), or a Kubernetes indexed Job and merge Job (YAML). Shards go to <out>/shard-i-of-n, the merged sweep to <out>/merged' })
    .option('shards', { type: 'number', describe: 'with --emit: the number of shards (array tasks, completions); default 4' })
    .option('cpus-per-task', { type: 'number', describe: 'with --emit: CPUs per task, each shard\'s --workers; default 4' })
    .option('summary', { type: 'boolean', default: false, describe: 'print the summary of the finished sweep in --out, running nothing' })
    .option('restart', { type: 'boolean', default: false, describe: 'discard results already in --out and start again' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'stdout: summary tables, or summary.json' })
    .option('allow-large', allowLargeOption)
    .option('quiet', quietOption)
    .example('$0 sweep scenarios/sweeps/liverpool-oneway.yaml', 'one-way sweep of the default scenario: tornado tables, files in out/liverpool-oneway')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml -o out/psa', 'PSA: NPV spread, payback by year, EVPI; Ctrl-C and run again to continue')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml --shard 2/4 -o out/psa-2', 'the second of four shards (then casecast merge out/psa-*)')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml --emit slurm --shards 8 --cpus-per-task 16 -o out/psa > psa.sbatch && bash psa.sbatch', 'Slurm: an 8-task array (requeued tasks resume) and a merge job after it; results in out/psa/merged')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml --emit k8s --shards 8 -o out/psa > psa.yaml', 'Kubernetes: an indexed Job and a suspended merge Job; how to run them is in the file')
    .example('$0 sweep scenarios/sweeps/liverpool-psa.yaml --shard auto -o out/psa-$SLURM_ARRAY_TASK_ID', 'in an array task of your own script: the shard from the scheduler\'s variables')
    .example('$0 sweep scenarios/sweeps/liverpool-oneway.yaml --summary', 'print the summary of a finished sweep again') as unknown as Argv<SweepArgs>;
}

export async function handler(argv: SweepArgs): Promise<void> {
  await (await import('../handlers/sweep.ts')).handler(argv);
}
