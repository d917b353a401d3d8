/**
 * Gaussian-process regression of y on several inputs, as Strong, Oakley and
 * Brennan (2014, §3.2) use for the EVPPI of a group of parameters, and as
 * SAVI and the voi R package implement it: inputs scaled to [0, 1], a linear
 * mean function h(x) = (1, x), a squared-exponential correlation with one
 * length δₖ per input, and a nugget ν (noise variance relative to the
 * signal's). The mean coefficients and the variance are integrated out; δ and
 * ν are the mode of what remains, the marginal likelihood under SAVI's weak
 * priors (log δ ~ N(0, 10⁵), ν ~ inverse-gamma(0.001, 1), which keeps ν from
 * collapsing to an interpolating fit), found by Nelder–Mead on a subsample of
 * min(30 × inputs, 250) draws, as SAVI does to keep the search cheap.
 * Pure and deterministic.
 */
import { choleskyJittered, cholInverse, cholSolve, forwardSolve, logDetHalf, standardNormal } from './dense.ts';
import { nelderMead } from './nelder-mead.ts';

export interface GpFit {
  /** The posterior mean at every point given to `predictAt`. */
  predicted: Float64Array;
  /** The length scales (on inputs scaled to [0, 1]) and the nugget. */
  delta: number[];
  nu: number;
  /** A draw of the fitted values at the fitted points from their posterior (voi's fitted_rep_gp). */
  replicate: (rng: () => number) => Float64Array;
}

/** Draws to estimate the hyperparameters on, as SAVI: 30 per input, at most 250. */
export const hyperDraws = (inputs: number, n: number): number => Math.min(30 * inputs, 250, n);

const A_SIGMA = 0.001;
const B_SIGMA = 0.001;
const A_NU = 0.001;
const B_NU = 1;

/** The squared-exponential correlation between rows a and b of the scaled inputs. */
function correlation(xa: readonly number[], xb: readonly number[], delta: readonly number[]): number {
  let d = 0;
  for (let k = 0; k < delta.length; k++) {
    const t = (xa[k] - xb[k]) / delta[k];
    d += t * t;
  }
  return Math.exp(-d);
}

function correlationMatrix(x: readonly number[][], delta: readonly number[], nu: number): Float64Array {
  const n = x.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = 1 + nu;
    for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i] = correlation(x[i], x[j], delta);
  }
  return a;
}

/** L⁻¹ of each column of H = (1, x), as columns. */
const whitenedDesign = (l: Float64Array, x: readonly number[][]): Float64Array[] =>
  Array.from({ length: x[0].length + 1 }, (_, c) => forwardSolve(l, x.length, Float64Array.from(x, (row) => (c === 0 ? 1 : row[c - 1]))));

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Generalised least squares for the mean coefficients: β̂ and (HᵀA*⁻¹H + 10⁻⁷I)⁻¹'s factor, from whitened H and y. */
function gls(xw: Float64Array[], yw: Float64Array): { beta: Float64Array; l: Float64Array; logDetHalf: number } {
  const q = xw.length;
  const g = new Float64Array(q * q);
  for (let i = 0; i < q; i++) for (let j = 0; j <= i; j++) g[i * q + j] = g[j * q + i] = dot(xw[i], xw[j]) + (i === j ? 1e-7 : 0);
  const l = choleskyJittered(g, q)!;
  return { beta: cholSolve(l, q, xw.map((c) => dot(c, yw))), l, logDetHalf: logDetHalf(l, q) };
}

/** The log marginal posterior density of (log δ, log ν), as SAVI's post.density. */
export function logPosterior(logHyper: readonly number[], x: readonly number[][], y: ArrayLike<number>): number {
  const p = logHyper.length - 1;
  const delta = logHyper.slice(0, p).map(Math.exp);
  const nu = Math.exp(logHyper[p]);
  const n = x.length;
  const l = choleskyJittered(correlationMatrix(x, delta, nu), n);
  if (!l) return -Infinity;
  const yw = forwardSolve(l, n, Float64Array.from(y));
  const xw = whitenedDesign(l, x);
  const { beta, logDetHalf: gHalf } = gls(xw, yw);
  // Residual sum of squares of the whitened GLS fit.
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let r = yw[i];
    for (let c = 0; c < xw.length; c++) r -= xw[c][i] * beta[c];
    rss += r * r;
  }
  const logPrior = logHyper.slice(0, p).reduce((s, v) => s - (v * v) / 2e5, 0) - (A_NU + 1) * Math.log(nu) - B_NU / nu;
  return -logDetHalf(l, n) - gHalf - ((n - xw.length + 2 * A_SIGMA) / 2) * Math.log(rss / 2 + B_SIGMA) + logPrior;
}

