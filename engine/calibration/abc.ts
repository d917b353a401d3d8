/**
 * ABC-SMC, generation by generation (Toni et al. 2009): the first from the
 * priors; each next one proposes from the previous population through
 * Beaumont et al.'s (2009) kernel and keeps what comes within a tolerance
 * set adaptively to a quantile of the previous distances (as in Del Moral et
 * al. 2012 and Drovandi and Pettitt 2011). With the Gaussian kernel, once the
 * tolerance is down to the region where the targets can tell parameters apart
 * (the best distance plus the 99% point of χ² for the number of parameters),
 * the population is resampled under the Gaussian kernel exp(−distance/2) and
 * every particle takes Metropolis–Hastings moves towards that posterior, the
 * one under which each target's standard error is the model's error
 * (Wilkinson 2013), as in the resample-move step of Del Moral et al. (2012):
 * importance weights alone degenerate once a dozen parameters are fitted. This module plans each generation and
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
  resample,
  runSlot,
  weightedCovariance,
  weightedMean,
  weightedQuantile,
  type Evaluate,
  type GenerationKind,
  type GenerationPlan,
  type Population,
  type SlotOutcome,
} from './smc.ts';
import { createStream } from '../des/rng.ts';

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
  /** Metropolis–Hastings moves of every particle under the Gaussian kernel, after the tolerances (kernel gaussian). */
  moves: number;
  /** The perturbation kernel's covariance as a multiple of the population's: 2 is Beaumont et al.'s. */
  kernelScale: number;
  commonRandomNumbers: boolean;
  minAcceptance: number;
}

/** One finished generation: how it accepted, what it cost, and its particles (values in the scenario's units, φ, distances, weights summing to 1). */
export interface Generation {
  generation: number;
  kind: GenerationKind;
  tolerance: number | null;
  proposals: number;
  simulations: number;
  /** Particles accepted per simulation run; for moves, the share of particles that moved. */
  acceptance: number;
  /** Effective sample size of the weights. */
  ess: number;
  /** The smallest distance among its particles. */
  best: number;
  theta: number[][];
  phi: number[][];
  distance: number[];
  weight: number[];
}

/** Proposals a slot may make: enough for an acceptance rate well under `minAcceptance`. */
export const maxProposals = (s: Settings): number => Math.ceil(20 / s.minAcceptance);

/** The next generation, or why to stop. */
export type Plan = { plan: GenerationPlan } | { stop: string };

/** The Metropolis–Hastings kernel for moves: the population's covariance × 2.38²/k (Roberts, Gelman and Gilks 1997). */
const moveKernel = (pop: Population, k: number): ReturnType<typeof kernelOf> => kernelOf(weightedCovariance(pop.phi, pop.weight).map((r) => r.map((x) => (2.38 * 2.38 * x) / k)));

/** A generation as a population for the next. */
const populationOf = (g: Generation): Population => ({ phi: g.phi, theta: g.theta, distance: g.distance, weight: g.weight });

/**
 * The next generation to run after `done` (in order), or why to stop. The
 * decision reads only finished generations, so a resumed calibration makes
 * the same one.
 */
export function planGeneration(s: Settings, priors: readonly Prior[], done: readonly Generation[]): Plan {
  const base = { seed: s.seed, maxProposals: maxProposals(s), tolerance: null };
  if (done.length === 0) return { plan: { ...base, generation: 0, kind: 'prior', previous: null, kernel: null } };
  const last = done[done.length - 1];
  const g = done.length;
  if (last.kind === 'move') {
    const moves = done.filter((d) => d.kind === 'move').length;
    if (moves >= s.moves) return { stop: `${moves} Metropolis–Hastings move${moves === 1 ? '' : 's'} of every particle under the Gaussian kernel were made` };
    const previous = populationOf(last);
    return { plan: { ...base, generation: g, kind: 'move', previous, kernel: moveKernel(previous, priors.length) } };
  }
  const previous = populationOf(last);
  const quantileTolerance = nextTolerance(last, s.quantile);
  const lowAcceptance = g > 1 && last.acceptance < s.minAcceptance;
  const uniform = (): Plan => ({ plan: { ...base, generation: g, kind: 'uniform', tolerance: quantileTolerance, previous, kernel: perturbationKernel(previous, s.kernelScale) } });
  if (s.kernel === 'uniform') {
    if (g >= s.generations) return { stop: `${s.generations} generation${s.generations === 1 ? ' was' : 's were'} run (the most asked for)` };
    if (s.tolerance !== null && last.tolerance !== null && last.tolerance <= s.tolerance) return { stop: `the tolerance reached the final tolerance ${fmt(s.tolerance)}` };
    if (lowAcceptance) return { stop: `generation ${g} accepted ${pct(last.acceptance)} of its simulations, below the ${pct(s.minAcceptance)} asked for` };
    const plan = uniform();
    if ('plan' in plan) plan.plan.tolerance = Math.max(quantileTolerance, s.tolerance ?? -Infinity);
    return plan;
  }
  const best = Math.min(...done.map((d) => d.best));
  const floor = Math.max(best + chiSquareQuantile(priors.length, 0.99), s.tolerance ?? -Infinity);
  const final = g >= s.generations || lowAcceptance || quantileTolerance <= floor || (last.tolerance !== null && last.tolerance <= floor);
  if (!final) return uniform();
  // The moves start from the last population resampled as the Gaussian kernel weighs it, moved at first
  // with that population's own spread (a resample of few distinct particles has too little).
  const weight = normalise(last.weight.map((w, i) => Math.log(w) - (last.distance[i] - best) / 2));
  const picks = resample(weight, s.particles, createStream(s.seed, 0, `calibrate:${g}:resample`));
  const even = picks.map(() => 1 / s.particles);
  const start: Population = { phi: picks.map((j) => last.phi[j]), theta: picks.map((j) => last.theta[j]), distance: picks.map((j) => last.distance[j]), weight: even };
  return { plan: { ...base, generation: g, kind: 'move', previous: start, kernel: moveKernel(previous, priors.length) } };
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
  const logW = plan.kind === 'uniform' ? ok.map((o) => logImportance(priors, o.phi, plan.previous!, plan.kernel!)) : ok.map(() => 0);
  const weight = normalise(logW);
  const simulations = ok.reduce((a, o) => a + o.simulations, 0);
  return {
    generation: plan.generation,
    kind: plan.kind,
    tolerance: plan.tolerance,
    proposals: ok.reduce((a, o) => a + o.proposals, 0),
    simulations,
    acceptance: plan.kind === 'move' ? ok.filter((o) => o.moved).length / ok.length : ok.length / Math.max(1, simulations),
    ess: effectiveSize(weight),
    best: Math.min(...ok.map((o) => o.distance)),
    theta: ok.map((o) => o.theta),
    phi: ok.map((o) => o.phi),
    distance: ok.map((o) => o.distance),
    weight,
  };
}

/** The posterior: the last generation, or, when a Gaussian-kernel calibration stopped before its moves, the last one reweighted by that kernel. */
export function posterior(s: Settings, done: readonly Generation[]): Generation {
  const last = done[done.length - 1];
  if (s.kernel === 'uniform' || last.kind === 'move') return last;
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
  const what = plan.kind === 'uniform' ? `within tolerance ${fmt(plan.tolerance!)}` : 'with every target defined';
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
