import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { VariantRecord } from '../../engine/sweep/analysis.ts';
import { InputError } from '../errors.ts';
import { checkOutFolder, folderWithin, recoverFolder, writeFolder } from '../files.ts';
import { sweepWorkbook, sweepWorkbookName } from '../xlsx/sweep.ts';
import { writeErr } from '../terminal.ts';
import { readManifest, readRecords } from '../sweep/journal.ts';
import { writeSummary } from '../sweep/report.ts';
import { finalFiles, journalFiles, sweepManifest, type SweepManifest } from '../sweep/outputs.ts';
import { shardOf } from '../sweep/shard.ts';

export interface MergeArgs {
  dirs: string[];
  out: string;
  quiet: boolean;
  format: 'table' | 'json';
}

export async function handler(argv: MergeArgs): Promise<void> {
  // Writing replaces the --out folder whole: it must not be, or hold, a shard's own folder.
  for (const dir of argv.dirs) {
    const inside = folderWithin(dir, argv.out);
    if (inside !== null) {
      throw new InputError(`--out ${argv.out} is ${inside === '' ? '' : 'a folder holding '}the shard folder ${dir}, which merging would overwrite.\n  fix: give --out a new folder, e.g. --out ${join(argv.out, '..', 'merged')}`);
    }
  }
  checkOutFolder(argv.out, [...journalFiles, sweepWorkbookName]);
  const shards = argv.dirs.map((dir) => {
    recoverFolder(dir);
    const path = join(dir, 'manifest.json');
    if (!existsSync(path)) throw new InputError(`${dir}: no manifest.json, so it is not a sweep shard's folder.\n  fix: name the folders given to casecast sweep --shard ... --out`);
    return { dir, manifest: readManifest(path) };
  });
  const first = shards[0].manifest;
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  for (const { dir, manifest: m } of shards) {
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

  const records: VariantRecord[] = [];
  for (const { dir, manifest: m } of shards) {
    const own = readRecords(dir);
    const expected = m.shard?.variants ?? m.variants;
    if (own.length < expected) throw new InputError(`${dir}: ${own.length} of its ${expected} variants are done.\n  fix: run that shard's command again to finish it (it continues where it stopped)`);
    for (const r of own) {
      if (shardOf(r.variant, count) !== (m.shard?.index ?? 1)) throw new InputError(`${dir}: variant ${r.variant} does not belong to shard ${m.shard?.index}/${count}.\n  fix: run the shard again with --restart`);
      records.push(r);
    }
  }
  records.sort((a, b) => a.variant - b.variant);
  const { variants, shard: _shard, outputs: _outputs, version: _version, ...info } = first;
  const merged: SweepManifest = sweepManifest(info, variants);
  if (records.length !== variants || records.some((r, i) => r.variant !== i)) throw new InputError(`the shards hold ${records.length} variants, not the sweep's ${variants}.\n  fix: re-run the shard that is short with --restart`);
  const { files, summary } = finalFiles(merged, records);
  writeFolder(argv.out, { ...files, [sweepWorkbookName]: await sweepWorkbook(merged, records, summary) });
  if (!argv.quiet) writeErr(`merged ${count} shard${count === 1 ? '' : 's'} (${variants} variants) into ${argv.out}\n`);
  writeSummary(argv.format, files, summary, merged);
}
