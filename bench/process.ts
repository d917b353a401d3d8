/**
 * Whole-process measurements: a command run as a user runs it, timed from
 * spawn to exit (wall) and by the CPU the child used (user + sys, all its
 * threads), read on Linux from /proc/self/stat's cutime and cstime once the
 * child is waited for. Commands being compared run in turn, round after
 * round, so a slow spell on a shared machine falls on all of them alike.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../', import.meta.url));

export interface Command {
  /** What the output calls it, e.g. "version". */
  label: string;
  argv: string[];
}

/** A figure over rounds: the median, with the fastest and slowest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Measured {
  label: string;
  command: string;
  /** Seconds from spawn to exit. */
  wall: Spread;
  /** CPU seconds of the child (user + sys), or null where the system does not say. */
  cpu: Spread | null;
}

/** Clock ticks a second, the unit of /proc's CPU times (`getconf CLK_TCK`, 100 on nearly every Linux). */
function clockTicks(): number {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
}

/** CPU seconds of this process's waited-for children so far, or null off Linux. */
function childCpu(ticks: number): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces, so read from the last ")"): state is field 3, cutime 16 and cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / ticks;
  } catch {
    return null;
  }
}

/** One run of a command: wall and CPU seconds; a command that fails stops the benchmark with its message. */
function once(c: Command, ticks: number): { wall: number; cpu: number | null } {
  const before = childCpu(ticks);
  const start = performance.now();
  const r = spawnSync(c.argv[0], c.argv.slice(1), { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = (performance.now() - start) / 1000;
  const after = childCpu(ticks);
  if (r.error) throw new Error(`${shown(c)} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${shown(c)} exited with ${r.status ?? r.signal}:\n${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return { wall, cpu: before === null || after === null ? null : after - before };
}

const shown = (c: Command): string => c.argv.map((a) => (/[\s"]/.test(a) ? JSON.stringify(a) : a)).join(' ');

/**
 * `commands` run in turn for `rounds` rounds after `warmup` untimed rounds
 * (which fill the file cache and compile caches): each command's median, min
 * and max, and the wall time of each round by command, for paired ratios.
 */
export function alternate(commands: readonly Command[], rounds: number, warmup = 0): { measured: Measured[]; byRound: number[][] } {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`repeats must be a whole number of at least 1, got ${rounds}`);
  const ticks = clockTicks();
  for (let i = 0; i < warmup; i++) for (const c of commands) once(c, ticks);
  const walls: number[][] = commands.map(() => []);
  const cpus: (number | null)[][] = commands.map(() => []);
  for (let i = 0; i < rounds; i++) {
    commands.forEach((c, k) => {
      const r = once(c, ticks);
      walls[k].push(r.wall);
      cpus[k].push(r.cpu);
    });
  }
  const measured = commands.map((c, k) => ({
    label: c.label,
    command: shown(c),
    wall: spread(walls[k]),
    cpu: cpus[k].every((x) => x !== null) ? spread(cpus[k] as number[]) : null,
  }));
  return { measured, byRound: walls[0].map((_, i) => walls.map((w) => w[i])) };
}

export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  return { median: r3(median), min: r3(s[0]), max: r3(s[s.length - 1]) };
}

export const r3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Builds dist/ when the project has a build and it is older than its sources, so the CLI measured is the current one. */
export function buildIfStale(): void {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  if (!pkg.scripts?.build) return;
  // build.mjs knows when its output is stale (the declarations tsc adds after it are not run); another build script is run as it is.
  const argv = /^node build\.mjs\b/.test(pkg.scripts.build.trim()) ? ['node', 'build.mjs', '--if-stale'] : ['npm', 'run', '--silent', 'build'];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed:\n${r.stderr}`);
}
