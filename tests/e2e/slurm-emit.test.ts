import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../../cli/errors.ts';
import { emitJob, jobName, shellQuote, type EmitOptions } from '../../cli/sweep/emit.ts';
import { parseShard } from '../../cli/sweep/shard.ts';

/**
 * casecast sweep --emit slurm|k8s and --shard auto, without a scheduler: the
 * shard each scheduler's variables pick, the errors when they are missing,
 * and the emitted script and manifest (bash -n, YAML, and the script run with
 * a stand-in sbatch and casecast). tests/e2e/slurm.test.ts runs the script on
 * a real Slurm cluster.
 */

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'casecast-emit-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SWEEP = 'tests/helpers/slurm-sweep.yaml';
const base: EmitOptions = { kind: 'slurm', file: SWEEP, name: 'A sweep', variants: 21, shards: 4, cpusPerTask: 8, out: 'out/psa', allowLarge: false };
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
const inputError = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('--shard auto', () => {
  const slurm = (id: number, min: number, count: number, max = min + count - 1) => ({ SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: String(min), SLURM_ARRAY_TASK_MAX: String(max), SLURM_ARRAY_TASK_COUNT: String(count) });

  it('a Slurm array task: 1-based and 0-based arrays give shards 1..n', () => {
    expect(parseShard('auto', slurm(1, 1, 4))).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto', slurm(4, 1, 4))).toEqual({ index: 4, count: 4 });
    expect(parseShard('auto', slurm(0, 0, 4))).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto', slurm(3, 0, 4))).toEqual({ index: 4, count: 4 });
    expect(parseShard(' AUTO ', slurm(7, 5, 3))).toEqual({ index: 3, count: 3 });
  });

  it('a Kubernetes indexed job: JOB_COMPLETION_INDEX (0-based) with CASECAST_SHARDS', () => {
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '0', CASECAST_SHARDS: '4' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '3', CASECAST_SHARDS: '4' })).toEqual({ index: 4, count: 4 });
  });

  it('says which variable is missing or wrong, and the fix', () => {
    expect(inputError(() => parseShard('auto', {}))).toMatch(/--shard auto: neither SLURM_ARRAY_TASK_ID .* nor JOB_COMPLETION_INDEX .* is set[\s\S]*fix: .*--emit slurm\|k8s.*--shard i\/n/);
    expect(inputError(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '2' }))).toMatch(/SLURM_ARRAY_TASK_ID is 2 but SLURM_ARRAY_TASK_COUNT is not set[\s\S]*fix: submit as a Slurm array job .*or pass --shard 2\/N/);
    expect(inputError(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '7', SLURM_ARRAY_TASK_COUNT: '4' }))).toMatch(/not a range with step 1[\s\S]*fix: submit with --array=1-N/);
    expect(inputError(() => parseShard('auto', { JOB_COMPLETION_INDEX: '2' }))).toMatch(/JOB_COMPLETION_INDEX is 2 .* but CASECAST_SHARDS is not set[\s\S]*fix: set env CASECAST_SHARDS/);
    expect(inputError(() => parseShard('auto', { JOB_COMPLETION_INDEX: '4', CASECAST_SHARDS: '4' }))).toMatch(/not one of shards 1-4 \(the index is 0-based\)/);
    expect(inputError(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: 'x' }))).toMatch(/SLURM_ARRAY_TASK_ID is "x", not a whole number/);
    expect(inputError(() => parseShard('5/4'))).toMatch(/--shard expects i\/n .* or auto; got "5\/4"/);
  });

  it('the CLI: --shard auto outside a scheduler is an input error (exit 2); inside an array task it runs its shard', () => {
    const none = cli(['sweep', 'tests/sweeps/oneway-fast.yaml', '--shard', 'auto', '-o', join(tempDir(), 's'), '--workers', '1', '-q'], { SLURM_ARRAY_TASK_ID: '', JOB_COMPLETION_INDEX: '' });
    expect(none.status, none.stderr).toBe(2);
    expect(none.stderr).toMatch(/--shard auto: neither SLURM_ARRAY_TASK_ID/);
    const dir = join(tempDir(), 's');
    const r = cli(['sweep', 'tests/sweeps/oneway-fast.yaml', '--shard', 'auto', '-o', dir, '--workers', '1', '-q'], { JOB_COMPLETION_INDEX: '2', CASECAST_SHARDS: '3', SLURM_ARRAY_TASK_ID: '' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).shard).toEqual({ index: 3, count: 3, variants: 7 });
  });
});

