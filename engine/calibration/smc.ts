/**
 * The mathematics of ABC-SMC (Toni et al. 2009) with Beaumont et al.'s (2009)
 * importance weights: a population of weighted particles in the
 * unconstrained space of the priors, the Gaussian perturbation kernel of
 * twice their weighted covariance, the weight of a new particle against the
 * previous population, and one particle slot's rejection loop. Pure: numbers
 * in, numbers out, randomness only from the slot's own stream.
 */
import { normal } from '../des/distributions.ts';
import { createStream, type Rng } from '../des/rng.ts';
import { cholesky } from '../sweep/correlation.ts';
import { quantile } from '../sweep/quantiles.ts';
import { fromPhi, inRange, logDensityPhi, TAIL, toPhi, type Prior } from './prior.ts';

/** Weighted particles: φ (unconstrained), their distances, and weights that sum to 1. */
export interface Population {
  phi: number[][];
  distance: number[];
  weight: number[];
  /** The values in the scenario's units, when kept (a moved particle that stays keeps its own). */
  theta?: number[][];
}

/** Weights summing to 1 from log weights (−Infinity is weight 0). */
export function normalise(logWeights: readonly number[]): number[] {
  const top = Math.max(...logWeights);
  if (!Number.isFinite(top)) throw new RangeError('every particle has weight 0');
  const w = logWeights.map((l) => Math.exp(l - top));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

/** Effective sample size, 1 / Σ w², of weights that sum to 1. */
export const effectiveSize = (w: readonly number[]): number => 1 / w.reduce((a, x) => a + x * x, 0);

/** The smallest value whose cumulative weight reaches q of the total (values with weight 0 never count). */
export function weightedQuantile(values: readonly number[], weights: readonly number[], q: number): number {
  const order = values.map((_, i) => i).filter((i) => weights[i] > 0).sort((a, b) => values[a] - values[b] || a - b);
  const total = order.reduce((a, i) => a + weights[i], 0);
  let cum = 0;
  for (const i of order) {
    cum += weights[i];
    if (cum >= q * total * (1 - 1e-12)) return values[i];
  }
  return values[order[order.length - 1]];
}

/** The weighted mean of rows. */
export function weightedMean(rows: readonly number[][], w: readonly number[]): number[] {
  const k = rows[0].length;
  const m = new Array<number>(k).fill(0);
  rows.forEach((r, i) => r.forEach((x, j) => (m[j] += w[i] * x)));
  return m;
}

/** The weighted covariance of rows, with weights that sum to 1 (the plain, biased form: Σ w (x − m)(x − m)ᵀ). */
export function weightedCovariance(rows: readonly number[][], w: readonly number[]): number[][] {
  const k = rows[0].length;
  const m = weightedMean(rows, w);
  const c = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  rows.forEach((r, i) => {
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) c[a][b] += w[i] * (r[a] - m[a]) * (r[b] - m[b]);
  });
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) c[b][a] = c[a][b];
  return c;
}

/** A Gaussian N(0, L Lᵀ): its Cholesky factor and the log of its normalising constant. */
export interface Kernel {
  chol: number[][];
  logNorm: number;
}

