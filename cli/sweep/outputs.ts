/**
 * The files a sweep writes, built from its info and its records in variant
 * order: results.jsonl, results.csv, tornado.csv, summary.json and
 * manifest.json, and for a PSA its draws for analysts (psa-long.csv and the
 * dampack-*.csv files, engine/sweep/psa-export.ts). They depend on nothing
 * else (no clock, no worker count), so an interrupted, resumed or
 * sharded-and-merged sweep writes the same bytes.
 */
import { withBom } from '../../engine/csv.ts';
import type { SweepSummary, VariantRecord } from '../../engine/sweep/analysis.ts';
import { tornadoCsv } from '../../engine/sweep/tornado-csv.ts';
import { summarizeSweep } from '../../engine/sweep/analysis.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';
import { metricNames } from '../../engine/sweep/metrics.ts';
import { version } from '../../engine/version.ts';
import { psaExportFiles, psaExportNames, psaExports } from '../../engine/sweep/psa-export.ts';
import { InputError } from '../errors.ts';
import { csvRow } from '../../engine/csv.ts';

/**
 * manifest.json: the sweep, the casecast version and the files beside it; a
 * shard's names its share of the variants. Nothing in it depends on where or
 * how the sweep ran (run-info.json has that), so resumed, sharded and merged
 * runs write the same bytes.
 */
export interface SweepManifest extends SweepInfo {
  version: string;
  variants: number;
  shard?: { index: number; count: number; variants: number };
  outputs: string[];
}

export const finalOutputs = ['results.jsonl', 'results.csv', 'tornado.csv', 'summary.json', 'manifest.json'];
export const shardOutputs = ['results.jsonl', 'results.csv', 'manifest.json'];
/** Every file a sweep's folder may hold: the outputs, a PSA's files for analysts (psa-export.ts), and run-info.json (where and how it ran). */
export const journalFiles = [...finalOutputs, ...psaExportNames, 'run-info.json'];

/** The final files of this sweep: finalOutputs, with a PSA's files for analysts before manifest.json. */
export function finalOutputsOf(info: Pick<SweepInfo, 'design' | 'economics'>): string[] {
  const extra = psaExportFiles(info);
  return extra.length === 0 ? finalOutputs : [...finalOutputs.slice(0, -1), ...extra, 'manifest.json'];
}

export function sweepManifest(info: SweepInfo, variants: number, shard?: SweepManifest['shard']): SweepManifest {
  return { ...info, version, variants, ...(shard && { shard }), outputs: shard ? shardOutputs : finalOutputsOf(info) };
}

export const jsonl = (r: VariantRecord): string => `${JSON.stringify(r)}\n`;

/** results.csv's columns: the variant, its settings, then its metrics. */
export function csvColumns(info: SweepInfo): { parameters: string[]; metrics: string[] } {
  return { parameters: info.parameters.map((p) => p.name), metrics: metricNames(info.caseloadYears, info.economics, info.agencies) };
}

export const csvTop = (c: ReturnType<typeof csvColumns>): string => `${csvRow(['variant', 'option', 'draw', ...c.parameters, ...c.metrics])}\n`;

export const csvLine = (c: ReturnType<typeof csvColumns>, r: VariantRecord): string =>
  `${csvRow([r.variant, r.option, r.draw, ...c.parameters.map((p) => r.inputs[p]), ...c.metrics.map((m) => r.metrics[m])])}\n`;

/** The files every sweep folder holds, whole or shard: the records (in the order given) and the manifest. */
export function resultFiles(manifest: SweepManifest, records: readonly VariantRecord[]): Record<string, string> {
  const c = csvColumns(manifest);
  return {
    'results.jsonl': records.map(jsonl).join(''),
    'results.csv': csvTop(c) + records.map((r) => csvLine(c, r)).join(''),
    'manifest.json': manifestText(manifest),
  };
}

/** manifest.json's text. */
export const manifestText = (manifest: SweepManifest): string => `${JSON.stringify(manifest, null, 2)}\n`;

/** The two files of a sweep's records, which casecast merge writes line by line (streamed) rather than as whole texts. */
export const streamedOutputs = ['results.jsonl', 'results.csv'];

/**
 * Every final file of a complete sweep (records in variant order). With
 * `{ results: false }`, all but results.jsonl and results.csv (streamedOutputs),
 * for a writer that streams those two itself.
 */
export function finalFiles(manifest: SweepManifest, records: readonly VariantRecord[], opts: { results?: boolean } = {}): { files: Record<string, string>; summary: SweepSummary } {
  const summary = summarizeSweep(manifest, records);
  const { 'manifest.json': m, ...results } = opts.results === false ? { 'manifest.json': manifestText(manifest) } : resultFiles(manifest, records);
  const files: Record<string, string> = {
    ...results,
    'tornado.csv': withBom(tornadoCsv(summary.tornado)),
    'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
    ...psaFiles(manifest, records),
    'manifest.json': m,
  };
  return { files, summary };
}

/** A PSA's files for analysts (dampack's layout and psa-long.csv); records that do not make one row per draw are refused. */
function psaFiles(manifest: SweepManifest, records: readonly VariantRecord[]): Record<string, string> {
  try {
    return psaExports(manifest, records);
  } catch (err) {
    throw new InputError(`the PSA's results cannot be written per draw: ${err instanceof Error ? err.message : String(err)}.\n  fix: run the sweep again with --restart (or its shards, then merge them)`);
  }
}
