/** casecast validate: its name, options and help. What it does is in cli/handlers/validate.ts, loaded only when it runs. */
import type { Argv } from 'yargs';

export const command = 'validate <files..>';
export const describe = 'Check scenario and sweep files without running them (exit 0 valid, 2 invalid)';

export function builder(y: Argv): Argv<{ files: string[] }> {
  return y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario or sweep files' })
    .example('$0 validate scenarios/*.yaml', 'check every bundled scenario')
    .example('$0 validate scenarios/sweeps/*.yaml', 'check sweeps, every variant\'s scenario included') as Argv<{ files: string[] }>;
}

export async function handler(argv: { files: string[] }): Promise<void> {
  await (await import('../handlers/validate.ts')).handler(argv);
}
