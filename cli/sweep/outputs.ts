/**
 * The files a sweep writes, built from its info and its records in variant
 * order: results.jsonl, results.csv, tornado.csv, summary.json and
 * manifest.json. They depend on nothing else (no clock, no worker count), so an
 * interrupted, resumed or sharded-and-merged sweep writes the same bytes.
 */
import type { SweepSummary, VariantRecord } from '../../engine/sweep/analysis.ts';
import { tornadoCsv } from '../../engine/sweep/tornado-csv.ts';
import { summarizeSweep } from '../../engine/sweep/analysis.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';
import { metricNames } from '../../engine/sweep/metrics.ts';
import { version } from '../../engine/version.ts';
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

export function sweepManifest(info: SweepInfo, variants: number, shard?: SweepManifest['shard']): SweepManifest {
  return { ...info, version, variants, ...(shard && { shard }), outputs: shard ? shardOutputs : finalOutputs };
}

export const jsonl = (r: VariantRecord): string => `${JSON.stringify(r)}\n`;

/** results.csv's columns: the variant, its settings, then its metrics. */
export function csvHeader(info: SweepInfo): string[] {
  return ['variant', 'option', 'draw', ...info.parameters.map((p) => p.name), ...metricNames(info.caseloadYears, info.economics, info.agencies)];
}

export function csvLine(info: SweepInfo, r: VariantRecord): string {
  const metrics = metricNames(info.caseloadYears, info.economics, info.agencies);
  return `${csvRow([r.variant, r.option, r.draw, ...info.parameters.map((p) => r.inputs[p.name]), ...metrics.map((m) => r.metrics[m])])}\n`;
}

export const csvTop = (info: SweepInfo): string => `${csvRow(csvHeader(info))}\n`;

/** Every final file of a complete sweep (records in variant order). */
export function finalFiles(manifest: SweepManifest, records: readonly VariantRecord[]): { files: Record<string, string>; summary: SweepSummary } {
  const summary = summarizeSweep(manifest, records);
  const files: Record<string, string> = {
    'results.jsonl': records.map(jsonl).join(''),
    'results.csv': csvTop(manifest) + records.map((r) => csvLine(manifest, r)).join(''),
    'tornado.csv': tornadoCsv(summary.tornado),
    'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
  };
  return { files, summary };
}

/** A shard's files: its own records, in variant order, and its manifest. */
export function shardFiles(manifest: SweepManifest, records: readonly VariantRecord[]): Record<string, string> {
  return {
    'results.jsonl': records.map(jsonl).join(''),
    'results.csv': csvTop(manifest) + records.map((r) => csvLine(manifest, r)).join(''),
    'manifest.json': `${JSON.stringify(manifest, null, 2)}\n`,
  };
}
