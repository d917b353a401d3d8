/**
 * The page's state in the URL hash, so a link reproduces the view:
 * #scenario=liverpool-waves-of-hope.yaml&seed=1&replications=200&set=services.iss.staff.fte%3D28&compare=liverpool-waves-of-hope-more-staff.yaml
 * Overrides use the CLI's --set syntax; `compare` names scenario B. Pure: no DOM.
 */
import { overrideText, parseOverrideText, type Override } from './params.ts';

export interface PageState {
  /** A bundled scenario, as the picker names it ("scenarios/x.yaml"). */
  scenario: string;
  seed: string;
  replications: number;
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
  for (const o of s.overrides) q.append('set', overrideText(o));
  if (s.compare) q.set('compare', bare(s.compare));
  return `#${q.toString()}`;
}

/** The state a hash gives, or undefined when it names no scenario. */
export function hashToState(hash: string): Partial<PageState> | undefined {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const scenario = q.get('scenario');
  if (!scenario) return undefined;
  const reps = Number(q.get('replications'));
  const compare = q.get('compare');
  return {
    scenario: `scenarios/${scenario}`,
    seed: q.get('seed') ?? undefined,
    replications: Number.isFinite(reps) && reps >= 1 ? Math.floor(reps) : undefined,
    overrides: q.getAll('set').map(parseOverrideText).filter((o): o is Override => o !== undefined),
    compare: compare ? `scenarios/${compare}` : undefined,
  };
}
