import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../helpers/calibration.ts';

/**
 * casecast calibrate end to end, through the real CLI as a subprocess, in a
 * folder of its own: bad calibration files are refused with file:line and a
 * fix (exit 2); one and two workers write the same bytes; a calibration
 * killed part-way and run again writes the same bytes as one that was not;
 * a folder holding another calibration is refused; the overlay it writes is a
 * valid scenario.
 */

const bin = resolve('cli/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'casecast-calibrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, NO_COLOR: '1' };

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

const cli = (args: string[]): Result => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const write = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const read = (path: string): string => readFileSync(join(dir, path), 'utf8');

write(
  'base.yaml',
  smallScenario('Small', [
    'closed-move-on: { observed: 62, count: spells, reason: move-on, between: [0 months, 18 months] }',
    'closed-disengaged: { observed: 30, count: spells, reason: disengaged, between: [0 months, 18 months] }',
    'open-at-end: { observed: 88, sd: 9, open: [iss], at: 18 months }',
  ]),
);

const calibration = (parameters: string, method = '{ particles: 120, generations: 6, replications: 3, check: 40 }'): string => `calibration: small
base: base.yaml
parameters:
${parameters}
method: ${method}
`;

const good = write(
  'good.yaml',
  calibration(`  move-on:
    path: states.iss.exits.move-on.rate
    range: [0.01 per month, 0.15 per month]
  disengaged:
    path: states.iss.exits.disengaged.rate
    prior: { type: gamma, mean: 0.04, sd: 0.02 }`),
);

const outputs = ['posterior.csv', 'posterior.json', 'calibrated.yaml'];

