/**
 * Rank correlation between parameters: Iman–Conover reordering of sampled
 * columns towards a target matrix, its checks, Cholesky, and Spearman's rho.
 */
import { normalQuantile } from '../des/distributions.ts';
import type { Rng } from '../des/rng.ts';
import { permutation } from './designs.ts';
import { messageNumber } from './quantity.ts';

/**
 * Lower-triangular L with L Lᵀ = m, reading m's lower triangle. Throws a
 * RangeError if m is not square or not positive definite (a pivot ≤ 1e-12 of
 * its diagonal entry counts as singular: rounding makes smaller ones meaningless).
 */
export function cholesky(m: number[][]): number[][] {
  const k = m.length;
  if (!m.every((row) => Array.isArray(row) && row.length === k)) throw new RangeError(`cholesky needs a square matrix; got ${k} rows of lengths ${m.map((r) => (Array.isArray(r) ? r.length : typeof r)).join(', ')}`);
  const l = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let pivot = m[j][j];
    for (let t = 0; t < j; t++) pivot -= l[j][t] * l[j][t];
    if (!(pivot > 1e-12 * Math.abs(m[j][j]))) {
      throw new RangeError(`matrix is not positive definite: pivot ${j + 1} of ${k} is ${messageNumber(pivot)}, so row ${j + 1} is (nearly) a combination of the rows before it`);
    }
    const root = Math.sqrt(pivot);
    l[j][j] = root;
    for (let i = j + 1; i < k; i++) {
      let s = m[i][j];
      for (let t = 0; t < j; t++) s -= l[i][t] * l[j][t];
      l[i][j] = s / root;
    }
  }
  return l;
}

/**
 * null if `target` is a valid k×k correlation matrix (k = number of
 * parameters: omit to take it from the matrix), else a plain-English problem
 * and fix. Indices in messages count parameters from 1.
 */
export function correlationProblem(target: number[][], k = Array.isArray(target) ? target.length : 0): string | null {
  if (!Array.isArray(target) || target.length !== k || !target.every((row) => Array.isArray(row) && row.length === k)) {
    return `the correlation matrix must be ${k}×${k}, one row and one column per parameter`;
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const r = target[i][j];
      const at = `correlation (${i + 1}, ${j + 1})`;
      if (typeof r !== 'number' || !Number.isFinite(r)) return `${at} must be a finite number, got ${String(r)}`;
      if (i === j && Math.abs(r - 1) > 1e-12) return `${at} is ${messageNumber(r)}, but a parameter's correlation with itself must be 1`;
      if (r < -1 || r > 1) return `${at} is ${messageNumber(r)}; correlations lie between −1 and 1`;
      if (j < i && Math.abs(r - target[j][i]) > 1e-12) return `the correlation matrix must be symmetric, but (${i + 1}, ${j + 1}) is ${messageNumber(r)} and (${j + 1}, ${i + 1}) is ${messageNumber(target[j][i])}; make them equal`;
      if (j < i && Math.abs(r) === 1) return `${at} is ${messageNumber(r)}: perfectly correlated parameters are really one parameter; use a correlation smaller in size than 1, or set both paths from one parameter`;
    }
  }
  try {
    cholesky(target);
  } catch {
    return 'the correlations contradict each other (the matrix is not positive definite): e.g. A and B, and A and C, both strongly positive force B and C to be positive too; weaken the strongest correlations';
  }
  return null;
}

/** Pearson correlation matrix of the columns of s (n×k). */
function correlationMatrix(s: Float64Array[], n: number): number[][] {
  const k = s.length;
  const c = s.map((col) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i] / n;
    const centred = col.map((x) => x - mean);
    const norm = Math.sqrt(centred.reduce((acc, x) => acc + x * x, 0));
    return centred.map((x) => x / norm);
  });
  return Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => {
      if (i === j) return 1;
      let s2 = 0;
      for (let r = 0; r < n; r++) s2 += c[i][r] * c[j][r];
      return s2;
    }),
  );
}

