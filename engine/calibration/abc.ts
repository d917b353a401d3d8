/**
 * ABC-SMC, generation by generation (Toni et al. 2009): the first from the
 * priors; each next one proposes from the previous population through
 * Beaumont et al.'s (2009) kernel and keeps what comes within a tolerance
 * set adaptively to a quantile of the previous distances (as in Del Moral et
 * al. 2012 and Drovandi and Pettitt 2011). With the Gaussian kernel, once the
 * tolerance is down to the region where the targets can tell parameters apart
 * (the best distance plus the 99% point of χ² for the number of parameters),
 * a last generation accepts each proposal with probability exp(−distance/2),
 * so the posterior is the one under which each target's standard error is
 * the model's error (Wilkinson 2013). This module plans each generation and
 * assembles what its slots return; where the slots run is the caller's affair.
 */
import { logDensityPhi, priorSpread, type Prior, type Spread } from './prior.ts';
import {
  chiSquareQuantile,
  effectiveSize,
  kernelOf,
  logImportance,
  normalise,
  perturbationKernel,
  runSlot,
  weightedCovariance,
  weightedMean,
  weightedQuantile,
  type Evaluate,
  type GenerationKind,
  type GenerationPlan,
  type SlotOutcome,
} from './smc.ts';

export interface Settings {
  particles: number;
  /** Most generations, the first (from the priors) included. */
  generations: number;
  /** The final tolerance, if given. */
  tolerance: number | null;
  quantile: number;
  replications: number;
  seed: string;
  kernel: 'gaussian' | 'uniform';
  commonRandomNumbers: boolean;
  minAcceptance: number;
}

/** One finished generation: how it accepted, what it cost, and its particles (values in the scenario's units, φ, distances, weights summing to 1). */
export interface Generation {
  generation: number;
  kind: GenerationKind;
  tolerance: number | null;
  reference: number | null;
  proposals: number;
  simulations: number;
  /** Particles accepted per simulation run. */
  acceptance: number;
  /** Effective sample size of the weights. */
  ess: number;
  theta: number[][];
  phi: number[][];
  distance: number[];
  weight: number[];
}

/** Proposals a slot may make: enough for an acceptance rate well under `minAcceptance`. */
export const maxProposals = (s: Settings): number => Math.ceil(20 / s.minAcceptance);

/** Why a calibration stopped, in words. */
export type Plan = { plan: GenerationPlan } | { stop: string };

/**
 * The next generation to run after `done` (in order), or why to stop. The
 * decision reads only finished generations, so a resumed calibration makes
 * the same one.
 */
export function planGeneration(s: Settings, priors: readonly Prior[], done: readonly Generation[]): Plan {
  const base = { seed: s.seed, maxProposals: maxProposals(s) };
  if (done.length === 0) return { plan: { ...base, generation: 0, kind: 'prior', tolerance: null, reference: null, previous: null, kernel: null } };
  const last = done[done.length - 1];
  const g = done.length;
  if (last.kind === 'gaussian') return { stop: 'the last generation accepted each particle with the Gaussian kernel' };
  const previous = { phi: last.phi, distance: last.distance, weight: last.weight };
  const kernel = perturbationKernel(previous);
  const next = (kind: GenerationKind, tolerance: number | null, reference: number | null): Plan => ({ plan: { ...base, generation: g, kind, tolerance, reference, previous, kernel } });
  const quantileTolerance = nextTolerance(last, s.quantile);
  const lowAcceptance = g > 1 && last.acceptance < s.minAcceptance;
  if (g >= s.generations) return { stop: `${s.generations} generation${s.generations === 1 ? ' was' : 's were'} run (the most asked for)` };
  if (s.kernel === 'uniform') {
    if (s.tolerance !== null && last.tolerance !== null && last.tolerance <= s.tolerance) return { stop: `the tolerance reached the final tolerance ${fmt(s.tolerance)}` };
    if (lowAcceptance) return { stop: `generation ${g} accepted ${pct(last.acceptance)} of its simulations, below the ${pct(s.minAcceptance)} asked for` };
    return next('uniform', Math.max(quantileTolerance, s.tolerance ?? -Infinity), null);
  }
  const best = Math.min(...done.map((d) => Math.min(...d.distance)));
  const floor = Math.max(best + chiSquareQuantile(priors.length, 0.99), s.tolerance ?? -Infinity);
  const final = g >= s.generations - 1 || lowAcceptance || quantileTolerance <= floor || (last.tolerance !== null && last.tolerance <= floor);
  if (!final) return next('uniform', quantileTolerance, null);
  // The last generation proposes from the previous one as the Gaussian kernel weighs it, moved by that
  // population's own covariance: close to the target, a kernel narrower than Beaumont's twice the
  // covariance wastes fewer simulations (Filippi et al. 2013). The weights use this same mixture.
  const weight = normalise(last.weight.map((w, i) => Math.log(w) - (last.distance[i] - best) / 2));
  const reweighted = { phi: last.phi, distance: last.distance, weight };
  return { plan: { ...base, generation: g, kind: 'gaussian', tolerance: null, reference: best, previous: reweighted, kernel: kernelOf(weightedCovariance(last.phi, weight)) } };
}

/**
 * The weighted quantile of a generation's distances; when ties keep it at the
 * generation's own tolerance (distances of counts take few values), the
 * largest distance below that tolerance instead, so the tolerance always falls.
 */
