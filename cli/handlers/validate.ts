import { formatProblems } from '../../engine/model/problems.ts';
import { readScenarioFile } from '../files.ts';
import { ExitCode, InputError } from '../errors.ts';
import { describeWorkProblem, estimateWork } from '../../engine/model/work.ts';
import { replicationsOption } from '../flags.ts';
import { checkWork } from '../options.ts';
import { writeErr, writeOut } from '../terminal.ts';

/** One file's verdict: a line for stdout, and notes for stderr; an input error when it is invalid. */
async function check(file: string): Promise<{ ok: string; notes: string[] }> {
  const loaded = readScenarioFile(file);
  if (!loaded.ok) {
    // Only a file that is not a scenario can be a sweep, so the sweep loader is loaded (and the file parsed again) for those alone.
    const { looksLikeSweep, readSweep } = await import('../sweep/load.ts');
    if (!looksLikeSweep(file)) throw new InputError(formatProblems(loaded.errors));
    const { sweep, variants } = readSweep(file);
    return { ok: `(sweep: ${sweep.name}, ${variants.length} variants)`, notes: [] };
  }
  // A file whose one replication is beyond the limits cannot be run as it is; at run's default replications, a note.
  checkWork(file, estimateWork(loaded.scenario, 1).problems, false);
  const R = replicationsOption.default as number;
  const notes = estimateWork(loaded.scenario, R).problems.map((p) => `note: ${file} at ${R} replications (casecast run's default): ${describeWorkProblem(p)}`);
  return { ok: `(${loaded.scenario.name})`, notes };
}

export async function handler(argv: { files: string[] }): Promise<void> {
  let bad = 0;
  for (const file of argv.files) {
    try {
      const { ok, notes } = await check(file);
      writeOut(`ok       ${file}  ${ok}\n`);
      for (const n of notes) writeErr(`${n}\n`);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      bad++;
      writeOut(`invalid  ${file}\n`);
      writeErr(`${err.message}\n`);
    }
  }
  if (bad > 0) {
    writeErr(`${bad} of ${argv.files.length} file${argv.files.length === 1 ? '' : 's'} invalid\n`);
    process.exitCode = ExitCode.badInput;
  }
}
