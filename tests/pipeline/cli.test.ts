/**
 * The pipeline through the real CLI: the same results, byte for byte, on 1, 2
 * and 3 workers (chunks then arrive in different orders and sizes), and the
 * in-process API (engine/index.ts) giving exactly what the CLI writes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario, simulate, sweep } from '../../engine/index.ts';

function casecast(args: string[]): string {
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  if (r.status !== 0) throw new Error(`casecast ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';
const MORE_STAFF = 'scenarios/liverpool-waves-of-hope-more-staff.yaml';
const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
const loaded = (file: string) => loadScenario(read(file)!, { file, read });

describe('the CLI on the pipeline', () => {
  it('writes byte-identical results on 1, 2 and 3 workers, over parameter draws and at the point estimate', () => {
    for (const extra of [[], ['--fixed']]) {
      const runs = [1, 2, 3].map((w) => casecast(['run', DEFAULT, '-r', '12', '--horizon', '3 years', '--seed', '21', '--workers', String(w), '--format', 'json', '--quiet', ...extra]));
      expect(JSON.parse(runs[0]).manifest.replications).toBe(12);
      expect(runs[1]).toBe(runs[0]);
      expect(runs[2]).toBe(runs[0]);
    }
  }, 300_000);

  it('simulate() gives the JSON casecast run writes, over draws and at the point estimate', async () => {
    const sc = loaded(DEFAULT);
    for (const fixed of [false, true]) {
      const cli = casecast(['run', DEFAULT, '-r', '10', '--seed', '22', '--workers', '2', '--format', 'json', '--quiet', ...(fixed ? ['--fixed'] : [])]);
      const api = await simulate(sc, { seed: '22', replications: 10, fixed });
      expect(`${JSON.stringify(api)}\n`).toBe(cli);
    }
  }, 300_000);

  it("compare() gives casecast compare's document, all but the command line", async () => {
    const cli = JSON.parse(casecast(['compare', DEFAULT, MORE_STAFF, '-r', '10', '--seed', '23', '--workers', '2', '--format', 'json', '--quiet']));
    const api = await compare([loaded(DEFAULT), loaded(MORE_STAFF)], { seed: '23', replications: 10 });
    const { command, ...rest } = cli;
    expect(command[0]).toBe('casecast');
    expect(JSON.parse(JSON.stringify(api))).toEqual(rest);
    expect(rest.comparisons[0].differences.length).toBeGreaterThan(10);
  }, 300_000);

  it("sweep() gives the records and summary casecast sweep writes", async () => {
    const file = 'tests/sweeps/oneway-fast.yaml';
    const out = mkdtempSync(join(tmpdir(), 'casecast-pipeline-'));
    try {
      casecast(['sweep', file, '--out', out, '--workers', '2', '--quiet', '--format', 'json']);
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).sort((a, b) => a.variant - b.variant);
      const api = await sweep(read(file)!, { file, read });
      expect(api.records).toHaveLength(21);
      expect(JSON.parse(JSON.stringify(api.records))).toEqual(records);
      expect(JSON.parse(JSON.stringify(api.summary))).toEqual(summary);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
