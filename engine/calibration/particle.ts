/**
 * A particle's simulation: the base scenario with the parameters at its
 * values, run only as far as the targets reach, R replications, and its
 * distance from the targets. What a worker is handed is plain data (a
 * ParticleSetup), so the same particle gives the same distance in any thread.
 *
 * Building a scenario through the loader (an overlay file, validation) costs
 * more than a replication of a small scenario, so when every parameter moves
 * the resolved scenario's numbers along straight lines (a rate per month
 * becomes a rate per year, states that copy a state with like: follow it),
 * which three loads of each parameter show, particles set those numbers
 * directly on a copy of the validated base. The priors' ends were validated
 * when the calibration was loaded, so every value between them is valid too.
 */
import type { CompiledModel } from '../model/compile.ts';
import type { ParseCache, ReadFile } from '../model/load.ts';
import { rawChain } from '../model/raw.ts';
import type { Scenario } from '../model/scenario.ts';
import { tidy } from '../sweep/quantity.ts';
import type { ParamDistribution } from '../sweep/families.ts';
import { quantile } from '../sweep/quantiles.ts';
import { simulateTargets, targetHorizon, targetModel } from './simulate.ts';
import { scenarioWith, type Calibration, type CalibrationBase, type CalibrationParameter } from './load.ts';
import { prior } from './prior.ts';
import { runSlot, type GenerationPlan, type SlotOutcome } from './smc.ts';

type Key = string | number;

/** A number of the resolved scenario that one parameter sets: value = a × x + b. */
export interface LinearField {
  path: Key[];
  parameter: number;
  a: number;
  b: number;
}

/** Everything a thread needs to simulate particles. */
export interface ParticleSetup {
  /** The calibration's hash: a thread builds each setup once. */
  key: string;
  /** The horizon cut at the last target, in years (null: the scenario's own). */
  horizon: number | null;
  fitted: number[];
  observed: number[];
  sd: number[];
  replications: number;
  seed: string;
  commonRandomNumbers: boolean;
  build:
    | { kind: 'linear'; scenario: Scenario; fields: LinearField[] }
    | { kind: 'load'; file: string; texts: Record<string, string>; parameters: Pick<CalibrationParameter, 'paths' | 'unit'>[] };
}

/** The sum over fitted targets of ((mean over replications − observed) / sd)²; Infinity when no replication defines a target. */
export function distanceOf(rows: readonly number[][], setup: Pick<ParticleSetup, 'fitted' | 'observed' | 'sd'>): number {
  let d = 0;
  setup.fitted.forEach((k, i) => {
    let n = 0;
    let sum = 0;
    for (const r of rows) if (Number.isFinite(r[k])) (n++, (sum += r[k]));
    d += n === 0 ? Infinity : ((sum / n - setup.observed[i]) / setup.sd[i]) ** 2;
  });
  return d;
}


/** The setup of a loaded calibration: straight-line fields when every parameter has them, else building through the loader. */
export function particleSetup(cal: Calibration, read: ReadFile, cache: ParseCache): ParticleSetup {
  const targets = cal.base.scenario.targets;
  const fields = linearFields(cal.base, cal.parameters, read, cache);
  const texts: Record<string, string> = {};
  if (fields === null) for (const f of cal.base.files) texts[f] = read(f, '') ?? '';
  return {
    key: cal.sha256,
    horizon: targetHorizon(cal.base.scenario),
    fitted: cal.fitted,
    observed: cal.fitted.map((k) => targets[k].observed),
    sd: cal.fitted.map((k) => targets[k].sd),
    replications: cal.settings.replications,
    seed: cal.settings.seed,
    commonRandomNumbers: cal.settings.commonRandomNumbers,
    build: fields === null ? { kind: 'load', file: cal.base.file, texts, parameters: cal.parameters.map((p) => ({ paths: p.paths, unit: p.unit })) } : { kind: 'linear', scenario: cal.base.scenario, fields },
  };
}

const close = (x: number, y: number): boolean => x === y || Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));

/**
 * The numbers each parameter sets, found by loading the scenario with it at
 * its prior's quartiles and median: null unless every changed number lies on
 * a line through all three and the file's own value, the structure never
 * changes, and no number depends on two parameters.
 */
export function linearFields(base: CalibrationBase, parameters: readonly CalibrationParameter[], read: ReadFile, cache: ParseCache): LinearField[] | null {
  const fields: LinearField[] = [];
  const owned = new Set<string>();
  for (let i = 0; i < parameters.length; i++) {
    const p = parameters[i];
    const xs = [0.25, 0.75, 0.5].map((q) => tidy(quantile(p.prior, q))); // as scenarioWith writes them
    const loads = xs.map((x) => scenarioWith(base, parameters, parameters.map((_, j) => (j === i ? x : undefined)), read, cache, '(calibration probe)'));
    if (!loads.every((l) => l.ok)) return null;
    const [s1, s2, s3] = loads.map((l) => (l as Extract<typeof l, { ok: true }>).scenario);
    const found: LinearField[] = [];
    const ok = walk(base.scenario, s1, s2, s3, [], (path, v0, v1, v2, v3) => {
      if (v1 === v2) return close(v3, v1) && close(v0, v1);
      const a = (v2 - v1) / (xs[1] - xs[0]);
      const b = v1 - a * xs[0];
      if (!close(a * xs[2] + b, v3) || !close(a * p.base + b, v0)) return false;
      found.push({ path, parameter: i, a, b });
      return true;
    });
    if (!ok || found.length === 0) return null;
    for (const f of found) {
      const key = JSON.stringify(f.path);
      if (owned.has(key)) return null;
      owned.add(key);
    }
    fields.push(...found);
  }
  return fields;
}

