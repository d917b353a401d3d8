/** CSV cells in and out, as the CLI writes them and the viewer reads them. */

/** A CSV cell: numbers as JavaScript writes them (missing = empty), text quoted when it needs to be. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV line (no newline) of cells. */
export const csvRow = (cells: (string | number | null | undefined)[]): string => cells.map(cell).join(',');

/** Splits one CSV line into trimmed cells, honouring double-quoted fields. */
export function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}
