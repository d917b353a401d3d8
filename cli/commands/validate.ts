import type { Argv } from 'yargs';
import { formatProblems } from '../../engine/model/problems.ts';
import { readScenarioFile } from '../files.ts';
import { ExitCode, InputError } from '../errors.ts';
import { looksLikeSweep, readSweep } from '../sweep/load.ts';

export const command = 'validate <files..>';
export const describe = 'Check scenario and sweep files without running them (exit 0 valid, 2 invalid)';

export function builder(y: Argv): Argv<{ files: string[] }> {
  return y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario or sweep files' })
    .example('$0 validate scenarios/*.yaml', 'check every bundled scenario')
    .example('$0 validate scenarios/sweeps/*.yaml', 'check sweeps, every variant\'s scenario included') as Argv<{ files: string[] }>;
}

export function handler(argv: { files: string[] }): void {
  let bad = 0;
  for (const file of argv.files) {
    if (looksLikeSweep(file)) {
      try {
        const { sweep, variants } = readSweep(file);
        process.stdout.write(`ok       ${file}  (sweep: ${sweep.name}, ${variants.length} variants)\n`);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        bad++;
        process.stdout.write(`invalid  ${file}\n`);
        process.stderr.write(`${err.message}\n`);
      }
      continue;
    }
    const loaded = readScenarioFile(file);
    if (loaded.ok) {
      process.stdout.write(`ok       ${file}  (${loaded.scenario.name})\n`);
    } else {
      bad++;
      process.stdout.write(`invalid  ${file}\n`);
      process.stderr.write(`${formatProblems(loaded.errors)}\n`);
    }
  }
  if (bad > 0) {
    process.stderr.write(`${bad} of ${argv.files.length} file${argv.files.length === 1 ? '' : 's'} invalid\n`);
    process.exitCode = ExitCode.badInput;
  }
}
