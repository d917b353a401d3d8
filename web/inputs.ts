/**
 * What the viewer accepts before it starts anything: run settings, shared
 * links and opened files. The form and a shared link go through the same
 * checks, so a link cannot run what the panel would refuse; a refused value
 * gets a message naming the setting and the allowed range, and nothing runs.
 * Values of panel parameters are then checked by the loader, as the panel's
 * own are (an overlay file, like --set). Pure: no DOM.
 */
import { formatBytes } from '../engine/model/work.ts';
import type { Override } from '../engine/model/overrides.ts';
import type { LinkState } from './url.ts';

/** Replications per run: the form's input says the same (min and max are set from here). */
export const REPLICATIONS = { min: 1, max: 5000 } as const;
/** Longest seed accepted: a seed is a name for a random stream, not data. */
export const SEED_MAX_LENGTH = 100;
/** Largest scenario file the viewer opens, in bytes; the worker's loader is given the same limit. */
export const SCENARIO_MAX_BYTES = 1024 * 1024;
/** Largest tornado.csv the viewer opens, in bytes, and the most rows it draws (one per parameter and metric). */
export const TORNADO_MAX_BYTES = 1024 * 1024;
export const TORNADO_MAX_ROWS = 2000;

const count = (n: number): string => n.toLocaleString('en-GB');
/** A user's value, quoted and cut short so a message stays one line. */
export const quoted = (s: string, max = 40): string => JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);

/** The rule a replications count breaks ("must be a whole number from 1 to 5,000"), or undefined when `text` keeps it. */
export function replicationsProblem(text: string): string | undefined {
  const t = text.trim();
  const n = Number(t);
  if (t !== '' && Number.isInteger(n) && n >= REPLICATIONS.min && n <= REPLICATIONS.max) return undefined;
  return `must be a whole number from ${count(REPLICATIONS.min)} to ${count(REPLICATIONS.max)}`;
}

/** The rule a seed breaks, or undefined when `text` keeps it. */
export function seedProblem(text: string): string | undefined {
  return text.trim().length <= SEED_MAX_LENGTH ? undefined : `must be at most ${SEED_MAX_LENGTH} characters`;
}

/** What a setting is: "nothing", or the value quoted and cut short. */
const found = (t: string): string => (t.trim() === '' ? 'nothing' : t.trim().length > 40 ? `${count(t.trim().length)} characters` : quoted(t.trim()));

/** Problems with the form's run settings, one line each naming the setting (empty: it may run). */
export function settingsProblems(s: { seed: string; replications: string }): Array<{ field: 'replications' | 'seed'; message: string }> {
  const out: Array<{ field: 'replications' | 'seed'; message: string }> = [];
  const reps = replicationsProblem(s.replications);
  if (reps) out.push({ field: 'replications', message: `Replications ${reps}; found ${found(s.replications)}` });
  const seed = seedProblem(s.seed);
  if (seed) out.push({ field: 'seed', message: `Seed ${seed}; found ${found(s.seed)}` });
  return out;
}

/** Why a file of `size` bytes is not opened, before reading a byte of it; undefined when it may be read. */
export function fileSizeProblem(file: { name: string; size: number }, limit: number, what: string): string | undefined {
  if (file.size <= limit) return undefined;
  return `${file.name} is ${formatBytes(file.size)} (${count(file.size)} bytes); the viewer opens ${what} of up to ${formatBytes(limit)} (${count(limit)} bytes), so it was not read`;
}

/** What a link is checked against: the bundled scenarios, and the panel's parameters for one of them. */
export interface LinkContext {
  /** The scenarios a link may name, as the picker names them ("scenarios/x.yaml"). */
  runnable: readonly string[];
  /** The panel's parameter paths for a scenario. */
  panelPaths: (scenario: string) => ReadonlySet<string>;
}

const bare = (f: string): string => f.replace(/^scenarios\//, '');

/**
 * Every problem with a shared link, one line each naming the link's parameter
 * as written (empty: it may run). The overrides returned are the link's that
 * the panel offers, so the panel can show them even when the link is refused.
 */
export function linkProblems(link: LinkState, ctx: LinkContext): { problems: string[]; overrides: Override[] } {
  const problems: string[] = [];
  const choices = `one of ${ctx.runnable.map(bare).join(', ')}`;
  for (const key of link.unknown) problems.push(`${quoted(key)} is not a link parameter; a link gives scenario, seed, replications, fixed, set (any number) and compare`);
  for (const key of link.repeated) problems.push(`${key} is given more than once; give it once`);
  const scenarioOk = link.scenario !== undefined && ctx.runnable.includes(link.scenario);
  if (link.scenario === undefined) problems.push(`scenario is missing; give ${choices}`);
  else if (!scenarioOk) problems.push(`scenario=${bare(link.scenario)} is not a bundled scenario; give ${choices}`);
  const setting = (key: 'replications' | 'seed', value: string | undefined, rule: (t: string) => string | undefined): void => {
    const p = value === undefined ? undefined : rule(value);
    if (p) problems.push(`${key}=${value!.length > 40 ? `(${count(value!.length)} characters)` : value}: ${p}`);
  };
  setting('replications', link.replications, replicationsProblem);
  setting('seed', link.seed, seedProblem);
  if (link.fixed !== undefined && link.fixed !== '1' && link.fixed !== '0') problems.push(`fixed=${link.fixed.slice(0, 40)}: must be 1 (the point estimate only, as the CLI's --fixed) or 0 (over parameter draws)`);
  if (link.compare !== undefined && !ctx.runnable.includes(link.compare)) problems.push(`compare=${bare(link.compare)} is not a bundled scenario; give ${choices}`);
  const overrides: Override[] = [];
  const paths = scenarioOk ? ctx.panelPaths(link.scenario!) : new Set<string>();
  for (const s of link.sets) {
    if (s.override === undefined) problems.push(`set=${s.text.slice(0, 60)} is not path=value; write it as --set does, e.g. set=services.iss.staff.fte%3D28`);
    else if (!scenarioOk) continue;
    else if (!paths.has(s.override.path)) problems.push(`set=${s.text.slice(0, 60)}: the panel has no parameter ${s.override.path.slice(0, 60)} for ${bare(link.scenario!)}; a link sets only the panel's parameters`);
    else overrides.push(s.override);
  }
  return { problems, overrides };
}
