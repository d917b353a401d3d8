/**
 * Prices a basket of service use with a unit-cost library: counts × unit costs,
 * in total and by the agency that pays. This is the arithmetic the evaluation
 * reports use for their case-study cost profiles ("the unit cost identified
 * multiplied by the recorded number of times that service had been used",
 * 000 §7.5.2). Pure: no I/O.
 */
import { agencies, type Agency } from './types.ts';

/** Checks a basket and yields each (key, count, unit cost) in it. */
function* priced<U extends { cost: number }>(
  counts: Record<string, number>,
  unitCosts: Record<string, U>,
): Generator<[string, number, U]> {
  for (const [key, count] of Object.entries(counts)) {
    if (!Object.hasOwn(unitCosts, key)) {
      const known = Object.keys(unitCosts).sort();
      throw new Error(
        `unknown unit cost "${key}": it is not in the unit-cost library` +
          (known.length ? ` (which has ${known.join(', ')})` : ' (which is empty)'),
      );
    }
    if (!Number.isFinite(count) || count < 0) {
      throw new Error(`count for unit cost "${key}" must be a finite number of at least 0, got ${count}`);
    }
    const unit = unitCosts[key];
    if (!Number.isFinite(unit.cost)) throw new Error(`unit cost "${key}" has no finite cost (got ${unit.cost})`);
    yield [key, count, unit];
  }
}

/**
 * Cost of a basket of service use: the sum over items of count × unit cost.
 * Throws an Error naming any key not in `unitCosts`, or a negative or
 * non-finite count.
 */
export function costOfUse(counts: Record<string, number>, unitCosts: Record<string, { cost: number }>): number {
  let total = 0;
  for (const [, count, unit] of priced(counts, unitCosts)) total += count * unit.cost;
  return total;
}

/**
 * Cost of a basket of service use split by the agency that pays each unit
 * cost. Every agency is present in the result (0 where none of the basket
 * falls to it), so the values sum to `costOfUse` of the same basket.
 */
export function costByAgency(
  counts: Record<string, number>,
  unitCosts: Record<string, { cost: number; agency: Agency }>,
): Record<Agency, number> {
  const out = Object.fromEntries(agencies.map((a) => [a, 0])) as Record<Agency, number>;
  for (const [key, count, unit] of priced(counts, unitCosts)) {
    if (!(agencies as readonly string[]).includes(unit.agency)) {
      throw new Error(`unit cost "${key}" has unknown agency "${unit.agency}"; expected one of ${agencies.join(', ')}`);
    }
    out[unit.agency] += count * unit.cost;
  }
  return out;
}
