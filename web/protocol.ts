/** Messages between the page and the engine worker. */
import type { Results } from '../engine/results.ts';

export interface RunRequest {
  type: 'run';
  /** Identifies this run, so stale replies from an earlier run are ignored. */
  id: number;
  /** The scenario's text and the name it is read as (e.g. "scenarios/liverpool-waves-of-hope.yaml"). */
  text: string;
  file: string;
  /** Other files `extends` may name, keyed the same way ("scenarios/unit-costs.yaml"). */
  files: Record<string, string>;
  seed: string;
  replications: number;
}

export type WorkerReply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'invalid'; id: number; problems: string }
  /** The scenario loads, but the run would be beyond the viewer's limits: nothing was run. */
  | { type: 'too-big'; id: number; problems: string }
  | { type: 'results'; id: number; results: Results; ms: number; last: LastValues }
  | { type: 'failed'; id: number; message: string };

/** Per-replication values at the last period, in replication order, for paired (common random numbers) differences. */
export interface LastValues {
  total: number[];
  waiting: number[];
  npv: number[] | null;
}