/** The hyperparameters' posterior mode, restarting Nelder–Mead until it stops moving (as SAVI). */
export function estimateHyperparameters(x: readonly number[][], y: ArrayLike<number>): { delta: number[]; nu: number } {
  const p = x[0].length;
  let start = new Array<number>(p + 1).fill(0);
  for (let round = 0; round < 6; round++) {
    const { x: best } = nelderMead((h) => logPosterior(h, x, y), start, { maxEvaluations: 300 * (p + 1) });
    const moved = best.reduce((s, v, i) => s + Math.abs(v - start[i]), 0);
    start = best;
    if (moved < 0.05) break;
  }
  return { delta: start.slice(0, p).map(Math.exp), nu: Math.exp(start[p]) };
}

/**
 * Fits on the rows `fit` of x (N × p) and y, estimating the hyperparameters
 * on the rows `hyper`, and predicts at every row of x.
 */
export function fitGp(x: readonly number[][], y: ArrayLike<number>, fit: readonly number[], hyper: readonly number[]): GpFit {
  const p = x[0].length;
  // Inputs to [0, 1] over all draws, y standardised: the priors then mean the same at any scale.
  const lo = Array.from({ length: p }, (_, k) => Math.min(...x.map((r) => r[k])));
  const span = Array.from({ length: p }, (_, k) => Math.max(...x.map((r) => r[k])) - lo[k] || 1);
  const xs = x.map((r) => r.map((v, k) => (v - lo[k]) / span[k]));
  const ys = fit.map((i) => y[i]);
  const mu = ys.reduce((s, v) => s + v, 0) / ys.length;
  const sd = Math.sqrt(ys.reduce((s, v) => s + (v - mu) ** 2, 0) / ys.length) || 1;
  const z = (i: number): number => (y[i] - mu) / sd;

  const { delta, nu } = estimateHyperparameters(hyper.map((i) => xs[i]), hyper.map(z));
  const xf = fit.map((i) => xs[i]);
  const n = xf.length;
  const q = p + 1;
  const l = choleskyJittered(correlationMatrix(xf, delta, nu), n)!;
  const yf = Float64Array.from(fit, z);
  const g = gls(whitenedDesign(l, xf), forwardSolve(l, n, yf.slice()));
  const h = (r: readonly number[], c: number): number => (c === 0 ? 1 : r[c - 1]);
  const resid = yf.map((v, i) => v - g.beta.reduce((s, b, c) => s + b * h(xf[i], c), 0));
  const w = cholSolve(l, n, resid);
  const predictRow = (r: readonly number[]): number => {
    let s = 0;
    for (let c = 0; c < q; c++) s += g.beta[c] * h(r, c);
    for (let j = 0; j < n; j++) s += correlation(r, xf[j], delta) * w[j];
    return s;
  };
  const predicted = Float64Array.from(xs, (r) => mu + sd * predictRow(r));

  // The fitted values' posterior covariance (SAVI, voi): σ̂²(νI − ν²A*⁻¹ + W C Wᵀ), W = H − A A*⁻¹H = ν A*⁻¹H, C = (HᵀA*⁻¹H)⁻¹.
  let factor: Float64Array | null | undefined;
  const fittedMean = Float64Array.from(xf, (r) => predictRow(r));
  const covarianceFactor = (): Float64Array | null => {
    const inv = cholInverse(l, n);
    const sigma2 = dot(resid, w) / Math.max(n - q - 2, 1);
    const ainvH = Array.from({ length: q }, (_, c) => cholSolve(l, n, Float64Array.from(xf, (r) => h(r, c))));
    const cInv = cholInverse(g.l, q);
    const v = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let s = (i === j ? nu : 0) - nu * nu * inv[i * n + j];
        for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) s += nu * ainvH[a][i] * cInv[a * q + b] * nu * ainvH[b][j];
        v[i * n + j] = v[j * n + i] = sigma2 * s;
      }
    }
    return choleskyJittered(v, n);
  };
  return {
    predicted,
    delta,
    nu,
    replicate: (rng) => {
      if (factor === undefined) factor = covarianceFactor();
      const e = Float64Array.from({ length: n }, () => standardNormal(rng));
      return Float64Array.from(fittedMean, (m, i) => {
        let s = m;
        if (factor) for (let t = 0; t <= i; t++) s += factor[i * n + t] * e[t];
        return mu + sd * s;
      });
    },
  };
}
