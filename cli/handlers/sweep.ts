import { basename, extname, join } from 'node:path';
import { variantRecord } from '../../engine/sweep/analysis.ts';
import { sweepInfo } from '../../engine/sweep/info.ts';
import { InputError } from '../errors.ts';
import { checkOutFolder, displayPath, recoverFolder, writeFolder } from '../files.ts';
import { workersFrom } from '../options.ts';
import { Runner } from '../parallel.ts';
import { progressBar, progressEnabled } from '../progress.ts';
import { Journal, readManifest, readRecords } from '../sweep/journal.ts';
import { readSweep } from '../sweep/load.ts';
import { writeSummary } from '../sweep/report.ts';
import { finalFiles, journalFiles, resultFiles, sweepManifest } from '../sweep/outputs.ts';
import { emitJob, type EmitKind } from '../sweep/emit.ts';
import { parseShard, shardOf } from '../sweep/shard.ts';
import { existsSync } from 'node:fs';
import { writeErr, writeOut } from '../terminal.ts';
import { sweepWorkbook, sweepWorkbookName } from '../xlsx/sweep.ts';

export interface SweepArgs {
  sweep: string;
  out?: string;
  workers?: number;
  shard?: string;
  summary: boolean;
  restart: boolean;
  allowLarge: boolean;
  quiet: boolean;
  format: 'table' | 'json';
  emit?: EmitKind;
  shards?: number;
  cpusPerTask?: number;
}

export async function handler(argv: SweepArgs): Promise<void> {
  const startedAt = new Date();
  const file = displayPath(argv.sweep);
  const quiet = argv.quiet;
  if (argv.emit) return emit(argv, file);
  for (const [flag, v] of [['--shards', argv.shards], ['--cpus-per-task', argv.cpusPerTask]] as const) {
    if (v !== undefined) throw new InputError(`${flag} is for --emit slurm|k8s, which writes the job that runs the shards.\n  fix: add --emit slurm or --emit k8s, or run one shard with --shard i/n`);
  }
  const shard = argv.shard === undefined ? undefined : parseShard(argv.shard);
  const out = argv.out ?? join('out', basename(file, extname(file)) + (shard ? `-shard-${shard.index}-of-${shard.count}` : ''));
  if (!argv.summary) checkOutFolder(out, [...journalFiles, sweepWorkbookName]);
  const { sweep, variants, taskFor } = readSweep(file, { allowLarge: argv.allowLarge, quiet });
  const mine = shard ? variants.filter((v) => shardOf(v.index, shard.count) === shard.index) : variants;
  const info = sweepInfo(sweep);
  const manifest = sweepManifest(info, variants.length, shard && { ...shard, variants: mine.length });

  if (argv.summary) return printSummary(out, argv.format, manifest.sha256);

  const journal = Journal.open(out, manifest, new Map(mine.map((v) => [v.index, v])), argv.restart);
  const before = journal.done.size;
  const todo = mine.filter((v) => !journal.done.has(v.index));
  const workers = workersFrom(argv.workers, todo.length * sweep.replications, quiet);
  if (!quiet && before > 0) writeErr(`continuing ${out}: ${before} of ${mine.length} variants already done\n`);

  let stop = false;
  const runner = new Runner(workers);
  const interrupt = (): void => {
    stop = true;
    void runner.close();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const bar = progressBar(mine.length, sweep.name, progressEnabled(quiet), { unit: 'variants', runsPer: sweep.replications, start: before });
  try {
    await runner.runVariants(todo.length, (i) => taskFor(todo[i]), (i, metrics) => {
      journal.add(variantRecord(todo[i], metrics));
      bar.update(journal.done.size);
    }, () => stop);
  } finally {
    bar.stop();
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await runner.close();
  }
  const records = journal.records();
  if (stop && records.length < mine.length) {
    writeErr(`interrupted: ${records.length} of ${mine.length} variants are saved in ${out}; run the same command again to continue\n`);
    process.exitCode = 130;
    return;
  }

  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const runInfo = {
    sweep: file,
    command: ['casecast', ...process.argv.slice(2)],
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds,
    workers,
    node: process.version,
    variantsDoneBefore: before,
    variantsRun: todo.length,
    runsPerSecond: seconds > 0 ? Math.round((todo.length * sweep.replications) / seconds) : null,
  };
  const runInfoText = `${JSON.stringify(runInfo, null, 2)}\n`;
  if (shard) {
    writeFolder(out, { ...resultFiles(manifest, records), 'run-info.json': runInfoText });
    writeOut(`shard ${shard.index}/${shard.count}: ${records.length} of ${variants.length} variants written to ${out}\nWhen every shard is done: casecast merge <the shard folders> --out <folder>\n`);
    return;
  }
  const { files, summary } = finalFiles(manifest, records);
  const workbook = await sweepWorkbook(manifest, records, summary);
  writeFolder(out, { ...files, 'run-info.json': runInfoText, [sweepWorkbookName]: workbook });
  if (!quiet) writeErr(`wrote ${[...Object.keys(files), sweepWorkbookName].join(', ')} to ${out}\n`);
  writeSummary(argv.format, files, summary, manifest);
}

/** --emit: the scheduler job for the sweep, on stdout; runs nothing. The sweep is checked first, so a job is never written for a sweep that cannot run. */
function emit(argv: SweepArgs, file: string): void {
  const kind = argv.emit as EmitKind;
  const clash = [
    argv.shard !== undefined && ['--shard', 'each task picks its shard itself (--shard auto)'],
    argv.workers !== undefined && ['--workers', 'each task runs --cpus-per-task workers'],
    argv.summary && ['--summary', 'it runs nothing'],
    argv.restart && ['--restart', 'a requeued task must continue its shard, not discard it'],
  ].find((c): c is [string, string] => c !== false);
  if (clash) throw new InputError(`${clash[0]} does not go with --emit ${kind}: ${clash[1]}.\n  fix: leave out ${clash[0]}`);
  const { sweep, variants } = readSweep(file, { allowLarge: argv.allowLarge, quiet: true });
  const out = argv.out ?? join('out', basename(file, extname(file)));
  writeOut(emitJob({ kind, file, name: sweep.name, variants: variants.length, shards: argv.shards ?? 4, cpusPerTask: argv.cpusPerTask ?? 4, out, allowLarge: argv.allowLarge }));
}

/** --summary: the summary of a finished sweep folder, or how far it has got. */
function printSummary(out: string, format: 'table' | 'json', sha256: string): void {
  recoverFolder(out);
  const path = join(out, 'manifest.json');
  if (!existsSync(path)) throw new InputError(`${out} holds no sweep results yet.\n  fix: run the sweep first (without --summary), or point --out at its folder`);
  const manifest = readManifest(path);
  if (manifest.sha256 !== sha256) throw new InputError(`${out} holds results of a different sweep (${manifest.sweep}, ${manifest.sha256.slice(0, 12)}), or of this file before it changed.\n  fix: run the sweep (without --summary) to bring the folder up to date, or point --out at the right folder`);
  const records = readRecords(out);
  if (manifest.shard) throw new InputError(`${out} holds shard ${manifest.shard.index}/${manifest.shard.count} only.\n  fix: casecast merge every shard folder, then read the merged folder's summary`);
  if (records.length < manifest.variants) throw new InputError(`${out}: ${records.length} of ${manifest.variants} variants are done.\n  fix: run the same sweep again (without --summary) to finish it`);
  const { files, summary } = finalFiles(manifest, records.sort((a, b) => a.variant - b.variant));
  writeSummary(format, files, summary, manifest);
}