/**
 * Iman–Conover (1982): reorders each column of u — keeping every column's
 * values, hence its marginal (and its Latin hypercube strata), exactly — so
 * that the rank correlation matrix approaches `target` (k×k, symmetric, unit
 * diagonal). Steps: van der Waerden scores Φ⁻¹(i/(n+1)), independently
 * shuffled per column; their own sample correlation removed (Cholesky) and the
 * target's imposed, so the scores' Pearson correlation is exact; then each
 * column of u is arranged in the rank order of its score column.
 * For normal scores rank correlation is (6/π)·asin(ρ/2), not ρ, so the
 * scores are given ρ = 2 sin(π·target/6), which makes the rank correlation hit
 * the target rather than fall ~0.02 short at 0.6 (if that adjusted matrix is not
 * positive definite, the target itself is used).
 * Throws a RangeError with a plain message if target is not a valid
 * correlation matrix for u's columns. Does not modify u. Deterministic given rng.
 */
export function imposeCorrelation(u: number[][], target: number[][], rng: Rng): number[][] {
  const n = u.length;
  const k = Array.isArray(target) ? target.length : 0;
  if (!u.every((row) => Array.isArray(row) && row.length === k)) throw new RangeError(`every sample must have one value per parameter (${k}, the size of the correlation matrix)`);
  const problem = correlationProblem(target, k);
  if (problem !== null) throw new RangeError(problem);
  const out = u.map((row) => row.slice());
  if (n < 2 || k < 2) return out;

  const adjusted = target.map((row, i) => row.map((r, j) => (i === j ? 1 : 2 * Math.sin((Math.PI * r) / 6))));
  let p: number[][];
  try {
    p = cholesky(adjusted);
  } catch {
    p = cholesky(target);
  }

  const base = Float64Array.from({ length: n }, (_, i) => normalQuantile((i + 1) / (n + 1)));
  const scores = Array.from({ length: k }, () => {
    const perm = permutation(n, rng);
    return Float64Array.from(perm, (r) => base[r]);
  });
  // With fewer samples than parameters the scores' correlation is singular: leave it then.
  let f: number[][] | null;
  try {
    f = cholesky(correlationMatrix(scores, n));
  } catch {
    f = null;
  }
  // M = F⁻ᵀ Pᵀ, by back substitution in Fᵀ M = Pᵀ; the correlated scores are then S M.
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let col = 0; col < k; col++) {
    for (let i = k - 1; i >= 0; i--) {
      let s = p[col][i]; // (Pᵀ)[i][col]
      if (f === null) {
        m[i][col] = s;
        continue;
      }
      for (let t = i + 1; t < k; t++) s -= f[t][i] * m[t][col];
      m[i][col] = s / f[i][i];
    }
  }
  for (let j = 0; j < k; j++) {
    const t = new Float64Array(n);
    for (let r = 0; r < k; r++) {
      const w = m[r][j];
      if (w === 0) continue;
      const col = scores[r];
      for (let i = 0; i < n; i++) t[i] += col[i] * w;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => t[x] - t[y] || x - y);
    const sorted = u.map((row) => row[j]).sort((x, y) => x - y);
    for (let r = 0; r < n; r++) out[order[r]][j] = sorted[r];
  }
  return out;
}

/** Ranks 1…n, ties given their average rank. */
function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && x[order[j]] === x[order[i]]) j++;
    const avg = (i + j + 1) / 2; // mean of ranks i+1 … j
    for (let t = i; t < j; t++) r[order[t]] = avg;
    i = j;
  }
  return r;
}

/**
 * Spearman rank correlation: Pearson correlation of the ranks, ties given
 * average ranks. NaN when either series is constant. Throws a RangeError for
 * series of different lengths, shorter than 2, or containing NaN.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman needs two series of the same length, got ${n} and ${y.length}`);
  if (n < 2) throw new RangeError(`spearman needs at least 2 pairs, got ${n}`);
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) throw new RangeError(`spearman: value ${i + 1} is NaN`);
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
