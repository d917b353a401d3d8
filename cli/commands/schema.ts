/** casecast schema: its name, options and help. What it does is in cli/handlers/schema.ts, loaded only when it runs. */
import type { Argv } from 'yargs';

export const command = 'schema';
export const describe = 'Print the JSON Schema of scenario files, or of sweep files (for editor autocompletion)';

export function builder(y: Argv): Argv<{ sweep: boolean }> {
  return y
    .option('sweep', { type: 'boolean', default: false, describe: 'the sweep file format instead of the scenario format' })
    .example('$0 schema > casecast.schema.json', 'save it, then point your editor at it')
    .example('$0 schema --sweep > casecast-sweep.schema.json', 'the same for sweep files') as Argv<{ sweep: boolean }>;
}

export async function handler(argv: { sweep: boolean }): Promise<void> {
  await (await import('../handlers/schema.ts')).handler(argv);
}
