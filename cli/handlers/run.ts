import { withBom } from '../../engine/csv.ts';
import { fitProse } from '../format.ts';
import { manifestFor, summarizeLedgers } from '../../engine/run.ts';
import { version } from '../../engine/version.ts';
import { InputError } from '../errors.ts';
import { formatEconomics } from '../economics-report.ts';
import { estimateWork } from '../../engine/model/work.ts';
import { checkOutFolder, writeFolder } from '../files.ts';
import { joinPath } from '../../engine/model/overlay.ts';
import { overridePath } from '../../engine/model/overrides.ts';
import { checkWhole, checkWork, workersFrom } from '../options.ts';
import { ledgerCsv, seriesCsv, seriesWideCsv } from '../../present/csv.ts';
import { type RunManifest } from '../outputs.ts';
import { fixedBySet, formatLoadProblems, loadWithOverrides, parseOverride, scenarioSource } from '../overrides.ts';
import { Runner } from '../parallel.ts';
import { simulate, sizesFor } from '../simulate.ts';
import { formatRun } from '../report.ts';
import { writeErr, writeOut } from '../terminal.ts';
import { runWorkbook, workbookName } from '../xlsx/run.ts';
import { checkWorkbookStdout, writeWorkbook } from '../xlsx/stdout.ts';

/** The files run --out writes: the folder may hold only these, since it is replaced whole. */
export const runOutputs = ['results.json', 'series.csv', 'series-wide.csv', 'ledger.csv', 'manifest.json', workbookName];

export interface RunArgs {
  scenario: string;
  replications?: number;
  draws?: number;
  fixed: boolean;
  seed: string;
  horizon?: string;
  set?: string[];
  workers?: number;
  out?: string;
  format: 'table' | 'json' | 'csv' | 'xlsx';
  allowLarge: boolean;
  quiet: boolean;
}

export async function handler(argv: RunArgs): Promise<void> {
  const startedAt = new Date();
  checkWhole('replications', argv.replications, 1);
  checkWhole('draws', argv.draws, 1);
  if (argv.format === 'xlsx') checkWorkbookStdout();
  if (argv.out !== undefined) checkOutFolder(argv.out, runOutputs);
  const horizonSet = `horizon=${argv.horizon}`;
  const sets = [...(argv.horizon !== undefined ? [horizonSet] : []), ...(argv.set ?? [])];
  const overrides = sets.map(parseOverride);
  const loaded = loadWithOverrides(argv.scenario, overrides);
  // A problem with --horizon is told against --horizon, not the --set it becomes.
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors).split(`--set ${horizonSet}`).join(`--horizon ${JSON.stringify(argv.horizon ?? '')}`));
  const { scenario, resolvedText } = loaded;
  if (scenario.states.length === 0) {
    throw new InputError(`${argv.scenario} defines no states, so there is nothing to simulate. A library such as unit-costs.yaml is meant to be extended by a scenario.`);
  }
  const source = scenarioSource(argv.scenario, overrides);
  const fixed = fixedBySet(argv.scenario, overrides);
  if (fixed.length > 0 && !argv.fixed && !argv.quiet) writeErr(`note: --set fixes ${fixed.join(', ')}: a value set is a decision, so ${fixed.length === 1 ? 'it is' : 'they are'} not drawn\n`);
  const sizes = sizesFor(scenario, argv);
  checkWork(argv.scenario, estimateWork(scenario, sizes.replications).problems, argv.allowLarge);
  const workers = workersFrom(argv.workers, sizes.replications, argv.quiet);
  const manifest = manifestFor(scenario, resolvedText, { seed: argv.seed, replications: sizes.replications });

  const runner = new Runner(workers);
  let run;
  try {
    run = await simulate(scenario, source, manifest, sizes, runner, argv.quiet);
  } finally {
    await runner.close();
  }
  const { results } = run;
  const json = `${JSON.stringify(results)}\n`;
  const wantWorkbook = argv.out !== undefined || argv.format === 'xlsx';
  const workbook = wantWorkbook ? await runWorkbook({ results, scenario, raw: source.raw, setPaths: overrides.map((o) => joinPath(overridePath(o))), ledgers: run.ledgers }) : null;

  if (argv.out !== undefined) {
    const files: Record<string, string | Uint8Array> = { 'results.json': json, 'series.csv': withBom(seriesCsv(results)), 'series-wide.csv': withBom(seriesWideCsv(results)) };
    if (run.ledgers) files['ledger.csv'] = withBom(ledgerCsv(summarizeLedgers(run.ledgers, results.intervals.kind)));
    const outputs = [...Object.keys(files), 'manifest.json', workbookName];
    const runManifest: RunManifest = {
      scenario: scenario.name,
      file: argv.scenario,
      files: loaded.files,
      sha256: manifest.sha256,
      seed: argv.seed,
      replications: sizes.replications,
      ...(!sizes.fixed && { draws: sizes.plan.draws, replicationsPerDraw: sizes.plan.perDraw }),
      version,
      overrides: sets,
      workers,
      command: ['casecast', ...process.argv.slice(2)],
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      outputs,
      resolvedScenario: JSON.parse(resolvedText),
    };
    files['manifest.json'] = `${JSON.stringify(runManifest, null, 2)}\n`;
    files[workbookName] = workbook!;
    writeFolder(argv.out, files);
    if (!argv.quiet) writeErr(`wrote ${outputs.join(', ')} to ${argv.out}\n`);
  }

  if (argv.format === 'xlsx') return void (await writeWorkbook(workbook!));
  if (argv.format === 'json') return void writeOut(json, 'json');
  if (argv.format === 'csv') return void writeOut(seriesCsv(results));
  const economics = results.economics ? formatEconomics(results, scenario) : '';
  writeOut(fitProse(`${formatRun(results, scenario, sets)}\n${economics}${economics && '\n'}`));
}
