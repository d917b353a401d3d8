/**
 * A penalised regression spline of y on one x (a P-spline: Eilers and Marx
 * 1996): cubic B-splines on equally spaced knots over the range of x, with a
 * second-order difference penalty on neighbouring coefficients, the smoothing
 * parameter chosen by REML, as mgcv's gam(y ~ s(x), method = "REML"). REML
 * rather than mgcv's default GCV (which voi's evppi uses): GCV's optimum is
 * flat and often undersmooths in samples of a few hundred draws (Reiss and
 * Ogden 2009; Wood 2011), and undersmoothing is upward bias in an EVPPI, most
 * for a parameter that does not matter. Equal spacing keeps the difference
 * penalty a stand-in for the integrated squared second derivative; its null
 * space is the straight lines, so a linear relation is fitted exactly however
 * much it is smoothed. Pure and deterministic.
 */
import { backSolve, cholesky, cholSolve, standardNormal } from './dense.ts';

export interface SplineFit {
  /** The fitted values at the given x. */
  fitted: Float64Array;
  /** Effective degrees of freedom (trace of the hat matrix), from 2 (a line) to the basis size. */
  edf: number;
  /** Number of B-spline basis functions. */
  basis: number;
  /**
   * One draw of the fitted values at x[at[i]] from their Bayesian posterior,
   * β ~ N(β̂, σ̂² (BᵀB + λP)⁻¹) (mgcv's Vp): the uncertainty of the fit itself.
   */
  replicate: (at: readonly number[], rng: () => number) => Float64Array;
}

/** Basis size: enough segments to bend, but never more coefficients than a fifth of the draws. */
export function splineSegments(n: number): number {
  return Math.max(3, Math.min(20, Math.floor(n / 5) - 3));
}

/** The four non-zero cubic B-splines at u ∈ [0, 1] on `seg` equal segments: the first index and the values. */
function basisAt(u: number, seg: number): { j: number; b: [number, number, number, number] } {
  const s = Math.min(Math.max(u, 0), 1) * seg;
  const j = Math.min(seg - 1, Math.floor(s));
  const t = s - j;
  const t2 = t * t;
  const t3 = t2 * t;
  return { j, b: [(1 - t) ** 3 / 6, (3 * t3 - 6 * t2 + 4) / 6, (-3 * t3 + 3 * t2 + 3 * t + 1) / 6, t3 / 6] };
}

export function fitPSpline(x: ArrayLike<number>, y: ArrayLike<number>): SplineFit {
  const n = x.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, x[i]);
    hi = Math.max(hi, x[i]);
  }
  // One value, or too few draws to bend: the mean is the best fit, and known exactly enough.
  if (!(hi > lo) || n < 6) {
    let m = 0;
    for (let i = 0; i < n; i++) m += y[i] / n;
    return { fitted: new Float64Array(n).fill(m), edf: 1, basis: 1, replicate: (at) => new Float64Array(at.length).fill(m) };
  }
  const seg = splineSegments(n);
  const k = seg + 3;
  const span = hi > lo ? hi - lo : 1;
  const rows = Array.from({ length: n }, (_, i) => basisAt((x[i] - lo) / span, seg));

  // BᵀB and Bᵀy, from the four non-zeros of each row.
  const btb = new Float64Array(k * k);
  const bty = new Float64Array(k);
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const { j, b } = rows[i];
    for (let r = 0; r < 4; r++) {
      bty[j + r] += b[r] * y[i];
      for (let c = 0; c < 4; c++) btb[(j + r) * k + j + c] += b[r] * b[c];
    }
    yy += y[i] * y[i];
  }
  // P = DᵀD for second differences D.
  const pen = new Float64Array(k * k);
  for (let d = 0; d < k - 2; d++) {
    const w = [1, -2, 1];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) pen[(d + r) * k + d + c] += w[r] * w[c];
  }
  let trB = 0;
  let trP = 0;
  for (let i = 0; i < k; i++) {
    trB += btb[i * k + i];
    trP += pen[i * k + i];
  }
  const unit = trB / trP; // λ in units where the penalty and the data weigh alike

  const solve = (lambda: number): { l: Float64Array; beta: Float64Array; rss: number; edf: number; reml: number } | null => {
    const m = btb.map((v, i) => v + lambda * pen[i]);
    const l = cholesky(m, k);
    if (!l) return null;
    const beta = cholSolve(l, k, bty);
    // RSS = yᵀy − 2βᵀBᵀy + βᵀBᵀBβ; edf = tr((BᵀB + λP)⁻¹ BᵀB).
    let rss = yy;
    for (let a = 0; a < k; a++) {
      rss -= 2 * beta[a] * bty[a];
      for (let b = 0; b < k; b++) rss += beta[a] * btb[a * k + b] * beta[b];
    }
    rss = Math.max(rss, 0);
    let edf = 0;
    for (let c = 0; c < k; c++) edf += cholSolve(l, k, btb.subarray(c * k, c * k + k))[c];
    // −2 × the restricted log-likelihood with σ² profiled out, up to a constant: the penalty is the
    // prior β ~ N(0, σ²/λ P⁻), improper on its null space (the lines, dimension 2).
    let bpb = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) bpb += beta[a] * pen[a * k + b] * beta[b];
    let logDet = 0;
    for (let i = 0; i < k; i++) logDet += 2 * Math.log(l[i * k + i]);
    const reml = (n - 2) * Math.log(Math.max(rss + lambda * bpb, 1e-300) / (n - 2)) + logDet - (k - 2) * Math.log(lambda);
    return { l, beta, rss, edf, reml };
  };

  // REML over a grid of log λ, then golden-section search in the best cell.
  const grid = Array.from({ length: 57 }, (_, i) => -8 + i * 0.25);
  const score = (g: number): number => solve(unit * 10 ** g)?.reml ?? Infinity;
  const scores = grid.map(score);
  const best = scores.indexOf(Math.min(...scores));
  let a = grid[Math.max(0, best - 1)];
  let b = grid[Math.min(grid.length - 1, best + 1)];
  const phi = (Math.sqrt(5) - 1) / 2;
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = score(c);
  let fd = score(d);
  for (let it = 0; it < 30; it++) {
    if (fc <= fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - phi * (b - a);
      fc = score(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + phi * (b - a);
      fd = score(d);
    }
  }
  const g = [grid[best], c, d].reduce((p, q) => (score(q) < score(p) ? q : p));
  const fit = solve(unit * 10 ** g)!;

  const at = (beta: ArrayLike<number>, i: number): number => {
    const { j, b: v } = rows[i];
    return v[0] * beta[j] + v[1] * beta[j + 1] + v[2] * beta[j + 2] + v[3] * beta[j + 3];
  };
  const fitted = Float64Array.from({ length: n }, (_, i) => at(fit.beta, i));
  const sigma = Math.sqrt(fit.rss / Math.max(n - fit.edf, 1));
  return {
    fitted,
    edf: fit.edf,
    basis: k,
    replicate: (idx, rng) => {
      // β̂ + σ̂ L⁻ᵀ z has covariance σ̂² (L Lᵀ)⁻¹.
      const z = Float64Array.from({ length: k }, () => standardNormal(rng));
      const dev = backSolve(fit.l, k, z);
      const beta = fit.beta.map((v, i) => v + sigma * dev[i]);
      return Float64Array.from(idx, (i) => at(beta, i));
    },
  };
}
