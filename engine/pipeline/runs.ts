/**
 * What a run is made of, the same in every surface (CLI, viewer, the
 * in-process API): at the point estimate, replications [0, N) of the
 * scenario; over parameter draws, draw d's scenario on replications
 * [d·R, (d + 1)·R). And for a paired comparison, every scenario's parts on
 * shared draws. Running the parts is the caller's (a worker pool, a Web
 * Worker, this thread); their accumulators give the results.
 */
import type { LoadResult } from '../model/load.ts';
import { compile, type CompiledModel } from '../model/compile.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Manifest } from '../results.ts';
import { drawnParameters, drawScenario, planDraws, sharedDraw, type ScenarioSource } from '../uncertainty/draws.ts';
import { drawManifest, drawReplications, drawScenarios, runSizes, type DrawPlan, type RunSizes } from '../uncertainty/run.ts';
import { Accumulator, type Pooling } from './accumulator.ts';
import { drawKey, drawParts, type Part } from './plan.ts';

/** What a run asks for: a number of replications, of parameter draws, or the point estimate alone. */
export interface SizeAsk {
  fixed?: boolean;
  replications?: number;
  draws?: number;
}

/** The sizes of a run (engine/uncertainty/run.ts runSizes), or what is wrong with the ask, in the words every surface uses. */
export function sizesOf(scenario: Scenario, ask: SizeAsk): RunSizes | { problem: string } {
  if (ask.draws !== undefined && ask.fixed) return { problem: '--draws and --fixed do not go together: --fixed runs the point estimate alone' };
  if (ask.draws !== undefined && !scenario.uncertainty) return { problem: `--draws ${ask.draws}: ${scenario.name} has no uncertainty section, so there is nothing to draw; it runs at its point estimate` };
  const sizes = runSizes(scenario.uncertainty !== undefined, ask);
  if ('uneven' in sizes) {
    const { replications, draws, near } = sizes.uneven;
    return { problem: `--replications ${replications} cannot be shared equally among ${draws} parameter draws; use a multiple of ${draws}, e.g. --replications ${near}, or set --draws` };
  }
  return sizes;
}

/** A parameter draw that is not a valid scenario: which, its values and its problems. */
export interface BadDraw {
  ok: false;
  scenario: string;
  draw: number;
  values: number[];
  errors: Extract<LoadResult, { ok: false }>['errors'];
}

/** A planned run: its parts, the accumulator they fill, and how to finish it. */
export interface PlannedRun {
  ok: true;
  parts: Part[];
  accumulator: Accumulator;
  pooling: Pooling;
  manifest: Manifest;
}

/** Plans a run of `scenario` as `sizes` says; `manifest` is the run's (its sha256 keys the parts). */
export function planRun(scenario: Scenario, source: ScenarioSource, manifest: Manifest, sizes: RunSizes): PlannedRun | BadDraw {
  if (sizes.fixed) {
    const model = compile(scenario);
    return { ok: true, parts: [{ scenario, key: manifest.sha256, first: 0, count: sizes.replications }], accumulator: new Accumulator(model, sizes.replications), pooling: {}, manifest };
  }
  const plan: DrawPlan = { seed: manifest.seed, ...sizes.plan };
  const drawn = drawScenarios(source, scenario, plan);
  if (!drawn.ok) return { ok: false, scenario: scenario.name, draw: drawn.draw, values: drawn.values, errors: drawn.errors };
  // Draws differ in numbers only, so the first draw's model lays out every draw's rows.
  const model: CompiledModel = compile(drawn.scenarios[0]);
  return { ok: true, parts: drawParts(drawn.scenarios, drawn.values, manifest.sha256, plan.perDraw), accumulator: new Accumulator(model, sizes.replications), pooling: sizes.plan, manifest: drawManifest(manifest, plan) };
}

/** A scenario of a comparison, with what its draws are laid over. */
export interface Compared {
  scenario: Scenario;
  source: ScenarioSource;
  sha256: string;
}

/** A planned comparison: every scenario's parts, `groupOf[i]` naming part i's scenario, and one accumulator per scenario. */
export interface PlannedComparison {
  ok: true;
  parts: Part[];
  groupOf: number[];
  accumulators: Accumulator[];
}

/**
 * Every scenario's parts for a paired comparison: at the point estimate,
 * replications [0, R) of each; over draws, the first scenario's draws, each
 * scenario setting those of its figures its own section leaves uncertain (so
 * a figure one scenario fixes as its decision stays fixed there), draw d on
 * replications [d·R, (d + 1)·R); a scenario without a section runs at its
 * point estimate on the same replications. Replication k of one is
 * replication k of another.
 */
export function planComparison(items: readonly Compared[], seed: string, sizes: RunSizes): PlannedComparison | BadDraw {
  const parts: Part[] = [];
  const groupOf: number[] = [];
  const accumulators: Accumulator[] = [];
  const add = (i: number, p: Part): void => {
    parts.push(p);
    groupOf.push(i);
  };
  if (sizes.fixed) {
    items.forEach((x, i) => {
      add(i, { scenario: x.scenario, key: x.sha256, first: 0, count: sizes.replications });
      accumulators.push(new Accumulator(compile(x.scenario), sizes.replications));
    });
    return { ok: true, parts, groupOf, accumulators };
  }
  const { draws, perDraw } = sizes.plan;
  const first = items[0].scenario.uncertainty!;
  const drawn = drawnParameters(first);
  const values = planDraws(first, draws, seed);
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (!x.scenario.uncertainty) {
      add(i, { scenario: x.scenario, key: x.sha256, first: 0, count: draws * perDraw });
      accumulators.push(new Accumulator(compile(x.scenario), draws * perDraw));
      continue;
    }
    let model: CompiledModel | undefined;
    for (let d = 0; d < values.length; d++) {
      const shared = sharedDraw(drawn, x.scenario.uncertainty, values[d]);
      const loaded = drawScenario(x.source, x.scenario.uncertainty, shared.values, d, shared.parameters);
      if (!loaded.ok) return { ok: false, scenario: x.scenario.name, draw: d, values: shared.values, errors: loaded.errors };
      model ??= compile(loaded.scenario);
      add(i, { scenario: loaded.scenario, key: drawKey(`${x.sha256}:${shared.parameters.map((q) => q.name).join(',')}`, shared.values), ...drawReplications(d, perDraw) });
    }
    accumulators.push(new Accumulator(model!, draws * perDraw));
  }
  return { ok: true, parts, groupOf, accumulators };
}
