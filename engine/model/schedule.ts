import type { Schedule } from './scenario.ts';

/** The value of a schedule at time `t` (years): the last change at or before `t`, or the starting value. */
export function scheduleAt(s: Schedule, t: number): number {
  let v = s.value;
  for (const c of s.changes) if (c.at <= t) v = c.value;
  return v;
}
