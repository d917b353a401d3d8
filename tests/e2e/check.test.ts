import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function casecast(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['cli/bin.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('casecast check', () => {
  it('lists every target of the default scenario with its report value, as JSON, and exits 0 whatever the verdicts', () => {
    const r = casecast(['check', 'scenarios/liverpool-waves-of-hope.yaml', '-r', '20', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.manifest).toMatchObject({ scenario: 'Liverpool Waves of Hope', seed: '1', replications: 20 });
    const by = Object.fromEntries(res.targets.map((t: { name: string }) => [t.name, t]));
    expect(by.started.observed).toBe(200);
    expect(by['closed-cases'].observed).toBe(100);
    expect(by['closed-move-on'].observed).toBe(49);
    expect(by['closed-disengaged'].observed).toBe(27);
    expect(by['days-to-move-on'].observed).toBe(196);
    expect(by['abs-waiting'].observed).toBe(10);
    expect(by['iss-users'].observed).toBe(179);
    for (const t of res.targets) {
      expect(typeof t.z).toBe('number');
      expect(t.consistent).toBe(Math.abs(t.z) <= 1.96);
      expect(t.source ?? t.assumption).toBeTruthy();
    }
  });

  it('prints a table of observed against simulated, with the same verdicts for the same seed', () => {
    const a = casecast(['check', 'scenarios/supporting-people-hiv-pilot.yaml', '-r', '30']);
    const b = casecast(['check', 'scenarios/supporting-people-hiv-pilot.yaml', '-r', '30']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/Target +Observed +Simulated/);
    expect(a.stdout).toMatch(/targets consistent at the 95% level/);
  });

  it('says how to add targets to a scenario that has none, with exit 2', () => {
    const none = casecast(['check', 'tests/scenarios/good/minimal.yaml']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('has no targets');
    expect(none.stderr).toContain('fix: add a targets: section');
    expect(none.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });
});