export function nextTolerance(last: Pick<Generation, 'distance' | 'weight' | 'tolerance'>, q: number): number {
  const t = weightedQuantile(last.distance, last.weight, q);
  if (last.tolerance === null || t < last.tolerance) return t;
  const below = last.distance.filter((d) => d < last.tolerance!);
  return below.length > 0 ? Math.max(...below) : last.tolerance;
}

/** The generation from its slots' outcomes (in slot order); null when a slot found no particle. */
export function finishGeneration(plan: GenerationPlan, priors: readonly Prior[], outcomes: readonly SlotOutcome[]): Generation | null {
  if (!outcomes.every((o) => o.ok)) return null;
  const ok = outcomes as Extract<SlotOutcome, { ok: true }>[];
  const logW =
    plan.previous === null
      ? ok.map(() => 0)
      : ok.map((o) => logImportance(priors, o.phi, plan.previous!, plan.kernel!) + o.logBoost);
  const weight = normalise(logW);
  const simulations = ok.reduce((a, o) => a + o.simulations, 0);
  return {
    generation: plan.generation,
    kind: plan.kind,
    tolerance: plan.tolerance,
    reference: plan.reference,
    proposals: ok.reduce((a, o) => a + o.proposals, 0),
    simulations,
    acceptance: ok.length / Math.max(1, simulations),
    ess: effectiveSize(weight),
    theta: ok.map((o) => o.theta),
    phi: ok.map((o) => o.phi),
    distance: ok.map((o) => o.distance),
    weight,
  };
}

/** The posterior: the last generation, or, when a Gaussian-kernel calibration stopped before its last generation, the last one reweighted by that kernel. */
export function posterior(s: Settings, done: readonly Generation[]): Generation {
  const last = done[done.length - 1];
  if (s.kernel === 'uniform' || last.kind === 'gaussian') return last;
  const best = Math.min(...last.distance);
  const weight = normalise(last.weight.map((w, i) => Math.log(w) - (last.distance[i] - best) / 2));
  return { ...last, weight, ess: effectiveSize(weight) };
}

/** Runs a calibration in this thread, slot after slot: for tests and small problems. */
export function calibrateHere(s: Settings, priors: readonly Prior[], evaluate: Evaluate, onGeneration?: (g: Generation) => void): { generations: Generation[]; stopped: string } {
  const done: Generation[] = [];
  for (;;) {
    const next = planGeneration(s, priors, done);
    if ('stop' in next) return { generations: done, stopped: next.stop };
    const outcomes = Array.from({ length: s.particles }, (_, i) => runSlot(next.plan, priors, i, evaluate));
    const g = finishGeneration(next.plan, priors, outcomes);
    if (g === null) return { generations: done, stopped: outOfReach(next.plan) };
    done.push(g);
    onGeneration?.(g);
  }
}

/** Why a generation that could not fill its slots ended the calibration. */
export function outOfReach(plan: GenerationPlan): string {
  const what = plan.kind === 'uniform' ? `within tolerance ${fmt(plan.tolerance!)}` : plan.kind === 'gaussian' ? 'with the Gaussian kernel' : 'with every target defined';
  return `generation ${plan.generation} could not find a particle ${what} in ${plan.maxProposals} proposals for some slot; the last complete generation is the posterior`;
}

// ---------------------------------------------------------------------------
// Summaries

export interface ParameterSummary {
  prior: Spread;
  posterior: Spread & { p50: number };
  /** Posterior sd over prior sd: near 1, the targets say little about the parameter. */
  sdRatio: number;
  identified: boolean;
}

/** Above this share of its prior sd, a parameter's posterior counts as not identified by the targets. */
export const IDENTIFIED_BELOW = 0.8;

export function summarise(priors: readonly Prior[], pop: Pick<Generation, 'theta' | 'weight'>): ParameterSummary[] {
  const mean = weightedMean(pop.theta, pop.weight);
  return priors.map((p, j) => {
    const xs = pop.theta.map((t) => t[j]);
    const sd = Math.sqrt(xs.reduce((a, x, i) => a + pop.weight[i] * (x - mean[j]) ** 2, 0));
    const prior = priorSpread(p.distribution);
    const sdRatio = sd / prior.sd;
    return {
      prior,
      posterior: { mean: mean[j], sd, p5: weightedQuantile(xs, pop.weight, 0.05), p50: weightedQuantile(xs, pop.weight, 0.5), p95: weightedQuantile(xs, pop.weight, 0.95) },
      sdRatio,
      identified: sdRatio <= IDENTIFIED_BELOW,
    };
  });
}

/** Weighted correlations of the parameters in the posterior. */
export function correlations(pop: Pick<Generation, 'theta' | 'weight'>): number[][] {
  const k = pop.theta[0].length;
  const m = weightedMean(pop.theta, pop.weight);
  const c = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, b) => pop.theta.reduce((acc, t, i) => acc + pop.weight[i] * (t[a] - m[a]) * (t[b] - m[b]), 0)));
  return c.map((r, a) => r.map((x, b) => (a === b ? 1 : x / Math.sqrt(c[a][a] * c[b][b]) || 0)));
}

/** ln of the priors' joint density at φ (for tests and diagnostics). */
export const logPriorPhi = (priors: readonly Prior[], phi: readonly number[]): number => priors.reduce((a, p, i) => a + logDensityPhi(p, phi[i]), 0);

const fmt = (x: number): string => String(Number(x.toPrecision(4)));
const pct = (x: number): string => `${Number((x * 100).toPrecision(3))}%`;
