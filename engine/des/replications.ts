import { RandomStreams } from './rng.ts';

/** What one replication of a model is given: its index and its own random streams. */
export interface ReplicationContext {
  readonly replication: number;
  readonly streams: RandomStreams;
}

/** Which replications to run: `count` of them from index `first`, under one master seed. */
export interface ReplicationPlan {
  readonly seed: string | number;
  readonly count: number;
  readonly first?: number;
}

/**
 * Runs a model once per replication. Replication k always gets the streams of
 * (seed, k), so any subset of replications, run anywhere in any order, gives
 * the same results as the whole run.
 */
export function runReplications<R>(plan: ReplicationPlan, model: (ctx: ReplicationContext) => R): R[] {
  const first = plan.first ?? 0;
  if (!Number.isInteger(plan.count) || plan.count < 1) {
    throw new RangeError(`replications must be a whole number ≥ 1, got ${plan.count}`);
  }
  const results: R[] = [];
  for (let k = first; k < first + plan.count; k++) {
    results.push(model({ replication: k, streams: new RandomStreams(plan.seed, k) }));
  }
  return results;
}
