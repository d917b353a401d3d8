import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The script casecast sweep --emit slurm writes, on a real Slurm cluster: a
 * one-node cluster on 127.0.0.1 in a temporary folder (tests/helpers/
 * slurm-cluster.sh: munged, MariaDB and slurmdbd for sacct, slurmctld,
 * slurmd). The sweep runs as a 4-task array; one task is requeued while it
 * runs (scontrol requeue kills it and queues it again) and continues its
 * shard from its journal; the merge job, submitted with afterok on the
 * array, writes files byte-identical to an unsharded run's. The sacct
 * timeline (every task, the requeue included) is printed.
 *
 * Without sbatch the test is skipped, unless CASECAST_REQUIRE_SLURM=1 (CI).
 */

const tools = ['sbatch', 'scontrol', 'squeue', 'sacct', 'slurmctld', 'slurmd', 'slurmdbd', 'munged', 'mariadbd', 'mariadb-install-db'];
const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const required = process.env.CASECAST_REQUIRE_SLURM === '1';
const runIt = missing.length === 0;
if (!runIt && !required) {
  console.log(`tests/e2e/slurm.test.ts skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm slurmdbd munge mariadb-server; CASECAST_REQUIRE_SLURM=1 makes this a failure)`);
}

const ROOT = resolve('.');
const SWEEP = 'tests/helpers/slurm-sweep.yaml';
const FINAL = ['results.jsonl', 'results.csv', 'tornado.csv', 'summary.json', 'manifest.json'];
const SHARDS = 4;
/** Shard 1 of 4 runs variants 0, 4, ..., 20 of the sweep's 21. */
const SHARD1_VARIANTS = 6;

