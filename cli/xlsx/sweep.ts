/**
 * The workbook of a finished sweep: a Summary (the sweep, its size, the
 * spread of the main metrics), the Tornado (each parameter's low and high
 * setting, the metric at each, and the swing as a live formula) and the
 * Variants (results.csv's rows: each variant's settings and metrics).
 */
import type { SweepSummary, VariantRecord } from '../../engine/sweep/analysis.ts';
import type { SweepManifest } from '../sweep/outputs.ts';
import { csvColumns } from '../sweep/outputs.ts';
import { addSheet, fitColumns, formula, header, money, num, ratio, share, newWorkbook, workbookBytes } from './sheet.ts';

export const sweepWorkbookName = 'casecast.xlsx';

/**
 * The most variants the Variants sheet lists. A workbook holds every cell in
 * memory while it is written (tens of kilobytes a variant) and Excel slows
 * long before its row limit; results.csv and results.jsonl always have them all.
 */
export const workbookVariants = 10_000;

/** A metric's number format, by its name (results.csv's column). */
function formatOf(metric: string): string {
  if (/£/.test(metric) || /^(npv|pvCosts|pvBenefits|cashable|costs_|savings_)/.test(metric)) return money;
  if (/^(bcr|roi)/.test(metric)) return ratio;
  if (/^prob/.test(metric)) return share;
  if (/year|Year|Median/.test(metric)) return '0.0';
  return '#,##0.0';
}

export async function sweepWorkbook(manifest: SweepManifest, records: readonly VariantRecord[], summary: SweepSummary, maxVariants = workbookVariants): Promise<Uint8Array> {
  const wb = await newWorkbook();
  const s = addSheet(wb, 'Summary', 1, 1);
  header(s, ['Sweep', summary.sweep]);
  const rows: [string, string | number | null][] = [
    ['Design', summary.design],
    ['Seed', manifest.seed],
    ['Horizon, years', manifest.horizonYears],
    ['Variants', summary.variants],
    ['Replications per variant', summary.replications],
    ['casecast version', manifest.version],
    ['Sweep sha256', manifest.sha256],
    ['Share of base variants whose expected costs and savings break even within the horizon', summary.paybackShare],
  ];
  for (const r of rows) s.addRow(r);
  if (summary.paybackShare !== null) s.getCell(`B${rows.length + 1}`).numFmt = share;
  s.addRow([]);
  s.addRow(['Spread across the base scenario\'s variants']).font = { bold: true };
  header(s, ['Metric', 'Mean', 'SD', '2.5%', '5%', '25%', 'Median', '75%', '95%', '97.5%']);
  for (const [k, sp] of Object.entries(summary.spread)) {
    const row = s.addRow([k, num(sp.mean), num(sp.sd), num(sp.p2_5), num(sp.p5), num(sp.p25), num(sp.p50), num(sp.p75), num(sp.p95), num(sp.p97_5)]);
    for (let c = 2; c <= 10; c++) row.getCell(c).numFmt = formatOf(k);
  }
  fitColumns(s, 10, 20);
  s.getColumn(1).width = 50;

  if (summary.tornado.length > 0) {
    const t = addSheet(wb, 'Tornado', 1, 2);
    header(t, ['Metric', 'Parameter', 'Rank', 'Path', 'Low setting', 'High setting', 'Metric at low', 'Metric at base', 'Metric at high', 'Swing (|high − low|)']);
    summary.tornado.forEach((r, i) => {
      const n = i + 2;
      const finite = r.low !== null && r.high !== null;
      const row = t.addRow([r.metric, r.parameter, r.rank, r.path, r.lowInput, r.highInput, num(r.low), num(r.base), num(r.high), finite ? formula(`ABS(I${n}-G${n})`, r.swing) : 'no finite swing (a setting never pays back)']);
      const fmt = formatOf(r.metric);
      for (const c of [7, 8, 9, 10]) row.getCell(c).numFmt = fmt;
    });
    fitColumns(t, 8, 30);
  }

  const v = addSheet(wb, 'Variants', 1, 1);
  const c = csvColumns(manifest);
  header(v, ['variant', 'option', 'draw', ...c.parameters, ...c.metrics]); // results.csv's columns, named as there
  const listed = records.length > maxVariants ? records.slice(0, maxVariants) : records;
  if (listed.length < records.length) s.addRow([]), s.addRow([`The Variants sheet lists the first ${listed.length.toLocaleString('en-GB')} of the ${records.length.toLocaleString('en-GB')} variants; results.csv has them all.`]);
  for (const r of listed) {
    const row = v.addRow([r.variant, r.option, r.draw, ...c.parameters.map((p) => num(r.inputs[p])), ...c.metrics.map((m) => num(r.metrics[m] as number | null))]);
    c.metrics.forEach((m, i) => (row.getCell(4 + c.parameters.length + i).numFmt = formatOf(m)));
  }
  fitColumns(v, 8, 18);
  return workbookBytes(wb);
}