describe('casecast calibrate: bad calibrations are refused before anything runs', () => {
  const refused = (file: string, args: string[] = []): Result => {
    const r = cli(['calibrate', file, '-o', 'out/refused', ...args]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    return r;
  };

  it('an unknown path: file:line, what is wrong, and the name it was probably meant to be', () => {
    const f = write('bad-path.yaml', calibration('  move-on:\n    path: states.iss.exits.move-onn.rate\n    range: [0.01 per month, 0.15 per month]'));
    const r = refused(f);
    expect(r.stderr).toContain('bad-path.yaml:5:11  parameters.move-on.path');
    expect(r.stderr).toContain('states.iss.exits.move-onn.rate does not exist: states.iss.exits has no "move-onn" in base.yaml');
    expect(r.stderr).toContain('fix: did you mean "move-on"?');
  });

  it('a prior outside what the path can mean (a negative rate): placed at the prior, with the scenario’s reason', () => {
    const f = write('bad-prior.yaml', calibration('  move-on:\n    path: states.iss.exits.move-on.rate\n    range: [-0.01 per month, 0.05 per month]'));
    const r = refused(f);
    expect(r.stderr).toContain('bad-prior.yaml:6:5  parameters.move-on.range');
    expect(r.stderr).toContain('the prior reaches its low end, -0.01 per month, which the scenario refuses at states.iss.exits.move-on.rate: expected a rate >= 0');
    expect(r.stderr).toContain('fix: ');
  });

  it('a probability prior above 1, a prior in the wrong unit, a missing prior, and an unknown target', () => {
    const f = write(
      'bad-several.yaml',
      `calibration: small
base: base.yaml
targets: [closed-move-onn]
parameters:
  move-on: { path: states.iss.exits.move-on.rate, range: [0.01 per year, 0.15 per year] }
  fte: { path: services.iss.staff.fte }
`,
    );
    const r = refused(f);
    expect(r.stderr).toContain('bad-several.yaml:3:11  targets[0]');
    expect(r.stderr).toContain('fix: did you mean "closed-move-on"?');
    expect(r.stderr).toContain('"0.01 per year" is in "per year", but the scenario writes states.iss.exits.move-on.rate in "per month"');
    expect(r.stderr).toContain('parameter "fte" needs a prior');
    const g = write('bad-beta.yaml', calibration('  p:\n    path: screening.eligible.p\n    prior: { type: uniform, min: 0.5, max: 1.3 }'));
    expect(refused(g).stderr).toContain('the prior reaches its high end, 1.3, which the scenario refuses at screening.eligible.p');
  });

  it('unknown fields and a typo in the method get the schema’s message and fix', () => {
    const f = write('bad-method.yaml', calibration('  move-on: { path: states.iss.exits.move-on.rate, range: [0.01 per month, 0.15 per month] }', '{ particle: 100 }'));
    const r = refused(f);
    expect(r.stderr).toMatch(/bad-method\.yaml:5:\d+ {2}method\.particle/);
    expect(r.stderr).toContain('particles');
  });

  it('--param: its grammar, and its problems headed by the --param that gave them', () => {
    let r = refused('base.yaml', ['--param', 'move-on=states.iss.exits.move-on.rate~uniform(0.01)']);
    expect(r.stderr).toContain('uniform takes 2 numbers (min, max), found 1');
    expect(r.stderr).toContain("fix: write name=path~prior, e.g. --param 'move-on=states.iss.exits.move-on.rate[1].rate~uniform(0.02,0.08)'");
    r = refused('base.yaml', ['--param', 'x=states.iss.exits.move-on.rat~uniform(0.01,0.1)']);
    expect(r.stderr).toContain('--param x=states.iss.exits.move-on.rat~uniform(0.01,0.1)  path');
    expect(r.stderr).toContain('did you mean "rate"?');
    r = refused('base.yaml');
    expect(r.stderr).toContain('base.yaml is a scenario, so the parameters to fit come from --param');
  });
});

describe('casecast calibrate: the same bytes however it is run', () => {
  const run = (out: string, args: string[] = []): Result => {
    const r = cli(['calibrate', good, '-o', out, '-q', ...args]);
    expect(r.status, r.stderr).toBe(0);
    return r;
  };

  it('1 and 2 workers write byte-identical posterior files, and the overlay is a valid scenario that extends the base', () => {
    const one = run('out/one', ['-w', '1']);
    run('out/two', ['-w', '2']);
    for (const f of outputs) expect(read(`out/two/${f}`), f).toBe(read(`out/one/${f}`));
    expect(one.stdout).toContain('Small at the posterior mean');
    const overlay = read('out/one/calibrated.yaml');
    expect(overlay).toMatch(/^# Written by casecast calibrate good\.yaml/);
    expect(overlay).toContain('extends: ../../base.yaml');
    expect(overlay).toContain('source: "casecast calibrate good.yaml: ABC-SMC posterior mean, seed 1');
    const v = cli(['validate', 'out/one/calibrated.yaml']);
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const post = JSON.parse(read('out/one/posterior.json'));
    expect(post.method.references.map((r: string) => r.slice(0, 6))).toEqual(['Toni T', 'Beaumo', 'Del Mo', 'Marjor', 'Wilkin']);
    expect(post.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(read('out/one/posterior.csv').split('\n')[0]).toBe('particle,move-on,disengaged,weight,distance');
  });

  it('killed part-way, then run again, it continues from the last finished generation and writes the same bytes', async () => {
    run('out/whole', ['-w', '1']);
    const child = spawn(process.execPath, [bin, 'calibrate', good, '-o', 'out/killed'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    await new Promise<void>((done) => {
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
        if (/generation 2 /.test(stderr) && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('close', () => done());
    });
    expect(stderr).toContain('generation 2 ');
    const again = cli(['calibrate', good, '-o', 'out/killed']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/continuing out\/killed: [2-5] generations already done/);
    for (const f of outputs) expect(read(`out/killed/${f}`), f).toBe(read(`out/whole/${f}`));
  });

  it('Ctrl-C stops with exit 130 and says how to continue; another calibration in that folder is refused', async () => {
    const child = spawn(process.execPath, [bin, 'calibrate', good, '-o', 'out/interrupted'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = false;
    const status = await new Promise<number | null>((done) => {
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
        if (/generation 1 /.test(stderr) && child.signalCode === null && !sent) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', (code) => done(code));
    });
    if (status === 130) expect(stderr).toMatch(/interrupted: \d+ finished generations? (is|are) saved in out\/interrupted; run the same command again to continue/);
    else expect(status).toBe(0); // it finished before the signal arrived
    const other = cli(['calibrate', good, '-o', 'out/interrupted', '--seed', '2']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('out/interrupted holds a different calibration');
    expect(other.stderr).toContain('--restart');
  });
});
