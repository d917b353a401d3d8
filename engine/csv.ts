/** CSV cells in and out, as the CLI writes them and the viewer reads them. */

/**
 * Text a spreadsheet would run as a formula: a cell starting with =, +, -, @,
 * tab or carriage return (OWASP's CSV-injection list), also after any single
 * quotes, so that the quote the writer adds can be taken off again exactly.
 */
const FORMULA = /^'*[=+\-@\t\r]/;
/** Text that is just a number ("-0.5", "+3e2"): a spreadsheet reads it as that number, so it is left alone. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A CSV cell: numbers as JavaScript writes them (missing = empty), text quoted
 * when it needs to be. Text that a spreadsheet would run as a formula is
 * prefixed with a single quote and quoted, so it shows as text; numbers,
 * negative ones included, stay numbers.
 */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const guarded = FORMULA.test(v) && !NUMBER.test(v);
  const text = guarded ? `'${v}` : v;
  return guarded || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell's text as written before `cell` guarded it against formulas. */
const unguard = (s: string): string => (s.startsWith("'") && FORMULA.test(s.slice(1)) && !NUMBER.test(s.slice(1)) ? s.slice(1) : s);

/** A CSV line (no newline) of cells. */
export const csvRow = (cells: (string | number | null | undefined)[]): string => cells.map(cell).join(',');

/** Splits one CSV line into trimmed cells, honouring double-quoted fields and taking off the writer's formula guard. */
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
  return out.map((s) => unguard(s.trim()));
}

/**
 * A byte-order mark first, for CSV files people open in a spreadsheet: without
 * it Excel reads UTF-8 as the local code page, and "£" shows as "Â£".
 */
export const withBom = (csv: string): string => `\uFEFF${csv}`;

/** The text without a leading byte-order mark, for reading a CSV file back. */
export const withoutBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);
