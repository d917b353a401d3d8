/**
 * Designs on the unit cube: Latin hypercube and plain Monte Carlo samples of
 * uniforms, which the quantiles turn into parameter settings.
 */
import type { Rng } from '../des/rng.ts';
import { openUniform } from '../des/special.ts';

function checkSize(n: number, k: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`number of samples must be a whole number ≥ 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`number of parameters must be a whole number ≥ 0, got ${k}`);
}

/** 0 … n−1 in random order (Fisher–Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = perm[i];
    perm[i] = perm[j];
    perm[j] = tmp;
  }
  return perm;
}

const BELOW_ONE = 1 - 2 ** -53;

/**
 * n×k matrix (rows = samples) of uniforms in (0, 1), each column stratified
 * into n equal strata [i/n, (i+1)/n) with one point per stratum, at a uniform
 * position within it, the strata of each column independently permuted
 * (Latin hypercube). Draws column by column: permutation, then jitter.
 */
export function latinHypercube(n: number, k: number, rng: Rng): number[][] {
  checkSize(n, k);
  const u = Array.from({ length: n }, () => new Array<number>(k));
  for (let j = 0; j < k; j++) {
    const perm = permutation(n, rng);
    // Rounding can lift (n − 1 + u)/n to 1 for very large n; keep it in its stratum.
    for (let i = 0; i < n; i++) u[i][j] = Math.min(BELOW_ONE, (perm[i] + openUniform(rng)) / n);
  }
  return u;
}

/** n×k independent uniforms in (0, 1) (plain Monte Carlo), drawn row by row. */
export function randomUniforms(n: number, k: number, rng: Rng): number[][] {
  checkSize(n, k);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => openUniform(rng)));
}
