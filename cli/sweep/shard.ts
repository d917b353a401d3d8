/** --shard i/n: which variants a shard runs. Round robin by variant index, so every shard gets a like mix of parameters and draws. */
import { InputError } from '../errors.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (/^\s*auto\s*$/i.test(text)) return shardFromEnv(env);
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new InputError(`--shard expects i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 (the second of four), or auto; got ${JSON.stringify(text)}.\n  A Slurm array task or a Kubernetes indexed job can pass --shard auto (see casecast sweep --help); casecast sweep --emit slurm|k8s writes the whole job`);
  }
  return { index, count };
}

/** A whole number ≥ 0 from an environment variable, or undefined when it is unset or empty. */
function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(raw)) throw new InputError(`--shard auto: the environment variable ${name} is ${JSON.stringify(raw)}, not a whole number.\n  fix: run under the scheduler that sets it, or pass --shard i/n`);
  return Number(raw);
}

/**
 * --shard auto: the shard from the scheduler's environment.
 *
 * - Slurm array task: SLURM_ARRAY_TASK_ID, with SLURM_ARRAY_TASK_MIN (so
 *   --array=0-3 and --array=1-4 both work) and SLURM_ARRAY_TASK_COUNT; the
 *   array must be a range with step 1 (MAX − MIN + 1 = COUNT).
 * - Kubernetes indexed job: JOB_COMPLETION_INDEX (0-based) with
 *   CASECAST_SHARDS, the job's completions (Kubernetes sets no count
 *   variable, so the manifest sets it).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): Shard {
  const task = envInt(env, 'SLURM_ARRAY_TASK_ID');
  if (task !== undefined) {
    const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT');
    const min = envInt(env, 'SLURM_ARRAY_TASK_MIN');
    const max = envInt(env, 'SLURM_ARRAY_TASK_MAX');
    if (count === undefined || min === undefined) {
      throw new InputError(`--shard auto: SLURM_ARRAY_TASK_ID is ${task} but ${count === undefined ? 'SLURM_ARRAY_TASK_COUNT' : 'SLURM_ARRAY_TASK_MIN'} is not set, so the number of shards is unknown.\n  fix: submit as a Slurm array job (sbatch --array=1-N; Slurm sets both), or pass --shard ${task}/N`);
    }
    if (count < 1 || (max !== undefined && max - min + 1 !== count) || task < min || task - min >= count) {
      throw new InputError(`--shard auto: the Slurm array is tasks ${min}-${max ?? '?'} with ${count} tasks (this one ${task}), not a range with step 1, so its tasks do not map to shards 1-${count}.\n  fix: submit with --array=1-N (or 0-(N−1)), e.g. --array=1-4, and limit how many run at once with %, e.g. --array=1-4%2`);
    }
    return { index: task - min + 1, count };
  }
  const index = envInt(env, 'JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    const count = envInt(env, 'CASECAST_SHARDS');
    if (count === undefined) {
      throw new InputError(`--shard auto: JOB_COMPLETION_INDEX is ${index} (a Kubernetes indexed job) but CASECAST_SHARDS is not set; Kubernetes sets no variable with the job's completions.\n  fix: set env CASECAST_SHARDS to the job's completions in the pod template (casecast sweep --emit k8s writes it), or pass --shard ${index + 1}/N`);
    }
    if (count < 1 || index >= count) {
      throw new InputError(`--shard auto: JOB_COMPLETION_INDEX is ${index} but CASECAST_SHARDS is ${count}, so it is not one of shards 1-${count} (the index is 0-based).\n  fix: set CASECAST_SHARDS to the job's spec.completions`);
    }
    return { index: index + 1, count };
  }
  throw new InputError(`--shard auto: neither SLURM_ARRAY_TASK_ID (a Slurm array task) nor JOB_COMPLETION_INDEX (a Kubernetes indexed job) is set, so there is no shard to pick.\n  fix: run it inside a Slurm array job or a Kubernetes indexed job (casecast sweep --emit slurm|k8s writes one), or pass --shard i/n`);
}

/** The shard (1-based) that runs variant k of a sweep split n ways. */
export const shardOf = (k: number, n: number): number => (k % n) + 1;
