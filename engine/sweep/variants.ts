/**
 * A sweep's variants: the parameter settings each design asks for, in a fixed
 * order (so shards and resumed runs agree on what variant k is), and the
 * scenario each becomes: an overlay on its option's file, validated like any
 * scenario. Samples come from the sweep's seed alone.
 */
import { createStream } from '../des/rng.ts';
import { parseScenarioText, type LoadResult, type ParseCache, type ReadFile } from '../model/load.ts';
import { isMap } from '../model/plain.ts';
import { addOverride, joinPath, nearestPath, overlayFile } from '../model/overlay.ts';
import type { PathSegment, ScenarioProblem } from '../model/problems.ts';
import { drawnNames, planDraws } from '../uncertainty/draws.ts';
import { imposeCorrelation } from './correlation.ts';
import { latinHypercube, randomUniforms } from './designs.ts';
import type { ParamDistribution } from './families.ts';
import { quantile } from './quantiles.ts';
import { tidy, writeQuantity } from './quantity.ts';
import type { Sweep, SweepParameter } from './types.ts';
import type { VariantTask } from './run.ts';

export interface Variant {
  index: number;
  /** The option (scenario) it runs: "base" or an alternative's name. */
  option: string;
  /** The sample it belongs to (lhs, psa, sample); null for grid and oneway. */
  draw: number | null;
  /** For oneway: which parameter is moved and to which end; the base variant has neither. */
  moved?: { parameter: string; end: 'low' | 'high' };
  /** Parameter values, by name, in the parameter's unit. */
  inputs: Record<string, number>;
}

/** Every variant of a sweep, in index order. */
export function planVariants(sweep: Sweep): Variant[] {
  const ps = sweep.parameters;
  const at = (values: number[]): Record<string, number> => Object.fromEntries(ps.map((p, i) => [p.name, tidy(values[i])]));
  const out: Variant[] = [];
  const add = (inputs: Record<string, number>, extra: Partial<Variant> = {}, option = 'base', draw: number | null = null): void =>
    void out.push({ index: out.length, option, draw, inputs, ...extra });
  switch (sweep.design) {
    case 'oneway': {
      const base = ps.map((p) => p.base);
      add(at(base));
      ps.forEach((p, i) => {
        for (const end of ['low', 'high'] as const) {
          const v = base.slice();
          v[i] = p[end]!;
          add(at(v), { moved: { parameter: p.name, end } });
        }
      });
      break;
    }
    case 'grid': {
      const levels = ps.map((p) => p.values ?? [p.low!, p.high!]);
      const n = levels.reduce((acc, l) => acc * l.length, 1);
      for (let k = 0; k < n; k++) {
        // The first parameter varies slowest, as in a written table.
        let rest = k;
        const v = new Array<number>(ps.length);
        for (let i = ps.length - 1; i >= 0; i--) {
          v[i] = levels[i][rest % levels[i].length];
          rest = Math.floor(rest / levels[i].length);
        }
        add(at(v));
      }
      break;
    }
    case 'lhs':
    case 'sample':
    case 'psa': {
      const n = sweep.size!;
      if (sweep.uncertainty) {
        // The scenario's own draws, as casecast run makes them on the same seed: draw d of the sweep is draw d of a run.
        planDraws(sweep.uncertainty, n, sweep.seed).forEach((row, d) => {
          const inputs = at(row);
          for (const o of sweep.options) add(inputs, {}, o.name, d);
        });
        break;
      }
      const rng = createStream(sweep.seed, 0, `sweep:${sweep.design}`);
      let u = sweep.sampling === 'lhs' ? latinHypercube(n, ps.length, rng) : randomUniforms(n, ps.length, rng);
      if (sweep.correlations) u = imposeCorrelation(u, sweep.correlations, rng);
      const options = sweep.design === 'psa' ? sweep.options.map((o) => o.name) : ['base'];
      u.forEach((row, d) => {
        const inputs = at(ps.map((p, i) => quantile(marginal(p), row[i])));
        for (const option of options) add(inputs, {}, option, d);
      });
      break;
    }
  }
  return out;
}

/** A parameter's sampling distribution: its own, or uniform between low and high. */
export const marginal = (p: SweepParameter): ParamDistribution => p.distribution ?? { type: 'uniform', min: Math.min(p.low!, p.high!), max: Math.max(p.low!, p.high!) };

