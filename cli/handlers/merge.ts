import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { VariantRecord } from '../../engine/sweep/analysis.ts';
import { InputError } from '../errors.ts';
import { checkOutFolder, folderWithin, recoverFolder, writeFolderWith } from '../files.ts';
import { progressBar, progressEnabled } from '../progress.ts';
import { sweepWorkbook, sweepWorkbookName } from '../xlsx/sweep.ts';
import { writeErr } from '../terminal.ts';
import { readManifest } from '../sweep/journal.ts';
import { eachLine, FileSink, lineBuffer } from '../sweep/merge-stream.ts';
import { writeSummary } from '../sweep/report.ts';
import { csvColumns, csvLine, csvTop, finalFiles, journalFiles, jsonl, sweepManifest, type SweepManifest } from '../sweep/outputs.ts';
import { shardOf } from '../sweep/shard.ts';

export interface MergeArgs {
  dirs: string[];
  out: string;
  quiet: boolean;
  format: 'table' | 'json';
}

/** What merging keeps of a shard's manifest (not the manifest itself, so memory does not grow with the number of shards beyond this). */
interface ShardInfo {
  dir: string;
  sweep: string;
  sha256: string;
  version: string;
  shard?: SweepManifest['shard'];
  /** The variants the shard should hold. */
  expected: number;
}

/**
 * casecast merge: the shards' manifests are read and checked first (cheap),
 * then each shard's results.jsonl line by line, one shard at a time, each
 * record into its variant's place; results.jsonl and results.csv are written
 * piece by piece into a temporary folder that replaces --out whole. Memory
 * grows with the number of variants (the summary needs them all), not with
 * the number of shards.
 */
export async function handler(argv: MergeArgs): Promise<void> {
  // Writing replaces the --out folder whole: it must not be, or hold, a shard's own folder.
  for (const dir of argv.dirs) {
    const inside = folderWithin(dir, argv.out);
    if (inside !== null) {
      throw new InputError(`--out ${argv.out} is ${inside === '' ? '' : 'a folder holding '}the shard folder ${dir}, which merging would overwrite.\n  fix: give --out a new folder, e.g. --out ${join(argv.out, '..', 'merged')}`);
    }
  }
  checkOutFolder(argv.out, [...journalFiles, sweepWorkbookName]);
  const shards: ShardInfo[] = [];
  let first: SweepManifest | undefined;
  for (const dir of argv.dirs) {
    recoverFolder(dir);
    const path = join(dir, 'manifest.json');
    if (!existsSync(path)) throw new InputError(`${dir}: no manifest.json, so it is not a sweep shard's folder.\n  fix: name the folders given to casecast sweep --shard ... --out`);
    const m = readManifest(path);
    first ??= m;
    shards.push({ dir, sweep: m.sweep, sha256: m.sha256, version: m.version, shard: m.shard, expected: m.shard?.variants ?? m.variants });
  }
  if (!first) throw new InputError('no shard folders given.\n  fix: name the folders given to casecast sweep --shard ... --out');
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const m of shards) {
    const { dir } = m;
    if (m.sha256 !== first.sha256 || m.version !== first.version) {
      throw new InputError(`${dir} holds a different sweep (${m.sweep}, ${m.sha256.slice(0, 12)}, casecast ${m.version}) from ${shards[0].dir} (${first.sweep}, ${first.sha256.slice(0, 12)}, casecast ${first.version}).\n  fix: merge the shards of one sweep, run with one casecast version`);
    }
    const index = m.shard?.index ?? 1;
    if ((m.shard?.count ?? 1) !== count) throw new InputError(`${dir} is shard ${index}/${m.shard?.count ?? 1} but ${shards[0].dir} is one of ${count}.\n  fix: merge shards split the same way`);
    if (seen.has(index)) throw new InputError(`${dir} and ${seen.get(index)} are both shard ${index}/${count}.\n  fix: give each shard's folder once`);
    seen.set(index, dir);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} ${missing.length > 1 ? 'are' : 'is'} missing.\n  fix: run casecast sweep --shard ${missing[0]}/${count} and include its folder`);

  const { variants, shard: _shard, outputs: _outputs, version: _version, ...info } = first;
  const merged: SweepManifest = sweepManifest(info, variants);
  // Each record goes into its variant's place, so the merged order needs no sort and no shard is held whole.
  const slots: (VariantRecord | undefined)[] = new Array(Number.isSafeInteger(variants) && variants >= 0 ? variants : 0).fill(undefined);
  let held = 0;
  const buffer = lineBuffer(); // one for every shard
  const progress = progressEnabled(argv.quiet);
  const bar = progressBar(count, 'merging', progress, { unit: 'shards', delayMs: 500 });
  try {
    for (const [k, m] of shards.entries()) {
      const index = m.shard?.index ?? 1;
      const path = join(m.dir, 'results.jsonl');
      let own = 0;
      let stray: { variant: unknown } | undefined;
      const read = await eachLine(path, (line, number) => {
        let r: VariantRecord;
        try {
          r = JSON.parse(line) as VariantRecord;
        } catch {
          throw new InputError(`${path}:${number}: this line is damaged, so the sweep cannot safely continue.\n  fix: run the sweep (or that shard) again to finish it`);
        }
        own++;
        held++;
        if (shardOf(r?.variant, count) !== index) stray ??= { variant: r?.variant };
        else if (Number.isInteger(r.variant) && r.variant >= 0 && r.variant < slots.length && slots[r.variant] === undefined) slots[r.variant] = r;
      }, buffer);
      if (own < m.expected) {
        const cut = read.cutOff > 0 ? ` (${path}:${read.lines + 1} is cut off mid-line: ${read.cutOff} bytes without their newline)` : '';
        throw new InputError(`${m.dir}: ${own} of its ${m.expected} variants are done${cut}.\n  fix: run that shard's command again to finish it (it continues where it stopped)`);
      }
      if (stray !== undefined) throw new InputError(`${m.dir}: variant ${stray.variant} does not belong to shard ${m.shard?.index}/${count}.\n  fix: run the shard again with --restart`);
      bar.update(k + 1);
    }
  } finally {
    bar.stop();
  }
  if (held !== variants || slots.some((r) => r === undefined)) throw new InputError(`the shards hold ${held} variants, not the sweep's ${variants}.\n  fix: re-run the shard that is short with --restart`);
  const records = slots as VariantRecord[];
  // The summary and the workbook take longest and cannot count their way: say what is under way.
  if (progress) writeErr(`merging: ${count} shard${count === 1 ? '' : 's'} read; summarising ${variants} variants and writing ${argv.out}\n`);

  const { files, summary } = finalFiles(merged, records, { results: false });
  const workbook = await sweepWorkbook(merged, records, summary);
  await writeFolderWith(argv.out, (dir) => {
    const c = csvColumns(merged);
    const results = new FileSink(join(dir, 'results.jsonl'));
    const csv = new FileSink(join(dir, 'results.csv'));
    try {
      csv.write(csvTop(c));
      for (const r of records) {
        results.write(jsonl(r));
        csv.write(csvLine(c, r));
      }
    } finally {
      results.close();
      csv.close();
    }
    for (const [name, text] of Object.entries({ ...files, [sweepWorkbookName]: workbook })) {
      const f = new FileSink(join(dir, name));
      try {
        f.write(text);
      } finally {
        f.close();
      }
    }
  });
  if (!argv.quiet) writeErr(`merged ${count} shard${count === 1 ? '' : 's'} (${variants} variants) into ${argv.out}\n`);
  writeSummary(argv.format, files, summary, merged);
}
