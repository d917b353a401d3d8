import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { version } from '../engine/version.ts';
import * as calibrate from './commands/calibrate.ts';
import * as check from './commands/check.ts';
import * as compare from './commands/compare.ts';
import * as merge from './commands/merge.ts';
import * as report from './commands/report.ts';
import * as run from './commands/run.ts';
import * as schema from './commands/schema.ts';
import * as sweep from './commands/sweep.ts';
import * as validate from './commands/validate.ts';
import { ExitCode, InputError } from './errors.ts';
import { dashValues } from './flags.ts';
import { errnoText, guardStdout, writeErr } from './terminal.ts';

guardStdout();

const cli = yargs(dashValues(hideBin(process.argv)))
  .scriptName('casecast')
  .usage('$0 <command> [options]\n\nCaseload, cost and invest-to-save simulation for complex-needs support programmes.')
  .command(run)
  .command(compare)
  .command(report)
  .command(sweep)
  .command(merge)
  .command(check)
  .command(calibrate)
  .command(validate)
  .command(schema)
  .option('debug', { type: 'boolean', describe: 'show stack traces on error' })
  .example('$0 run scenarios/liverpool-waves-of-hope.yaml', 'simulate the default scenario: tables by year')
  .example('$0 compare scenarios/liverpool-waves-of-hope.yaml scenarios/liverpool-waves-of-hope-more-staff.yaml', 'paired differences on common random numbers')
  .example('$0 sweep scenarios/sweeps/liverpool-oneway.yaml', 'which assumptions drive the answer: a tornado')
  .example('$0 check scenarios/liverpool-waves-of-hope.yaml', 'the simulation against what the evaluation observed')
  .example('$0 calibrate scenarios/calibration/liverpool.yaml', 'fit the default scenario to its targets (about 4 minutes on 2 cores)')
  .example('$0 validate scenarios/*.yaml', 'check scenario files')
  .demandCommand(1, 'Name a command: see casecast --help')
  .epilogue('Exit codes: 0 ok, 1 the run failed, 2 bad input. Set NO_COLOR to keep output plain (it has no colour today).\nScenario format: docs/scenario-format.md')
  .strict()
  .version(version)
  .help()
  .alias('h', 'help')
  .alias('v', 'version')
  .wrap(Math.min(110, process.stdout.columns ?? 110))
  .fail((msg, err) => {
    if (err) throw err;
    writeErr(`casecast: ${msg}\nRun casecast --help for usage.\n`);
    process.exit(ExitCode.badInput);
  });

try {
  await cli.parseAsync();
} catch (err) {
  const message = err instanceof InputError ? err.message : errnoText(err);
  writeErr(err instanceof InputError ? `${message}\n` : `casecast: ${message}\n`);
  if (process.argv.includes('--debug') && err instanceof Error && err.stack) writeErr(`${err.stack}\n`);
  process.exitCode = err instanceof InputError ? ExitCode.badInput : ExitCode.failed;
}