const cluster = { dir: '', conf: '' };
let baseline: Promise<{ status: number | null; stderr: string }> | undefined;
let baselineChild: ReturnType<typeof spawn> | undefined;
const t0 = Date.now();
const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function slurm(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, SLURM_CONF: cluster.conf }, timeout: 20_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}
/** A job's state as slurmctld has it (PENDING, RUNNING, COMPLETED, ...), or '' once it has forgotten it. */
function jobState(id: string): string {
  const r = spawnSync('scontrol', ['show', 'job', id], { encoding: 'utf8', env: { ...process.env, SLURM_CONF: cluster.conf } });
  return /JobState=(\S+)/.exec(r.stdout)?.[1] ?? '';
}
const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);
function logs(): string {
  const out: string[] = [];
  for (const f of ['slurmctld.log', 'slurmd.log', 'slurmdbd.log']) {
    const p = join(cluster.dir, 'log', f);
    if (existsSync(p)) out.push(`--- ${f}\n${readFileSync(p, 'utf8').split('\n').slice(-25).join('\n')}`);
  }
  for (const name of ['logs/shard-1-of-4.log', 'logs/merge.log']) {
    const p = join(cluster.dir, 'out', name);
    if (existsSync(p)) out.push(`--- ${name}\n${readFileSync(p, 'utf8')}`);
  }
  return out.join('\n');
}
async function until<T>(what: string, limitMs: number, f: () => T | undefined | false): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = f();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out after ${limitMs / 1000} s waiting for ${what}\n${logs()}`);
    await sleep(50);
  }
}

describe.runIf(runIt || required)('casecast sweep --emit slurm on a real Slurm cluster', () => {
  beforeAll(() => {
    if (!runIt) return;
    cluster.dir = mkdtempSync(join(tmpdir(), 'casecast-slurm-'));
    // The unsharded run the merged files must match, alongside the cluster's start-up.
    baseline = new Promise((done) => {
      const child = (baselineChild = spawn(process.execPath, ['cli/bin.js', 'sweep', SWEEP, '-o', join(cluster.dir, 'unsharded'), '--workers', '1', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] }));
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('close', (status) => done({ status, stderr }));
    });
    const r = spawnSync('bash', ['tests/helpers/slurm-cluster.sh', 'start', join(cluster.dir, 'cluster')], { encoding: 'utf8', timeout: 60_000 });
    const conf = /^SLURM_CONF=(.*)$/m.exec(r.stdout)?.[1];
    if (r.status !== 0 || !conf) throw new Error(`the Slurm cluster did not start (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    cluster.conf = conf;
    console.log(`slurm: cluster up in ${elapsed()} (munged, mariadbd, slurmdbd, slurmctld, slurmd on 127.0.0.1)`);
  }, 70_000);

  afterAll(() => {
    if (!cluster.dir) return;
    if (baselineChild && baselineChild.exitCode === null) baselineChild.kill('SIGKILL');
    spawnSync('bash', ['tests/helpers/slurm-cluster.sh', 'stop', join(cluster.dir, 'cluster')], { stdio: 'inherit', timeout: 30_000 });
    rmSync(cluster.dir, { recursive: true, force: true });
  }, 40_000);

  it('runs the emitted array, resumes a task killed and requeued mid-run, merges after it: the same bytes as an unsharded run', async () => {
    if (!runIt) throw new Error(`CASECAST_REQUIRE_SLURM=1 but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed (apt-get install slurm-wlm slurmdbd munge mariadb-server)`);
    const out = join(cluster.dir, 'out');
    const emitted = spawnSync(process.execPath, ['cli/bin.js', 'sweep', SWEEP, '--emit', 'slurm', '--shards', String(SHARDS), '--cpus-per-task', '1', '-o', out], { encoding: 'utf8' });
    expect(emitted.status, emitted.stderr).toBe(0);
    const script = join(cluster.dir, 'sweep.sbatch');
    writeFileSync(script, emitted.stdout);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);

    // One command submits both jobs; CASECAST makes the jobs run this checkout's CLI.
    const env = { ...process.env, SLURM_CONF: cluster.conf, CASECAST: `${process.execPath} ${join(ROOT, 'cli', 'bin.js')}`, NO_COLOR: '1' };
    const submitted = spawnSync('bash', [script], { cwd: ROOT, encoding: 'utf8', env });
    expect(submitted.status, submitted.stderr).toBe(0);
    const ids = /submitted array job (\d+) .* and merge job (\d+)/.exec(submitted.stdout);
    expect(ids, submitted.stdout).not.toBeNull();
    const [array, merge] = [ids![1], ids![2]];
    const task = `${array}_1`;
    console.log(`slurm: ${elapsed()}: submitted array job ${array} (${SHARDS} tasks) and merge job ${merge} (--dependency=afterok:${array})`);

    // Requeue task 1 once its journal holds two variants (of its six), while it runs.
    const journal = join(out, 'shard-1-of-4', 'results.jsonl');
    await until('task 1 to save two variants', 90_000, () => lines(journal) >= 2);
    expect(jobState(task), 'task 1 was running when requeued').toBe('RUNNING');
    slurm('scontrol', ['requeue', task]);
    const requeuedAt = elapsed();
    // Once it is pending again its process is gone, and its journal is what it left.
    await until('the requeued task to be pending', 30_000, () => jobState(task) === 'PENDING');
    const savedWhenKilled = lines(journal);
    console.log(`slurm: ${requeuedAt}: scontrol requeue ${task} while RUNNING; its journal held ${savedWhenKilled} of ${SHARD1_VARIANTS} variants`);
    expect(savedWhenKilled).toBeGreaterThan(0);
    expect(savedWhenKilled).toBeLessThan(SHARD1_VARIANTS);
    // Slurm holds a requeued job back (BeginTime) for two minutes; let it start now.
    slurm('scontrol', ['update', `JobId=${task}`, 'StartTime=now']);

    const mergeState = await until('the merge job to end', 150_000, () => {
      const s = jobState(merge);
      return ['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'OUT_OF_MEMORY'].includes(s) && s;
    });
    console.log(`slurm: ${elapsed()}: merge job ${merge} ${mergeState}`);
    expect(mergeState, logs()).toBe('COMPLETED');

    const info = JSON.parse(readFileSync(join(out, 'shard-1-of-4', 'run-info.json'), 'utf8'));
    expect(info.variantsDoneBefore).toBe(savedWhenKilled);
    expect(info.variantsRun).toBe(SHARD1_VARIANTS - savedWhenKilled);
    expect(readFileSync(join(out, 'logs', 'shard-1-of-4.log'), 'utf8')).toContain(`continuing ${join(out, 'shard-1-of-4')}: ${savedWhenKilled} of ${SHARD1_VARIANTS} variants already done`);

    const base = await baseline!;
    expect(base.status, base.stderr).toBe(0);
    for (const name of FINAL) {
      expect(readFileSync(join(out, 'merged', name), 'utf8'), `${name}: merged differs from the unsharded run's`).toBe(readFileSync(join(cluster.dir, 'unsharded', name), 'utf8'));
    }

    // The timeline from accounting (slurmdbd may take a moment to record the last job).
    const fields = 'JobID%-10,JobIDRaw%-9,JobName%-26,State%-10,Submit,Start,End,Elapsed,ExitCode';
    const rows = await until('sacct to list every task, the requeue and the merge', 15_000, () => {
      const text = slurm('sacct', ['-D', '-X', '-P', '-n', '-j', `${array},${merge}`, '-o', 'JobID,State']);
      const got = text.trim().split('\n').map((l) => l.split('|'));
      const done = got.filter(([, s]) => s === 'COMPLETED').length;
      return done === SHARDS + 1 && got.some(([id, s]) => id === task && s === 'REQUEUED') && got;
    });
    expect(rows.filter(([id]) => id === task).map(([, s]) => s)).toEqual(['REQUEUED', 'COMPLETED']);
    const timeline = slurm('sacct', ['-D', '-X', '-j', `${array},${merge}`, '-o', fields]);
    console.log(`slurm: ${elapsed()}: sacct -D -X -j ${array},${merge}\n${timeline}`);
  }, 240_000);
});