/** The kernel with covariance `cov`; a (nearly) singular one gets a small ridge on its diagonal, so a collapsed direction still moves. */
export function kernelOf(cov: readonly number[][]): Kernel {
  const k = cov.length;
  const top = Math.max(0, ...cov.map((r, i) => r[i]));
  const scale = top > 0 ? top : 1;
  for (const ridge of [0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2]) {
    try {
      const chol = cholesky(cov.map((r, i) => r.map((x, j) => (i === j ? x + ridge * scale : x))));
      const logDet = 2 * chol.reduce((a, r, i) => a + Math.log(r[i]), 0);
      return { chol, logNorm: 0.5 * (k * Math.log(2 * Math.PI) + logDet) };
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  throw new RangeError('the particles have no spread left to perturb');
}

/** Beaumont et al. (2009): the perturbation kernel is a Gaussian with twice the previous population's weighted covariance (`scale` 2). */
export const perturbationKernel = (pop: Population, scale = 2): Kernel => kernelOf(weightedCovariance(pop.phi, pop.weight).map((r) => r.map((x) => scale * x)));

/** ln N(dx; 0, L Lᵀ). */
export function logKernel(kernel: Kernel, dx: readonly number[]): number {
  const L = kernel.chol;
  let sq = 0;
  const y = new Array<number>(dx.length);
  for (let i = 0; i < dx.length; i++) {
    let s = dx[i];
    for (let j = 0; j < i; j++) s -= L[i][j] * y[j];
    y[i] = s / L[i][i];
    sq += y[i] * y[i];
  }
  return -0.5 * sq - kernel.logNorm;
}

/** ln Σ exp(x), safely. */
function logSumExp(xs: readonly number[]): number {
  const top = Math.max(...xs);
  if (!Number.isFinite(top)) return top;
  return top + Math.log(xs.reduce((a, x) => a + Math.exp(x - top), 0));
}

/**
 * The unnormalised log weight of a particle proposed from `previous` through
 * `kernel` (Beaumont et al. 2009): ln π(φ) − ln Σⱼ wⱼ K(φ − φⱼ), with π the
 * priors' density in the unconstrained space.
 */
export function logImportance(priors: readonly Prior[], phi: readonly number[], previous: Population, kernel: Kernel): number {
  const logPrior = priors.reduce((a, p, i) => a + logDensityPhi(p, phi[i]), 0);
  if (!Number.isFinite(logPrior)) return -Infinity;
  const terms = previous.phi.map((pj, j) => (previous.weight[j] > 0 ? Math.log(previous.weight[j]) + logKernel(kernel, phi.map((x, i) => x - pj[i])) : -Infinity));
  return logPrior - logSumExp(terms);
}

/** The p-quantile of χ² with k degrees of freedom (a gamma of shape k/2, scale 2). */
export const chiSquareQuantile = (k: number, p: number): number => quantile({ type: 'gamma', mean: k, sd: Math.sqrt(2 * k) }, p);

// ---------------------------------------------------------------------------
// One generation's particle slots

/**
 * How a generation makes its particles: `prior` draws from the priors and
 * keeps any particle whose distance is defined; `uniform` proposes from the
 * previous population through the kernel and keeps a distance within
 * `tolerance` (Toni et al.'s rejection step, Beaumont et al.'s weights);
 * `move` takes each particle of the previous (resampled) population one
 * Metropolis–Hastings step (Marjoram et al. 2003) towards the posterior under
 * the Gaussian ABC kernel exp(−distance/2), the one under which each target's
 * standard error is the model's error (Wilkinson 2013): the resample-move
 * step of Del Moral et al.'s (2012) ABC-SMC.
 */
export type GenerationKind = 'prior' | 'uniform' | 'move';

/** What every slot of a generation is given: plain data, the same in any worker. */
export interface GenerationPlan {
  generation: number;
  kind: GenerationKind;
  /** The uniform kernel's tolerance; null for the other kinds. */
  tolerance: number | null;
  seed: string;
  /** Proposals one slot may make before the generation counts as out of reach. */
  maxProposals: number;
  /** The previous generation (absent for `prior`); for `move`, slot i moves particle i. */
  previous: Population | null;
  kernel: Kernel | null;
}

/** A slot's particle, or the proposals it made without one. */
export type SlotOutcome =
  | { ok: true; phi: number[]; theta: number[]; distance: number; proposals: number; simulations: number; moved: boolean }
  | { ok: false; proposals: number; simulations: number };

/**
 * What a proposal's distance is: the simulation of `theta`. `attempt` counts
 * the slot's simulations, so a simulation with its own random numbers can
 * seed from (generation, slot, attempt).
 */
export type Evaluate = (theta: number[], slot: number, attempt: number, generation: number) => number;

/** The slot's own random stream: from (seed, generation, slot) alone, so any number of workers gives the same particles. */
export const slotStream = (seed: string, generation: number, slot: number): Rng => createStream(seed, 0, `calibrate:${generation}:${slot}`);

const standardNormal = normal(0, 1);

/** Picks index j with probability weight[j] (weights sum to 1). */
function pick(weight: readonly number[], rng: Rng): number {
  const u = rng();
  let cum = 0;
  for (let j = 0; j < weight.length; j++) {
    cum += weight[j];
    if (u < cum) return j;
  }
  for (let j = weight.length - 1; j >= 0; j--) if (weight[j] > 0) return j;
  return weight.length - 1;
}

/** φ moved by the kernel: φ + L z. */
function step(from: readonly number[], kernel: Kernel, rng: Rng): number[] {
  const L = kernel.chol;
  const z = from.map(() => standardNormal.sample(rng));
  return from.map((x, i) => x + L[i].reduce((a, l, j) => (j <= i ? a + l * z[j] : a), 0));
}

/** One proposal: from the priors, or a previous particle moved by the kernel. Null when it falls outside a prior's range. */
function propose(plan: GenerationPlan, priors: readonly Prior[], rng: Rng): { phi: number[]; theta: number[] } | null {
  if (plan.previous === null) {
    const theta = priors.map((p) => quantile(p.distribution, TAIL + rng() * (1 - 2 * TAIL)));
    if (!theta.every((x, i) => inRange(priors[i], x))) return null;
    return { phi: theta.map((x, i) => toPhi(priors[i], x)), theta };
  }
  const phi = step(plan.previous.phi[pick(plan.previous.weight, rng)], plan.kernel!, rng);
  const theta = phi.map((x, i) => fromPhi(priors[i], x));
  return theta.every((x, i) => inRange(priors[i], x)) ? { phi, theta } : null;
}

/** Runs one slot: proposals until one is accepted, or `maxProposals` have been made; for `move`, one Metropolis–Hastings step. */
export function runSlot(plan: GenerationPlan, priors: readonly Prior[], slot: number, evaluate: Evaluate): SlotOutcome {
  const rng = slotStream(plan.seed, plan.generation, slot);
  if (plan.kind === 'move') return moveSlot(plan, priors, slot, evaluate, rng);
  let simulations = 0;
  for (let proposals = 1; proposals <= plan.maxProposals; proposals++) {
    const p = propose(plan, priors, rng);
    if (p === null) continue;
    const distance = evaluate(p.theta, slot, simulations++, plan.generation);
    if (!Number.isFinite(distance)) continue;
    if (plan.kind === 'uniform' && !(distance <= plan.tolerance!)) continue;
    return { ok: true, ...p, distance, proposals, simulations, moved: true };
  }
  return { ok: false, proposals: plan.maxProposals, simulations };
}

/** ln of the Gaussian-kernel posterior's density at φ, up to a constant: ln π(φ) − distance/2. */
const logTarget = (priors: readonly Prior[], phi: readonly number[], distance: number): number => priors.reduce((a, p, i) => a + logDensityPhi(p, phi[i]), 0) - distance / 2;

/** Particle `slot` takes one Metropolis–Hastings step under the Gaussian kernel; the kernel is symmetric in φ. */
function moveSlot(plan: GenerationPlan, priors: readonly Prior[], slot: number, evaluate: Evaluate, rng: Rng): SlotOutcome {
  const prev = plan.previous!;
  const phi = prev.phi[slot];
  const theta = prev.theta?.[slot] ?? phi.map((x, i) => fromPhi(priors[i], x));
  const stay = { ok: true as const, phi, theta, distance: prev.distance[slot], proposals: 1, moved: false };
  const next = step(phi, plan.kernel!, rng);
  const u = rng();
  const nextTheta = next.map((x, i) => fromPhi(priors[i], x));
  if (!nextTheta.every((x, i) => inRange(priors[i], x))) return { ...stay, simulations: 0 };
  const distance = evaluate(nextTheta, slot, 0, plan.generation);
  if (Number.isFinite(distance) && Math.log(u) < logTarget(priors, next, distance) - logTarget(priors, phi, stay.distance)) {
    return { ok: true, phi: next, theta: nextTheta, distance, proposals: 1, simulations: 1, moved: true };
  }
  return { ...stay, simulations: 1 };
}

/** `count` indices drawn by systematic resampling of `weight` (one uniform, from `rng`). */
export function resample(weight: readonly number[], count: number, rng: Rng): number[] {
  const u0 = rng();
  const out: number[] = [];
  let cum = weight[0];
  let j = 0;
  for (let i = 0; i < count; i++) {
    const u = (i + u0) / count;
    while (u > cum && j < weight.length - 1) cum += weight[++j];
    out.push(j);
  }
  return out;
}
