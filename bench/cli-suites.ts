/**
 * The CLI's targets, measured as whole processes (bench/process.ts):
 *   startup  `casecast --version` within 0.25 s and `casecast validate` of the
 *            default scenario within 0.5 s, beside bare `node -e 0`;
 *   run      `casecast run` of the default scenario, 1,000 replications over
 *            10 years, within 3.0 s on 1 worker, and at least 1.6 times as
 *            fast on 2; over parameter draws and with --fixed.
 */
import { alternate, buildIfStale, r3, spread, type Command, type Measured } from './process.ts';

export const targets = { version: 0.25, validate: 0.5, runOneWorker: 3.0, speedUp: 1.6 };

const DEFAULT = 'scenarios/liverpool-waves-of-hope.yaml';

/** A measured command as one flat record: wall seconds (median, min, max) and CPU seconds. */
const flat = (m: Measured): Record<string, unknown> => ({
  command: m.command,
  seconds: m.wall.median,
  min: m.wall.min,
  max: m.wall.max,
  cpuSeconds: m.cpu?.median ?? null,
  cpuMin: m.cpu?.min ?? null,
  cpuMax: m.cpu?.max ?? null,
});

/** One line per command: its figures, what bare node costs in the same run, the target and whether it is met. */
export function startupSuite(repeats: number): Record<string, unknown>[] {
  buildIfStale();
  const commands: Command[] = [
    { label: 'node', argv: ['node', '-e', '0'] },
    { label: 'version', argv: ['node', 'cli/bin.js', '--version'] },
    { label: 'validate', argv: ['node', 'cli/bin.js', 'validate', DEFAULT] },
  ];
  const { measured } = alternate(commands, repeats, 1);
  const node = measured[0];
  return measured.slice(1).map((m) => {
    const target = targets[m.label as 'version' | 'validate'];
    return { name: 'startup', measure: m.label, repeats, ...flat(m), overNodeSeconds: r3(m.wall.median - node.wall.median), nodeSeconds: node.wall.median, targetSeconds: target, met: m.wall.median <= target };
  });
}

/** `casecast run` on 1 and on 2 workers, in turn: one line for draws and one for --fixed, with the speed-up. */
export function runSuite(repeats: number, replications = 1000): Record<string, unknown>[] {
  const run = (workers: number, fixed: boolean): Command => ({
    label: `${workers}`,
    argv: ['node', 'cli/bin.js', 'run', DEFAULT, '--replications', String(replications), '--set', 'horizon=10 years', '--workers', String(workers), '--quiet', ...(fixed ? ['--fixed'] : [])],
  });
  return [false, true].map((fixed) => {
    buildIfStale(); // others may have changed a source since the last pair
    const { measured, byRound } = alternate([run(1, fixed), run(2, fixed)], repeats);
    const [one, two] = measured;
    const speedUp = r3(one.wall.median / two.wall.median);
    return {
      name: 'run',
      mode: fixed ? 'fixed' : 'draws',
      replications,
      repeats,
      oneWorker: flat(one),
      twoWorkers: flat(two),
      speedUp,
      // Each round's own ratio: the runs of a round are back to back, so this is the steadier figure on a busy machine.
      pairedSpeedUp: spread(byRound.map(([a, b]) => a / b)),
      targets: { oneWorkerSeconds: targets.runOneWorker, speedUp: targets.speedUp },
      met: { oneWorker: one.wall.median <= targets.runOneWorker, speedUp: speedUp >= targets.speedUp },
    };
  });
}
