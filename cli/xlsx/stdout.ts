/** A workbook on stdout: only when stdout is redirected, since its bytes would garble a terminal. */
import { InputError } from '../errors.ts';

/** Refuses --format xlsx before any work is done when stdout is a terminal. */
export function checkWorkbookStdout(flag = '--format xlsx'): void {
  if (process.stdout.isTTY) {
    throw new InputError(`${flag} writes a binary Excel workbook, and stdout is a terminal.\n  fix: redirect it to a file (e.g. ${flag} > results.xlsx), or use --out DIR, which also writes casecast.xlsx`);
  }
}

/** Writes the workbook's bytes to stdout and waits until they are handed over. */
export function writeWorkbook(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())));
}