describe('--emit slurm', () => {
  it('writes an array script with the shards, CPUs, requeue settings, folders and the merge after it; bash -n accepts it', () => {
    const s = emitJob(base);
    expect(spawnSync('bash', ['-n'], { input: s }).status).toBe(0);
    for (const line of ['#SBATCH --array=1-4', '#SBATCH --cpus-per-task=8', '#SBATCH --requeue', '#SBATCH --open-mode=append', '#SBATCH --output=out/psa/logs/shard-%a-of-4.log', '#SBATCH --job-name=casecast-slurm-sweep']) {
      expect(s.split('\n')).toContain(line);
    }
    expect(s).toContain('--dependency=afterok:"$array"');
    expect(s).toContain('merge out/psa/shard-1-of-4 out/psa/shard-2-of-4 out/psa/shard-3-of-4 out/psa/shard-4-of-4 --out out/psa/merged');
    expect(s).toContain(`sweep ${SWEEP} --shard auto --workers "\${SLURM_CPUS_PER_TASK:-8}"`);
    expect(s).toContain('--out "out/psa/shard-${SLURM_ARRAY_TASK_ID}-of-4"');
    expect(s).not.toContain('--allow-large');
    expect(emitJob({ ...base, allowLarge: true })).toContain('--allow-large');
  });

  it('run with bash, it submits the array and then the merge with afterok on it; as array task i it runs shard i into its fixed folder', () => {
    const dir = tempDir();
    const script = join(dir, 'job.sbatch');
    writeFileSync(script, emitJob({ ...base, file: 'sweep file.yaml', out: join(dir, 'out') }));
    writeFileSync(join(dir, 'sweep file.yaml'), 'x');
    // A stand-in sbatch: records its arguments and its stdin, answers a job id as --parsable does.
    const bin = join(dir, 'bin');
    spawnSync('mkdir', [bin]);
    writeFileSync(join(bin, 'sbatch'), `#!/bin/bash\nn=$(( $(cat ${dir}/count 2>/dev/null || echo 0) + 1 ))\necho $n > ${dir}/count\nmkdir -p ${dir}/calls\nprintf '%s\\n' "$@" > ${dir}/calls/$n.args\n[ -t 0 ] || cat > ${dir}/calls/$n.stdin\necho "$((100 + n));cluster"\n`);
    chmodSync(join(bin, 'sbatch'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, CASECAST: 'echo casecast' };
    const submit = spawnSync('bash', [script, '--partition=short'], { cwd: dir, encoding: 'utf8', env, input: '' });
    expect(submit.status, submit.stderr).toBe(0);
    expect(submit.stdout).toMatch(/submitted array job 101 \(4 shards of sweep file.yaml\) and merge job 102/);
    const args = (n: number): string[] => readFileSync(join(dir, 'calls', `${n}.args`), 'utf8').trimEnd().split('\n');
    expect(args(1)).toEqual(['--parsable', '--partition=short', script]);
    expect(args(2)).toEqual(expect.arrayContaining(['--dependency=afterok:101', '--partition=short', '--requeue', '--open-mode=append']));
    const merge = readFileSync(join(dir, 'calls', '2.stdin'), 'utf8');
    expect(spawnSync('bash', ['-n'], { input: merge }).status).toBe(0);
    expect(merge).toContain(`merge ${[1, 2, 3, 4].map((i) => join(dir, 'out', `shard-${i}-of-4`)).join(' ')} --out ${join(dir, 'out', 'merged')}`);

    const task = spawnSync('bash', [script], { cwd: dir, encoding: 'utf8', env: { ...env, SLURM_JOB_ID: '103', SLURM_ARRAY_TASK_ID: '3', SLURM_CPUS_PER_TASK: '8' } });
    expect(task.status, task.stderr).toBe(0);
    expect(task.stdout.trim()).toBe(`casecast sweep sweep file.yaml --shard auto --workers 8 --out ${join(dir, 'out', 'shard-3-of-4')}`);
  });

  it('refuses what cannot work: flags that clash with --emit, too many shards, an --out with spaces', () => {
    const refused = (args: string[], message: RegExp): void => {
      const r = cli(['sweep', SWEEP, ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    };
    refused(['--emit', 'slurm', '--workers', '2'], /--workers does not go with --emit slurm: each task runs --cpus-per-task workers[\s\S]*fix: leave out --workers/);
    refused(['--emit', 'slurm', '--shard', '1/4'], /--shard does not go with --emit slurm/);
    refused(['--emit', 'k8s', '--restart'], /--restart does not go with --emit k8s: a requeued task must continue its shard/);
    refused(['--emit', 'slurm', '--shards', '22'], /--shards 22 is more than the 21 variants[\s\S]*fix: --shards 21 or fewer/);
    refused(['--emit', 'slurm', '--cpus-per-task', '0'], /--cpus-per-task must be a whole number ≥ 1/);
    refused(['--emit', 'slurm', '-o', 'out/my psa'], /with --emit the folder may hold only letters/);
    refused(['--shards', '4'], /--shards is for --emit slurm\|k8s/);
  });

  it('the CLI prints the script on stdout, for a folder of out/<sweep name> by default', () => {
    const r = cli(['sweep', SWEEP, '--emit', 'slurm', '--shards', '3', '--cpus-per-task', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(emitJob({ ...base, name: 'Liverpool Waves of Hope, one-way sensitivity', shards: 3, cpusPerTask: 2, out: 'out/slurm-sweep' }));
  });

  it('quotes a file name for the shell, names jobs as Kubernetes allows', () => {
    expect(shellQuote('a b\'c')).toBe(`'a b'\\''c'`);
    expect(shellQuote('scenarios/sweeps/x.yaml')).toBe('scenarios/sweeps/x.yaml');
    expect(jobName('scenarios/sweeps/Liverpool_PSA.yaml')).toBe('casecast-liverpool-psa');
  });
});

describe('--emit k8s', () => {
  it('writes an indexed Job of n completions with CASECAST_SHARDS, and a suspended merge Job', () => {
    const text = emitJob({ ...base, kind: 'k8s' });
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs).toHaveLength(2);
    const [job, merge] = docs;
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 });
    const c = job.spec.template.spec.containers[0];
    expect(c.env).toEqual([{ name: 'CASECAST_SHARDS', value: '4' }]);
    expect(c.resources.requests.cpu).toBe('8');
    expect(c.command).toEqual(['sh', '-c']);
    expect(c.args[0]).toBe(`exec npx casecast sweep ${SWEEP} --shard auto --workers 8 --out "out/psa/shard-$((JOB_COMPLETION_INDEX + 1))-of-4"`);
    const run = spawnSync('sh', ['-c', c.args[0].replace('exec npx casecast', 'echo casecast')], { encoding: 'utf8', env: { ...process.env, JOB_COMPLETION_INDEX: '3' } });
    expect(run.stdout.trim()).toBe(`casecast sweep ${SWEEP} --shard auto --workers 8 --out out/psa/shard-4-of-4`);
    expect(merge.metadata.name).toBe(`${job.metadata.name}-merge`);
    expect(merge.spec.suspend).toBe(true);
    expect(merge.spec.template.spec.containers[0].args[0]).toBe('exec npx casecast merge out/psa/shard-1-of-4 out/psa/shard-2-of-4 out/psa/shard-3-of-4 out/psa/shard-4-of-4 --out out/psa/merged');
    expect(text).toContain(`kubectl patch job ${job.metadata.name}-merge`);
  });
});
