/**
 * casecast sweep --emit slurm|k8s: the batch job that runs a sweep as shards
 * on a scheduler and merges them. Slurm: one bash script that, run with bash
 * on a login node, submits itself as an array job (one task per shard) and a
 * merge job that waits for the array to succeed (--dependency=afterok), and
 * run by Slurm as an array task, runs that task's shard. Kubernetes: an
 * indexed Job (one completion per shard) and a suspended merge Job, as YAML.
 *
 * Each shard's folder is fixed by its task (OUT/shard-i-of-n), so a task
 * that is requeued, restarted or submitted again continues from its journal.
 */
import { basename, extname, join, normalize } from 'node:path';
import { InputError } from '../errors.ts';

export type EmitKind = 'slurm' | 'k8s';

export interface EmitOptions {
  kind: EmitKind;
  /** The sweep file, as the user gave it (relative to where the job is submitted). */
  file: string;
  /** The sweep's name and its number of variants, for the header. */
  name: string;
  variants: number;
  shards: number;
  cpusPerTask: number;
  /** The folder the shard folders, the logs and the merged sweep go under. */
  out: string;
  allowLarge: boolean;
}

/** Quotes a word for sh and bash: as is when it is plain, in single quotes otherwise. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A job name from the sweep file's name: lower case letters, digits and dashes (Kubernetes' rule), at most 40 characters. */
export function jobName(file: string): string {
  const stem = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `casecast-${stem || 'sweep'}`.slice(0, 40).replace(/-+$/, '');
}

/** The shard folders, 1-based: OUT/shard-i-of-n. */
export const shardFolder = (out: string, i: number | string, n: number): string => join(out, `shard-${i}-of-${n}`);

