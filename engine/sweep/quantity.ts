/**
 * A scenario value as a number and the unit written around it: "0.04 per
 * month" is 0.04 with " per month" after it, 14 is 14 with nothing. Sweeps
 * vary the number and write the unit back, so every variant reads like a file.
 */
export interface Quantity {
  value: number;
  prefix: string;
  suffix: string;
}

const pattern = /^\s*(£?)\s*([-+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)(.*?)\s*$/i;

/** Reads a number or a number with a unit; null when the value is neither (a map, a list, plain text). */
export function readQuantity(v: unknown): Quantity | null {
  if (typeof v === 'number') return Number.isFinite(v) ? { value: v, prefix: '', suffix: '' } : null;
  if (typeof v !== 'string') return null;
  const m = pattern.exec(v);
  if (!m) return null;
  const value = Number(m[2].replace(/,/g, ''));
  return Number.isFinite(value) ? { value, prefix: m[1], suffix: m[3].trim() === '' ? '' : ` ${m[3].trim()}` } : null;
}

/** The unit of a quantity as people read it: "per month", "£", or "" for a plain number. */
export const unitText = (q: Pick<Quantity, 'prefix' | 'suffix'>): string => `${q.prefix}${q.suffix}`.trim();

/** Same unit, ignoring spacing and case. */
export const sameUnit = (a: Pick<Quantity, 'prefix' | 'suffix'>, b: Pick<Quantity, 'prefix' | 'suffix'>): boolean =>
  unitText(a).toLowerCase().replace(/\s+/g, ' ') === unitText(b).toLowerCase().replace(/\s+/g, ' ');

/** A number kept to 12 significant figures, so sampled inputs print and round-trip cleanly. */
export const tidy = (x: number): number => Number(x.toPrecision(12)) + 0;

/** The value to write into a scenario: a plain number, or text with the unit. */
export function writeQuantity(value: number, unit: Pick<Quantity, 'prefix' | 'suffix'>): number | string {
  return unit.prefix === '' && unit.suffix === '' ? value : `${unit.prefix}${value}${unit.suffix}`;
}

/** A number for a message: 3 significant digits, enough to recognise the input. */
export function messageNumber(x: number): string {
  return Number.isFinite(x) && !Number.isInteger(x) ? String(Number(x.toPrecision(3))) : String(x);
}
