/**
 * "Inputs and assumptions": every value of the scenario's data (through its
 * `extends` chain, with --set applied) by its path, split into number and
 * unit as the file writes it ("16.8 per month"), with the `source:` or
 * `assumption:` beside it; then the uncertainty section's parameters with
 * their distributions.
 */
import type { Results } from '../../engine/results.ts';
import { addSheet, fitColumns, header, type CellValue, type Workbook } from './sheet.ts';

export const inputsSheet = 'Inputs and assumptions';

const notes = new Set(['source', 'assumption', 'description']);

interface Leaf {
  path: string;
  value: CellValue;
  unit: string;
  source: string;
  assumption: string;
}

const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const join = (path: string, key: string | number): string => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

/** A value as number and unit when it reads as one ("10 years", "£1,200"), else as it is. */
function split(v: unknown): { value: CellValue; unit: string } {
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v as CellValue, unit: '' };
  if (typeof v !== 'string') return { value: JSON.stringify(v), unit: '' };
  const m = /^(£)?\s*(-?\d[\d,]*(?:\.\d+)?)\s*(%)?\s*(.*)$/.exec(v.trim());
  if (m && !/^\d{4}-\d\d/.test(v)) {
    const n = Number(m[2].replace(/,/g, ''));
    if (Number.isFinite(n)) return { value: m[3] ? n / 100 : n, unit: [m[1] ? '£' : '', m[3] ? '(share, written as %)' : '', m[4]].filter(Boolean).join(' ') };
  }
  return { value: v, unit: '' };
}

function walk(node: unknown, path: string, out: Leaf[], inherited: { source: string; assumption: string }): void {
  if (Array.isArray(node)) {
    if (node.every((x) => !isMap(x) && !Array.isArray(x))) {
      out.push({ path, value: node.map(String).join(', '), unit: '', ...inherited });
      return;
    }
    node.forEach((x, i) => walk(x, join(path, i), out, inherited));
    return;
  }
  if (!isMap(node)) {
    out.push({ path, ...split(node), ...inherited });
    return;
  }
  const own = {
    source: typeof node.source === 'string' ? node.source : inherited.source,
    assumption: typeof node.assumption === 'string' ? node.assumption : typeof node.source === 'string' ? '' : inherited.assumption,
  };
  for (const [k, v] of Object.entries(node)) {
    if (notes.has(k) && typeof v === 'string') continue;
    walk(v, join(path, k), out, own);
  }
}

/** Adds the sheet; `raw` is the scenario's data, `setPaths` the paths --set changed. */
export function addInputs(wb: Workbook, results: Results, raw: unknown, setPaths: readonly string[]): void {
  const ws = addSheet(wb, inputsSheet, 1, 1);
  header(ws, ['Path', 'Value', 'Unit', 'Source', 'Assumption', 'Set by --set', 'Drawn (uncertainty section)']);
  const drawn = new Map<string, string>();
  for (const p of results.uncertainty?.parameters ?? []) for (const path of p.paths) drawn.set(path, p.name);
  const leaves: Leaf[] = [];
  const skip = results.uncertainty ? 'uncertainty' : null;
  if (isMap(raw)) {
    for (const [k, v] of Object.entries(raw)) {
      if (k === skip || k === 'extends') continue;
      if (notes.has(k) && typeof v === 'string') continue;
      walk(v, k, leaves, { source: '', assumption: '' });
    }
  }
  const set = (path: string): boolean => setPaths.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`));
  for (const l of leaves) ws.addRow([l.path, l.value, l.unit, l.source, l.assumption, set(l.path) ? 'yes' : '', drawn.get(l.path) ?? '']);
  const params = results.uncertainty?.parameters ?? [];
  if (params.length > 0) {
    ws.addRow([]);
    ws.addRow(['Parameters drawn (the uncertainty section)']).font = { bold: true };
    header(ws, ['Parameter', 'Central value', 'Unit', 'Source', 'Assumption', 'Paths', 'Distribution']);
    for (const p of params) {
      const dist = p.from === 'posterior' ? 'joint posterior (calibration)' : Object.entries(p.from).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
      ws.addRow([`${p.label} (${p.name})`, p.base, p.unit, p.source ?? '', p.assumption ?? '', p.paths.join(', '), dist]);
    }
  }
  fitColumns(ws, 8, 50);
  for (const c of [4, 5]) ws.getColumn(c).width = 60;
}
