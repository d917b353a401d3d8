/**
 * The page's state in the URL hash, so a link reproduces the view:
 * #scenario=liverpool-waves-of-hope.yaml&seed=1&replications=200&fixed=1&set=services.iss.staff.fte%3D28&compare=liverpool-waves-of-hope-more-staff.yaml
 * Overrides use the CLI's --set syntax; `fixed=1` is the CLI's --fixed (the
 * point estimate alone; absent, a scenario with an uncertainty section runs
 * over parameter draws); `compare` names scenario B. Pure: no DOM.
 */
import { overrideText, parseOverrideText, type Override } from '../engine/model/overrides.ts';

export interface PageState {
  /** A bundled scenario, as the picker names it ("scenarios/x.yaml"). */
  scenario: string;
  seed: string;
  replications: number;
  /** The point estimate alone, as the CLI's --fixed. */
  fixed: boolean;
  overrides: Override[];
  /** Scenario B of an A-against-B comparison, named as `scenario` is; absent for none. */
  compare?: string;
}

const bare = (file: string): string => file.replace(/^scenarios\//, '');

export function stateToHash(s: PageState): string {
  const q = new URLSearchParams();
  q.set('scenario', bare(s.scenario));
  q.set('seed', s.seed);
  q.set('replications', String(s.replications));
  if (s.fixed) q.set('fixed', '1');
  for (const o of s.overrides) q.append('set', overrideText(o));
  if (s.compare) q.set('compare', bare(s.compare));
  return `#${q.toString()}`;
}

/** A shared link's parameters as written, before any check (see inputs.ts linkProblems). */
export interface LinkState {
  scenario?: string;
  seed?: string;
  /** As written: "200", or "100000000", which the check refuses. */
  replications?: string;
  /** As written: "1" (point estimate only) or "0"; anything else is refused. */
  fixed?: string;
  /** Each set= as written, and the override it reads as (undefined when it is not path=value). */
  sets: Array<{ text: string; override: Override | undefined }>;
  compare?: string;
  /** Parameters a link does not have, and those given more than once. */
  unknown: string[];
  repeated: string[];
}

const KNOWN = new Set(['scenario', 'seed', 'replications', 'fixed', 'set', 'compare']);

/** A link's parameters as written, or undefined when the hash is empty. */
export function hashToState(hash: string): LinkState | undefined {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const keys = [...q.keys()];
  if (keys.length === 0) return undefined;
  const one = (k: string): string | undefined => q.get(k) ?? undefined;
  const scenario = one('scenario');
  const compare = one('compare');
  return {
    scenario: scenario === undefined ? undefined : `scenarios/${scenario}`,
    seed: one('seed'),
    replications: one('replications'),
    fixed: one('fixed'),
    sets: q.getAll('set').map((text) => ({ text, override: parseOverrideText(text) })),
    compare: compare ? `scenarios/${compare}` : undefined,
    unknown: [...new Set(keys.filter((k) => !KNOWN.has(k)))],
    repeated: [...new Set(keys.filter((k, i) => k !== 'set' && KNOWN.has(k) && keys.indexOf(k) !== i))],
  };
}
