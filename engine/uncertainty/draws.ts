/**
 * Parameter draws from a scenario's uncertainty, and the scenario each draw
 * becomes: the drawn values laid over the scenario's file, with the
 * uncertainty section removed so a draw is a plain, fixed scenario. Draws come
 * from the seed alone, so the same seed gives the same draws everywhere.
 */
import { createStream } from '../des/rng.ts';
import { openUniform } from '../des/special.ts';
import type { LoadResult } from '../model/load.ts';
import { tidy } from '../sweep/quantity.ts';
import { imposeCorrelation } from '../sweep/correlation.ts';
import { quantile } from '../sweep/quantiles.ts';
import { fastDraw, nudged, traceDraws, type DrawTemplate, type Loaded } from './draw-fast.ts';
import { drawOverlay, loadDraw, type ScenarioSource } from './draw-load.ts';
import type { Uncertainty, UncertainParameter } from './resolve.ts';

export { drawOverlay, loadDraw, type ScenarioSource };

/** The names of the figures a scenario draws (none without an uncertainty section). */
export const drawnNames = (u: Uncertainty | undefined): Set<string> => new Set(u ? drawnParameters(u).map((p) => p.name) : []);

/** Every drawn parameter, in column order: those with a distribution, then the posterior's columns. */
export const drawnParameters = (u: Uncertainty): UncertainParameter[] => [...u.parameters, ...(u.posterior?.parameters ?? [])];

/**
 * `draws` parameter sets, values[d][j] for drawnParameters(u)[j]: distributions
 * by their inverse CDFs on uniforms (rank-correlated by Iman–Conover when the
 * section asks), posterior columns as one whole particle chosen by its weight.
 * Each parameter's uniforms come from a stream of its own name, and the
 * particles from one of their own, so a scenario that drops or adds a figure
 * (a variant that fixes it as a decision) still draws the same values for the
 * rest: draws pair across scenarios by index.
 */
export function planDraws(u: Uncertainty, draws: number, seed: string): number[][] {
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a whole number of at least 1, got ${draws}`);
  const streams = u.parameters.map((p) => createStream(seed, 0, `uncertainty:parameter:${p.name}`));
  let uniforms = Array.from({ length: draws }, () => streams.map(openUniform));
  if (u.correlations) uniforms = imposeCorrelation(uniforms, u.correlations, createStream(seed, 0, 'uncertainty:correlations'));
  const post = u.posterior;
  const cumulative = post ? cumulate(post.weights) : [];
  const pick = createStream(seed, 0, 'uncertainty:posterior');
  return uniforms.map((row) => {
    const values = row.map((x, j) => tidy(quantile(u.parameters[j].distribution!, x)));
    if (post) values.push(...post.rows[particleAt(cumulative, pick())]);
    return values;
  });
}

function cumulate(w: readonly number[]): number[] {
  let s = 0;
  return w.map((x) => (s += x));
}

/** The first particle whose cumulative weight exceeds x (x in [0, 1)). */
function particleAt(cumulative: readonly number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  const target = x * cumulative[hi];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per source and set of parameters: the first draw loaded, then the fast path's template, or false once it cannot be traced. */
const templates = new WeakMap<ScenarioSource, Map<string, Loaded | DrawTemplate | false>>();

/**
 * Draw `index` (0-based) of a scenario as a loaded scenario of its own:
 * `values` for `parameters` (by default all the scenario's own). The first
 * two draws of a source are loaded from their overlays and traced, so the
 * rest are set on a template (draw-fast.ts); a draw the fast path cannot
 * vouch for is loaded the long way, with the loader's problems. Either way
 * the scenario is the one loadDraw gives. Draws share the parts they do not
 * change, so treat them as read-only.
 */
export function drawScenario(src: ScenarioSource, u: Uncertainty, values: readonly number[], index: number, parameters: readonly UncertainParameter[] = drawnParameters(u)): LoadResult {
  const key = JSON.stringify(parameters.map((p) => [p.name, p.paths, p.unit.prefix, p.unit.suffix]));
  let bySource = templates.get(src);
  if (!bySource) templates.set(src, (bySource = new Map()));
  const known = bySource.get(key);
  if (known && 'leaves' in known) return fastDraw(known, src.raw, values) ?? loadDraw(src, parameters, values, index);
  const loaded = loadDraw(src, parameters, values, index);
  if (known === false || !loaded.ok) return loaded;
  const here: Loaded = { values: values.slice(), loaded };
  if (!known) {
    bySource.set(key, here);
    return loaded;
  }
  // The second draw traces the first; when they share a value, a nudged copy of the first does.
  let template = traceDraws(src, parameters, known, here);
  if (!template) {
    const moved = nudged(known.values);
    const again = loadDraw(src, parameters, moved, index);
    template = again.ok ? traceDraws(src, parameters, known, { values: moved, loaded: again }) : null;
  }
  bySource.set(key, template ?? false);
  return loaded;
}

/**
 * Another scenario's share of a draw: of the parameters drawn (from the first
 * scenario of a comparison, or a sweep's base), those the scenario's own
 * uncertainty section also has, by name, with their values. A scenario that
 * fixes a figure as its decision keeps it; one with no section draws nothing.
 */
export function sharedDraw(drawn: readonly UncertainParameter[], own: Uncertainty | undefined, values: readonly number[]): { parameters: UncertainParameter[]; values: number[] } {
  const names = drawnNames(own);
  const keep = drawn.map((p) => names.has(p.name));
  return { parameters: drawn.filter((_, j) => keep[j]), values: values.filter((_, j) => keep[j]) };
}