function check(o: EmitOptions): void {
  for (const [flag, v] of [['--shards', o.shards], ['--cpus-per-task', o.cpusPerTask]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new InputError(`${flag} must be a whole number ≥ 1, got ${v}.\n  fix: e.g. --shards 4 --cpus-per-task 8`);
  }
  if (o.shards > o.variants) {
    throw new InputError(`--shards ${o.shards} is more than the ${o.variants} variants of ${o.file}, so some shards would run nothing.\n  fix: --shards ${o.variants} or fewer`);
  }
  // The out folder goes into #SBATCH lines and YAML as it is, which take no quoting; '%' is a Slurm file-name pattern.
  if (!/^[A-Za-z0-9_@+=:,./-]+$/.test(o.out)) {
    throw new InputError(`--out ${JSON.stringify(o.out)}: with --emit the folder may hold only letters, digits and _ @ + = : , . / - (it goes into #SBATCH lines, which take no quotes).\n  fix: choose a folder without spaces or other signs, e.g. --out out/psa`);
  }
}

/** The job for `o.kind`, as text for stdout. */
export function emitJob(options: EmitOptions): string {
  check(options);
  const o = { ...options, out: normalize(options.out).replace(/(.)\/+$/, '$1') };
  return o.kind === 'slurm' ? slurmScript(o) : k8sManifest(o);
}

function emitCommand(o: EmitOptions): string {
  return ['casecast sweep', shellQuote(o.file), '--emit', o.kind, '--shards', String(o.shards), '--cpus-per-task', String(o.cpusPerTask), '--out', o.out, ...(o.allowLarge ? ['--allow-large'] : [])].join(' ');
}

function slurmScript(o: EmitOptions): string {
  const n = o.shards;
  const name = jobName(o.file);
  const logs = join(o.out, 'logs');
  const merged = join(o.out, 'merged');
  const shards = Array.from({ length: n }, (_, i) => shardFolder(o.out, i + 1, n));
  const file = shellQuote(o.file);
  const large = o.allowLarge ? ' --allow-large' : '';
  return `#!/bin/bash
# casecast on Slurm: ${oneLine(o.name)} (${o.file}, ${o.variants} variants)
# as an array job of ${n} shards, then casecast merge in a second job that starts
# once every shard has succeeded (--dependency=afterok).
# Written by: ${emitCommand(o)}
#
# Submit both jobs, from the folder this was written in (its paths are relative to it):
#   bash <this file> [sbatch options for both jobs, e.g. --partition=short --time=4:00:00]
# Task i runs shard i into ${shardFolder(o.out, 'i', n)} and logs to
# ${logs}/shard-i-of-${n}.log (appended); the merged sweep goes to ${merged}.
# A task that is requeued (#SBATCH --requeue: node failure, preemption,
# scontrol requeue) or submitted again continues its shard from the variants its
# folder's results.jsonl already holds. CASECAST is the command that runs
# casecast (default casecast), e.g. CASECAST="npx casecast" bash <this file>.
#SBATCH --job-name=${name}
#SBATCH --array=1-${n}
#SBATCH --cpus-per-task=${o.cpusPerTask}
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=${logs}/shard-%a-of-${n}.log
set -euo pipefail
CASECAST=\${CASECAST:-casecast}

if [ -z "\${SLURM_ARRAY_TASK_ID:-}" ]; then
  # Not an array task: submit the array, then the merge to run after it.
  if [ ! -f ${file} ]; then
    echo "$0: ${o.file} is not here; run this from the folder it was written in" >&2
    exit 2
  fi
  command -v sbatch >/dev/null || { echo "$0: sbatch is not on the PATH; run this on a Slurm login node" >&2; exit 2; }
  mkdir -p ${logs}
  array=$(sbatch --parsable "$@" "$0")
  array=\${array%%;*}
  merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \\
    --job-name=${name}-merge --cpus-per-task=1 --requeue --open-mode=append \\
    --output=${logs}/merge.log "$@" <<'MERGE'
#!/bin/bash
set -euo pipefail
exec \${CASECAST:-casecast} merge ${shards.join(' ')} --out ${merged}
MERGE
)
  merge=\${merge%%;*}
  echo "submitted array job $array (${n} shards of ${o.file}) and merge job $merge (runs once all ${n} have succeeded)"
  echo "results: ${merged}   logs: ${logs}   progress: squeue -j $array,$merge"
  exit 0
fi

# An array task: shard SLURM_ARRAY_TASK_ID of ${n}, in its own folder.
exec $CASECAST sweep ${file} --shard auto --workers "\${SLURM_CPUS_PER_TASK:-${o.cpusPerTask}}" \\
  --out "${o.out}/shard-\${SLURM_ARRAY_TASK_ID}-of-${n}"${large}
`;
}

function k8sManifest(o: EmitOptions): string {
  const n = o.shards;
  const name = jobName(o.file);
  const merged = join(o.out, 'merged');
  const shards = Array.from({ length: n }, (_, i) => shardFolder(o.out, i + 1, n));
  const large = o.allowLarge ? ' --allow-large' : '';
  const sweepCmd = `exec npx casecast sweep ${shellQuote(o.file)} --shard auto --workers ${o.cpusPerTask} --out "${o.out}/shard-$((JOB_COMPLETION_INDEX + 1))-of-${n}"${large}`;
  const mergeCmd = `exec npx casecast merge ${shards.join(' ')} --out ${merged}`;
  const pod = (container: string, cmd: string, cpus: number, env: string): string => `    spec:
      restartPolicy: OnFailure
      containers:
        - name: ${container}
          image: node:20
          workingDir: /data/casecast
          command: ["sh", "-c"]
          args:
            - ${JSON.stringify(cmd)}
${env}          resources:
            requests: { cpu: "${cpus}" }
            limits: { cpu: "${cpus}" }
          volumeMounts:
            - { name: work, mountPath: /data }
      volumes:
        - name: work
          persistentVolumeClaim: { claimName: casecast-work }
`;
  return `# casecast on Kubernetes: ${oneLine(o.name)} (${o.file}, ${o.variants} variants)
# as an indexed Job of ${n} shards, and a merge Job (suspended) to run after it.
# Written by: ${emitCommand(o)}
#
# The pods run npx casecast in /data/casecast, a checkout of the project with npm ci done
# on the volume claim casecast-work (ReadWriteMany when pods share nodes); edit
# image, workingDir and claimName to suit. Run it all with:
#   kubectl apply -f <this file> \\
#     && kubectl wait --for=condition=complete --timeout=24h job/${name} \\
#     && kubectl patch job ${name}-merge --type=merge -p '{"spec":{"suspend":false}}'
# Pod i (JOB_COMPLETION_INDEX i - 1; CASECAST_SHARDS gives the count, which
# Kubernetes does not set) runs shard i into ${shardFolder(o.out, 'i', n)};
# a pod that is restarted or evicted continues from its folder's results.jsonl.
# The merged sweep goes to ${merged}.
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}
  labels: { app.kubernetes.io/name: casecast }
spec:
  completionMode: Indexed
  completions: ${n}
  parallelism: ${n}
  backoffLimit: ${3 * n}
  template:
${pod('shard', sweepCmd, o.cpusPerTask, `          env:\n            - { name: CASECAST_SHARDS, value: "${n}" }\n`)}---
apiVersion: batch/v1
kind: Job
metadata:
  name: ${name}-merge
  labels: { app.kubernetes.io/name: casecast }
spec:
  suspend: true
  backoffLimit: 2
  template:
${pod('merge', mergeCmd, 1, '')}`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
