import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runDemo } from '../engine/demo.ts';
import { num, pct, table, withInterval } from './format.ts';
import { version } from './version.ts';

/** Exit codes: 0 ok, 1 the run failed, 2 bad input. */
export const ExitCode = { ok: 0, failed: 1, badInput: 2 } as const;

class UsageError extends Error {}

function demo(argv: { seed: string; replications: number; years: number; format: string }): void {
  if (!Number.isInteger(argv.replications) || argv.replications < 1) {
    throw new UsageError(`--replications must be a whole number ≥ 1, got ${argv.replications}`);
  }
  if (!Number.isInteger(argv.years) || argv.years < 1 || argv.years > 100) {
    throw new UsageError(`--years must be a whole number from 1 to 100, got ${argv.years}`);
  }
  const result = runDemo({ years: argv.years }, argv.seed, argv.replications);
  if (argv.format === 'json') {
    process.stdout.write(`${JSON.stringify({ manifest: { model: 'demo', seed: argv.seed, replications: argv.replications, version }, ...result }, null, 2)}\n`);
    return;
  }
  const p = result.params;
  console.log(`casecast ${version} · built-in demonstration model (no closed cases)`);
  console.log(
    `${num(p.referralsPerYear)} referrals a year · ${p.intensivePlaces} intensive places · ` +
      `${num(p.intensiveYears * 365)} days mean intensive stay · re-escalation ${num(p.reEscalationPerYear, 2)}/year from drop-in`,
  );
  console.log(`seed ${argv.seed} · ${argv.replications} replications · ${num(result.eventsFired)} events · mean (95% interval) at each year end\n`);
  console.log(
    table(
      ['Year', 'Intensive', 'Drop-in', 'Waiting', 'Weighted caseload', 'Utilisation'],
      result.years.map((y) => [
        String(y.year),
        withInterval(y.intensive),
        withInterval(y.dropIn),
        withInterval(y.waiting),
        withInterval(y.weighted),
        pct(y.utilisation.mean),
      ]),
    ),
  );
}

const cli = yargs(hideBin(process.argv))
  .scriptName('casecast')
  .usage('$0 <command> [options]\n\nCaseload, cost and invest-to-save simulation for complex-needs support programmes.')
  .command(
    'demo',
    'Run the built-in demonstration model (no closed cases) and print caseload by year',
    (y) =>
      y
        .option('seed', { type: 'string', default: '1', describe: 'master random seed' })
        .option('replications', { alias: 'r', type: 'number', default: 50, describe: 'independent replications' })
        .option('years', { type: 'number', default: 10, describe: 'years to simulate' })
        .option('format', { choices: ['table', 'json'], default: 'table', describe: 'output format' })
        .example('$0 demo', '50 replications over 10 years')
        .example('$0 demo -r 200 --seed 7 --format json', 'JSON for other tools'),
    (argv) => demo(argv as never),
  )
  .option('debug', { type: 'boolean', describe: 'show stack traces on error' })
  .demandCommand(1, 'Name a command: see casecast --help')
  .strict()
  .version(version)
  .help()
  .alias('h', 'help')
  .wrap(Math.min(100, process.stdout.columns ?? 100))
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`casecast: ${msg}\nRun casecast --help for usage.\n`);
    process.exit(ExitCode.badInput);
  });

try {
  await cli.parseAsync();
} catch (err) {
  const debug = process.argv.includes('--debug');
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`casecast: ${message}\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(err instanceof UsageError ? ExitCode.badInput : ExitCode.failed);
}
