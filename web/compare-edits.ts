/**
 * Which of A's panel edits B runs with. A commissioner comparing two designs
 * wants them priced and appraised alike, so edits to the shared assumptions —
 * unit costs, the discount rate and the horizon — carry over to B (with A's
 * seed and replications). Edits that describe A's own programme (staff,
 * caseloads, referrals, pathway rates, closure) do not: B is another design,
 * and copying them would erase the difference being compared. Pure: no DOM.
 */
import type { Override } from '../engine/model/overrides.ts';
import type { Param } from './params.ts';
import { isUnitCostPath } from './unit-costs.ts';

/** Panel fields that describe prices and appraisal rather than the programme. */
export const isShared = (path: string): boolean => isUnitCostPath(path) || path === 'economics.appraisal.discountRate' || path === 'horizon';

export interface EditsForB {
  /** Shared edits B's file also has a field for: B runs with these. */
  applied: Override[];
  /** A's other edits, with why B does not take them. */
  kept: Array<{ override: Override; why: 'A only' | 'not in B' }>;
}

export function editsForB(overrides: readonly Override[], bParams: readonly Param[]): EditsForB {
  const inB = new Set(bParams.map((p) => p.path));
  const out: EditsForB = { applied: [], kept: [] };
  for (const o of overrides) {
    if (!isShared(o.path)) out.kept.push({ override: o, why: 'A only' });
    else if (!inB.has(o.path)) out.kept.push({ override: o, why: 'not in B' });
    else out.applied.push(o);
  }
  return out;
}

/** One line for the page saying what B ran with. */
export function editsNote(e: EditsForB, labelOf: (path: string) => string): string {
  const list = (os: Override[]): string => os.map((o) => labelOf(o.path)).join('; ');
  const applied = e.applied.length ? `B also takes A's edits to shared assumptions: ${list(e.applied)}.` : "B runs its own file's values: A has no edits to shared assumptions (unit costs, discount rate, horizon).";
  const aOnly = e.kept.filter((k) => k.why === 'A only').map((k) => k.override);
  const notInB = e.kept.filter((k) => k.why === 'not in B').map((k) => k.override);
  return [
    `B runs on A's seed and replications. ${applied}`,
    aOnly.length ? `A's programme edits stay A's: ${list(aOnly)}.` : '',
    notInB.length ? `B's file has no such field for: ${list(notInB)}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}
