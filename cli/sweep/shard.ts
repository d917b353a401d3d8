/** --shard i/n: which variants a shard runs. Round robin by variant index, so every shard gets a like mix of parameters and draws. */
import { InputError } from '../errors.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard expects i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 (the second of four); got ${JSON.stringify(text)}.\n  A Slurm array task can pass --shard $SLURM_ARRAY_TASK_ID/4 with --array=1-4; a Kubernetes indexed job --shard $((JOB_COMPLETION_INDEX + 1))/4`);
  }
  return { index, count };
}

/** The shard (1-based) that runs variant k of a sweep split n ways. */
export const shardOf = (k: number, n: number): number => (k % n) + 1;
