/**
 * The workbook of `casecast compare`, from the document `--format json`
 * prints: a Comparison sheet (the scenarios, the seed and what the intervals
 * mean), then for each scenario against A its paired differences and what
 * differs in the files.
 */
import type { Comparison, Difference } from '../../engine/pipeline/compare.ts';
import { addSheet, fitColumns, formula, header, money, num, ratio, share, type Workbook } from './sheet.ts';
import { newWorkbook, workbookBytes } from './sheet.ts';

/** compare's JSON document (`casecast compare --format json`). */
type CompareDoc = Comparison;

const formatOf = (unit: Difference['unit']): string => (unit === 'money' ? money : unit === 'ratio' ? ratio : unit === 'share' ? share : unit === 'year' ? '0.0' : '#,##0.0');
const groups: Record<Difference['group'], string> = { caseload: 'Caseload and waiting', economics: 'Invest to save (present values)', staff: 'Staff and places paid', agency: 'By agency (present values)' };
const shown = (v: unknown): string | number | boolean => (v === null || v === undefined ? '–' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v));

/** The workbook's bytes. */
export async function compareWorkbook(doc: CompareDoc): Promise<Uint8Array> {
  const wb = await newWorkbook();
  addOverview(wb, doc);
  for (const c of doc.comparisons) addComparison(wb, doc, c);
  return workbookBytes(wb);
}

function addOverview(wb: Workbook, doc: CompareDoc): void {
  const ws = addSheet(wb, 'Comparison', 1, 1);
  header(ws, ['Scenario', 'File', 'Name', 'Scenario sha256']);
  for (const s of doc.scenarios) ws.addRow([s.label, s.file, s.name, s.sha256]);
  ws.addRow([]);
  ws.addRow(['Seed', doc.seed]);
  ws.addRow(['Replications each', doc.replications]);
  if (doc.draws !== undefined) {
    ws.addRow(['Parameter draws', doc.draws]);
    ws.addRow(['Replications per draw', doc.replicationsPerDraw ?? null]);
    ws.addRow(['Drawn from the uncertainty section of', doc.drawnFrom ?? '']);
  }
  ws.addRow(['Common random numbers', doc.commonRandomNumbers ? 'yes: replication k of every scenario sees the same people arriving' : 'no']);
  ws.addRow(['Caseload reported at years', doc.years.join(', ')]);
  ws.addRow([]);
  ws.addRow(['What the intervals mean']).font = { bold: true };
  ws.addRow(['Difference interval', doc.intervals.difference]);
  if (doc.intervals.uncertainty) ws.addRow(['Uncertainty interval', doc.intervals.uncertainty]);
  fitColumns(ws, 10, 70);
}

function addComparison(wb: Workbook, doc: CompareDoc, c: CompareDoc['comparisons'][number]): void {
  const L = c.labels.b;
  const A = c.labels.a;
  const ws = addSheet(wb, `${L} against ${A}`, 1, 2);
  const drawn = doc.draws !== undefined;
  header(ws, ['Group', 'Measure', A, L, `${L} − ${A} (mean of paired differences)`, `${L} − ${A} from the means (formula)`, 'Difference interval: low', 'Difference interval: high', ...(drawn ? ['Uncertainty interval: low', 'Uncertainty interval: high', `${L} better in (share of draws)`] : []), 'Replications used', 'Reading']);
  c.differences.forEach((d, i) => {
    const r = i + 2;
    const row = ws.addRow([
      groups[d.group] ?? d.group,
      d.label,
      num(d.a),
      num(d.b),
      num(d.difference.mean),
      Number.isFinite(d.a) && Number.isFinite(d.b) && d.a !== null && d.b !== null ? formula(`D${r}-C${r}`, d.b - d.a) : null,
      num(d.difference.lo),
      num(d.difference.hi),
      ...(drawn ? [num(d.uncertainty?.lo), num(d.uncertainty?.hi), num(d.uncertainty?.bBetterInDraws)] : []),
      d.n,
      d.verdict,
    ]);
    const fmt = formatOf(d.unit);
    for (let k = 3; k <= (drawn ? 10 : 8); k++) row.getCell(k).numFmt = fmt;
    if (drawn) row.getCell(11).numFmt = share;
  });
  ws.addRow([]);
  ws.addRow([`What differs in the files (resolved; times in years, rates per year)`]).font = { bold: true };
  header(ws, ['Path', A, L]);
  if (c.parameters.differences.length === 0) ws.addRow(['nothing: the scenarios are the same']);
  for (const p of c.parameters.differences) ws.addRow([p.path, shown(p.a), shown(p.b)]);
  if (c.parameters.notesDiffering > 0) ws.addRow([`and ${c.parameters.notesDiffering} description, source or assumption text(s)`]);
  fitColumns(ws, 10, 28);
  ws.getColumn(2).width = 44;
}
