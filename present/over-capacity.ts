import type { OverCapacity } from '../engine/results.ts';
import { pct } from './format.ts';

/** Plain-language summary of when caseload first exceeds capacity. */
export function describeOverCapacity(o: OverCapacity): string {
  if (o.never === 1) return 'never within the horizon';
  const parts = o.byYear.map((y) => `year ${y.year} in ${pct(y.share)}`);
  if (o.never > 0) parts.push(`never in ${pct(o.never)}`);
  return `${o.median === null ? 'mostly never' : `median year ${o.median}`} (${parts.join(', ')} of replications)`;
}
