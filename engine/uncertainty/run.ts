/**
 * A run over parameter draws: D parameter sets drawn from the scenario's
 * uncertainty, R replications of each. Draw d runs replications
 * [d·R, (d + 1)·R) of the seed, so draws are independent of one another, and
 * two scenarios run on the same seed share their draws' random numbers
 * (common random numbers, for paired differences). The pooled replications
 * give the results contract with uncertainty intervals; the draws' means give
 * the Monte Carlo error and the chances.
 */
import { compile } from '../model/compile.ts';
import type { LoadResult } from '../model/load.ts';
import type { Scenario } from '../model/scenario.ts';
import { Accumulator } from '../pipeline/accumulator.ts';
import { drawParts, runHereSync } from '../pipeline/plan.ts';
import type { Manifest, Results } from '../results.ts';
import { defaultDraws, defaultReplications } from './defaults.ts';
import { drawScenario, planDraws, type ScenarioSource } from './draws.ts';

export interface DrawPlan {
  seed: string;
  draws: number;
  /** Replications of each draw. */
  perDraw: number;
}

export { defaultDraws, defaultReplications };

/** How a run is sized: at the point estimate, or over draws. */
export type RunSizes = { fixed: true; replications: number } | { fixed: false; replications: number; plan: Omit<DrawPlan, 'seed'> };

/**
 * The sizes of a run, the same rule in every surface. At the point estimate
 * (asked for, or nothing to draw), the replications asked for or 100. Over
 * draws the replications are the total and the draws split them (by default
 * one per 5): doubling the replications doubles the draws, so the uncertainty
 * interval is estimated more finely while the Monte Carlo error shrinks by
 * about √2. A total the draws cannot share equally is `uneven`, with the
 * nearest that can be.
 */
export function runSizes(drawable: boolean, ask: { fixed?: boolean; replications?: number; draws?: number }): RunSizes | { uneven: { replications: number; draws: number; near: number } } {
  if (ask.fixed || !drawable) return { fixed: true, replications: ask.replications ?? defaultReplications.fixed };
  const replications = ask.replications ?? (ask.draws !== undefined ? ask.draws * defaultDraws.perDraw : defaultReplications.draws);
  const draws = ask.draws ?? Math.max(1, Math.round(replications / defaultDraws.perDraw));
  if (replications % draws !== 0 || replications < draws) return { uneven: { replications, draws, near: draws * Math.max(1, Math.round(replications / draws)) } };
  return { fixed: false, replications, plan: { draws, perDraw: replications / draws } };
}

/** Replications [first, first + count) of the seed that draw d runs. */
export const drawReplications = (d: number, perDraw: number): { first: number; count: number } => ({ first: d * perDraw, count: perDraw });

/** The words for a parameter draw that is not a valid scenario, the same in every surface; `problems` as the surface formats them. */
export function invalidDrawText(scenario: string, draw: number, values: readonly number[], problems: string): string {
  return `parameter draw ${draw + 1} of ${scenario} is not a valid scenario (its values: ${values.join(', ')}):\n${problems}\n  fix: narrow the distribution in the uncertainty section whose path the problem names, or bound it (e.g. a beta for a share)`;
}

/** Each draw's scenario, validated; the first draw that does not load stops it, with its problems. */
export function drawScenarios(src: ScenarioSource, scenario: Scenario, plan: DrawPlan): { ok: true; values: number[][]; scenarios: Scenario[] } | { ok: false; draw: number; values: number[]; errors: Extract<LoadResult, { ok: false }>['errors'] } {
  const u = scenario.uncertainty;
  if (!u) throw new Error(`scenario "${scenario.name}" has no uncertainty section`);
  const values = planDraws(u, plan.draws, plan.seed);
  const scenarios: Scenario[] = [];
  // Every draw extends the same files: parse them once.
  const cached: ScenarioSource = { ...src, opts: { ...src.opts, cache: src.opts?.cache ?? new Map() } };
  for (let d = 0; d < values.length; d++) {
    const loaded = drawScenario(cached, u, values[d], d);
    if (!loaded.ok) return { ok: false, draw: d, values: values[d], errors: loaded.errors };
    scenarios.push(loaded.scenario);
  }
  return { ok: true, values, scenarios };
}

/** A whole run over draws in this thread (tests, small runs): the results contract, as the CLI's pool gives it. */
export function runDrawsHere(src: ScenarioSource, scenario: Scenario, manifest: Manifest, plan: DrawPlan): Results {
  const drawn = drawScenarios(src, scenario, plan);
  if (!drawn.ok) throw new Error(invalidDrawText(scenario.name, drawn.draw, drawn.values, drawn.errors.map((e) => `${e.path}: ${e.message}`).join('\n')));
  const parts = drawParts(drawn.scenarios, drawn.values, manifest.sha256, plan.perDraw).map((p) => ({ ...p, model: compile(p.scenario) }));
  const acc = runHereSync(parts, plan.seed, new Accumulator(parts[0].model, plan.draws * plan.perDraw));
  return acc.finish(drawManifest(manifest, plan), plan, scenario);
}

/** The manifest of a run over draws: the total replications, and how they are split. */
export const drawManifest = (m: Manifest, plan: DrawPlan): Manifest => ({ ...m, replications: plan.draws * plan.perDraw, draws: plan.draws, replicationsPerDraw: plan.perDraw });