/** The overlay file's label, which problems with a variant's values are reported against. */
const overlayLabel = (v: Variant): string => `(sweep variant ${v.index})`;

/** A variant's scenario: the parameter values laid over its option's file, loaded and validated. */
export function variantScenario(sweep: Sweep, v: Variant, read: ReadFile, cache: ParseCache): LoadResult {
  const option = sweep.options.find((o) => o.name === v.option)!;
  const overlay: Record<string, unknown> = {};
  // Drawing from the scenarios' uncertainty, an option sets only what its own section leaves uncertain (a variant may fix a figure as its decision).
  const own = sweep.uncertainty ? drawnNames(option.scenario.uncertainty) : null;
  for (const p of sweep.parameters) {
    if (own && !own.has(p.name)) continue;
    for (const path of p.paths) addOverride(overlay, option.raw, path, writeQuantity(v.inputs[p.name], p.unit));
  }
  // A variant is a fixed scenario: the option's own parameter uncertainty plays no part in it.
  if (isMap(option.raw) && option.raw.uncertainty !== undefined) overlay.uncertainty = null;
  const { file, text } = overlayFile(option.file, overlay, overlayLabel(v));
  return parseScenarioText(text, file, (path, from) => (path === file ? text : read(path, from)), { cache });
}

/** A problem found in some variant, told against the sweep file's parameter that caused it. */
export interface VariantProblem {
  /** Where in the sweep file: the parameter (or "" when no parameter explains it). */
  path: PathSegment[];
  message: string;
  hint?: string;
}

/**
 * Loads every variant's scenario, so a sweep that would fail part-way is
 * rejected before anything runs. The scenarios are not kept (a large sweep's
 * would fill memory); `variantTask` builds each again when it is run. The
 * same problem in many variants is told once, with the first variant that
 * shows it and how many more do.
 */
export function checkVariants(sweep: Sweep, variants: readonly Variant[], read: ReadFile, cache: ParseCache, each?: (v: Variant, loaded: LoadResult) => void): VariantProblem[] {
  const seen = new Map<string, { problem: VariantProblem; more: number }>();
  for (const v of variants) {
    const loaded = variantScenario(sweep, v, read, cache);
    each?.(v, loaded); // a caller's look at each variant as it is checked (its work, progress)
    if (loaded.ok) continue;
    for (const p of loaded.errors) {
      const param = blame(sweep, p);
      const key = `${param?.name ?? ''}|${p.path}|${p.message.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, '#')}`;
      const hit = seen.get(key);
      if (hit) {
        hit.more++;
        continue;
      }
      // The parameter to blame alone, or every setting when none explains the problem.
      const settings = (param ? [param] : sweep.parameters).map((q) => `${q.name} = ${writeQuantity(v.inputs[q.name], q.unit)}`).join(', ');
      seen.set(key, {
        problem: {
          path: param ? ['parameters', param.name] : [],
          message: `variant ${v.index} (${v.option === 'base' ? '' : `${v.option}: `}${settings}) is not a valid scenario: ${p.path ? `${p.path}: ` : ''}${p.message}`,
          ...(p.hint && { hint: p.hint }),
        },
        more: 0,
      });
    }
  }
  return [...seen.values()].map(({ problem, more }) => (more === 0 ? problem : { ...problem, message: `${problem.message} (and ${more} more variant${more === 1 ? '' : 's'} the same way)` }));
}

/** What a worker needs to run a variant (checked by `checkVariants` first). */
export function variantTask(sweep: Sweep, v: Variant, read: ReadFile, cache: ParseCache): VariantTask {
  const loaded = variantScenario(sweep, v, read, cache);
  if (!loaded.ok) throw new Error(`variant ${v.index} no longer loads: ${loaded.errors[0]?.message ?? 'unknown problem'}`);
  return { scenario: loaded.scenario, resolvedText: loaded.resolvedText, seed: sweep.seed, replications: sweep.replications, caseloadYears: sweep.caseloadYears, agencies: sweep.agencies };
}

/** The parameter whose path is nearest the problem's field, if any. */
export function blame(sweep: Sweep, p: Pick<ScenarioProblem, 'path'>): SweepParameter | undefined {
  if (p.path === '') return undefined;
  const owners = sweep.parameters.flatMap((q) => q.paths.map(() => q));
  return owners[nearestPath(p.path, sweep.parameters.flatMap((q) => q.paths.map(joinPath)))];
}
