/** casecast merge: its name, options and help. What it does is in cli/handlers/merge.ts, loaded only when it runs. */
import type { Argv } from 'yargs';
import type { MergeArgs } from '../handlers/merge.ts';

export const command = 'merge <dirs..>';
export const describe = 'Combine the folders of a sharded sweep into the files an unsharded run writes';

export function builder(y: Argv): Argv<MergeArgs> {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'the shard folders (casecast sweep --shard i/n --out <folder>)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'folder for the merged results' })
    .option('format', { alias: 'f', choices: ['table', 'json'] as const, default: 'table' as const, describe: 'stdout: summary tables, or summary.json' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no notes on stderr' })
    .example('$0 merge out/psa-1 out/psa-2 out/psa-3 out/psa-4 --out out/psa', 'four shards into one sweep') as unknown as Argv<MergeArgs>;
}

export async function handler(argv: MergeArgs): Promise<void> {
  await (await import('../handlers/merge.ts')).handler(argv);
}
