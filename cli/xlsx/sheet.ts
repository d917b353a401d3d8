/**
 * The pieces every casecast workbook is made of: exceljs loaded on demand,
 * number formats, a header row that stays in view, and columns fitted to
 * what they hold.
 */
import type * as Excel from 'exceljs';

export type Workbook = Excel.Workbook;
export type Worksheet = Excel.Worksheet;
export type CellValue = Excel.CellValue;

/** Pounds to the penny, negatives with a minus sign. */
export const money = '"£"#,##0.00;-"£"#,##0.00';
/** Pounds, whole: for wide tables. */
export const wholeMoney = '"£"#,##0;-"£"#,##0';
export const integer = '0';
export const ratio = '0.000';
export const share = '0.0%';
export const factor = '0.000000';
export const count = '#,##0.0';

/** A new workbook (exceljs is loaded only when a workbook is asked for). */
export async function newWorkbook(): Promise<Workbook> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof Excel } & typeof Excel;
  const lib = mod.default ?? mod;
  const wb = new lib.Workbook();
  wb.creator = 'casecast';
  // A fixed date, so the same run writes the same bytes (the dates in the zip are fixed as well: see fixedZipDates).
  wb.created = wb.modified = new Date(Date.UTC(2000, 0, 1));
  return wb;
}

/**
 * Sets every entry's modification time in a zip file (an .xlsx is one) to
 * 1 January 2000, in both the local headers and the central directory, so the
 * bytes do not depend on when they were written.
 */
export function fixedZipDates(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dosDate = ((2000 - 1980) << 9) | (1 << 5) | 1;
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return bytes;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let k = 0; k < entries; k++) {
    if (view.getUint32(at, true) !== 0x02014b50) break;
    view.setUint16(at + 12, 0, true);
    view.setUint16(at + 14, dosDate, true);
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) === 0x04034b50) {
      view.setUint16(local + 10, 0, true);
      view.setUint16(local + 12, dosDate, true);
    }
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return bytes;
}

/** The workbook as the bytes of an .xlsx file. */
export async function workbookBytes(wb: Workbook): Promise<Uint8Array> {
  const buf = await wb.xlsx.writeBuffer();
  return fixedZipDates(new Uint8Array(buf as ArrayBuffer));
}

/** A sheet whose first `headerRows` rows (and `columns` columns) stay in view. */
export function addSheet(wb: Workbook, name: string, headerRows = 1, columns = 0): Worksheet {
  return wb.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', xSplit: columns, ySplit: headerRows }] });
}

/** Adds a bold header row. */
export function header(ws: Worksheet, names: readonly string[]): Excel.Row {
  const row = ws.addRow([...names]);
  row.font = { bold: true };
  row.alignment = { vertical: 'top', wrapText: true };
  return row;
}

/** A formula with the value casecast computed for it, so a reader that does not recalculate still sees the figure. */
export const formula = (text: string, result: number): CellValue => ({ formula: text, result: Number.isFinite(result) ? result : undefined }) as CellValue;

/** A number, or an empty cell for a missing or non-finite one. */
export const num = (x: number | null | undefined): CellValue => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** Sets the number format of columns by 1-based index, from row `from` on. */
export function formatColumns(ws: Worksheet, formats: Record<number, string>, from = 2): void {
  for (const [col, fmt] of Object.entries(formats)) {
    ws.getColumn(Number(col)).eachCell((cell, row) => {
      if (row >= from) cell.numFmt = fmt;
    });
  }
}

/** Fits each column's width to its longest entry (within limits), headers wrapped past `max`. */
export function fitColumns(ws: Worksheet, min = 8, max = 60): void {
  ws.columns.forEach((col) => {
    let width = min;
    col.eachCell?.({ includeEmpty: false }, (cell) => {
      const v = cell.value;
      const text = v === null || v === undefined ? '' : typeof v === 'object' && 'result' in v ? String((v as { result?: unknown }).result ?? '') : typeof v === 'number' ? v.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : String(v);
      width = Math.max(width, Math.min(max, text.length + (typeof v === 'number' || (typeof v === 'object' && v !== null) ? 4 : 2)));
    });
    col.width = width;
  });
}

/** An A1 column letter for a 1-based column index. */
export function columnLetter(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** A sheet name quoted for a formula. */
export const sheetRef = (name: string): string => `'${name.replace(/'/g, "''")}'`;