/** Walks four values of the same shape; `leaf` judges each number. False when shapes or other values differ. */
function walk(v0: unknown, v1: unknown, v2: unknown, v3: unknown, path: Key[], leaf: (path: Key[], v0: number, v1: number, v2: number, v3: number) => boolean): boolean {
  if (typeof v0 === 'number') return typeof v1 === 'number' && typeof v2 === 'number' && typeof v3 === 'number' && leaf(path, v0, v1, v2, v3);
  if (Array.isArray(v0)) {
    if (![v1, v2, v3].every((v) => Array.isArray(v) && v.length === v0.length)) return false;
    return v0.every((x, k) => walk(x, (v1 as unknown[])[k], (v2 as unknown[])[k], (v3 as unknown[])[k], [...path, k], leaf));
  }
  if (typeof v0 === 'object' && v0 !== null) {
    const keys = Object.keys(v0).filter((k) => (v0 as Record<string, unknown>)[k] !== undefined);
    const same = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).length === keys.length;
    if (![v1, v2, v3].every(same)) return false;
    return keys.every((k) => walk((v0 as Record<string, unknown>)[k], (v1 as Record<string, unknown>)[k], (v2 as Record<string, unknown>)[k], (v3 as Record<string, unknown>)[k], [...path, k], leaf));
  }
  return v0 === v1 && v0 === v2 && v0 === v3;
}

/** Simulates particles of one setup; a thread keeps one per calibration. */
export class ParticleModel {
  private readonly linear: { scenario: Scenario; fields: LinearField[] } | null;
  private readonly load: { file: string; read: ReadFile; cache: ParseCache; base: CalibrationBase; parameters: CalibrationParameter[] } | null;

  constructor(readonly setup: ParticleSetup) {
    const b = setup.build;
    if (b.kind === 'linear') {
      this.linear = { scenario: structuredClone(b.scenario), fields: b.fields };
      this.load = null;
    } else {
      const read: ReadFile = (p) => b.texts[p];
      const cache: ParseCache = new Map();
      const base = { file: b.file, raw: rawChain(b.texts[b.file], b.file, read, { cache }) } as CalibrationBase;
      const parameters = b.parameters.map((p) => ({ ...p }) as CalibrationParameter);
      this.load = { file: b.file, read, cache, base, parameters };
      this.linear = null;
    }
  }

  /** The scenario at `theta`. With straight-line fields it is this model's own copy, changed in place: use it before the next call. */
  scenarioAt(theta: readonly number[]): Scenario {
    if (this.linear) {
      for (const f of this.linear.fields) {
        let c = this.linear.scenario as unknown as Record<Key, unknown>;
        for (let k = 0; k < f.path.length - 1; k++) c = c[f.path[k]] as Record<Key, unknown>;
        c[f.path[f.path.length - 1]] = f.a * theta[f.parameter] + f.b;
      }
      return this.linear.scenario;
    }
    const l = this.load!;
    const loaded = scenarioWith(l.base, l.parameters, theta, l.read, l.cache, '(calibration particle)');
    if (!loaded.ok) throw new Error(`a particle's scenario is not valid (${theta.join(', ')}): ${loaded.errors[0].path}: ${loaded.errors[0].message}`);
    return loaded.scenario;
  }

  /** The model at `theta`, cut at the last target. */
  modelAt(theta: readonly number[]): CompiledModel {
    const s = this.scenarioAt(theta);
    return targetModel(s, this.setup.horizon);
  }

  /** The distance of `theta`: on the calibration's replications, or (without common random numbers) on replications of its own simulation. */
  distance(theta: readonly number[], own: string): number {
    const seed = this.setup.commonRandomNumbers ? this.setup.seed : `${this.setup.seed}:${own}`;
    return distanceOf(simulateTargets(this.modelAt(theta), { seed, replications: this.setup.replications }), this.setup);
  }
}

/** One task for a thread: slots [first, first + count) of a generation. */
export interface CalibrationTask {
  setup: ParticleSetup;
  priors: ParamDistribution[];
  plan: GenerationPlan;
  first: number;
  count: number;
}

const models = new Map<string, ParticleModel>();

/** Runs a task's slots, in slot order. */
export function runCalibrationTask(t: CalibrationTask): SlotOutcome[] {
  let m = models.get(t.setup.key);
  if (!m) {
    if (models.size >= 4) models.clear();
    models.set(t.setup.key, (m = new ParticleModel(t.setup)));
  }
  const model = m;
  const priors = t.priors.map(prior);
  const out: SlotOutcome[] = [];
  for (let i = t.first; i < t.first + t.count; i++) {
    out.push(runSlot(t.plan, priors, i, (theta, slot, attempt, generation) => model.distance(theta, `${generation}:${slot}:${attempt}`)));
  }
  return out;
}
