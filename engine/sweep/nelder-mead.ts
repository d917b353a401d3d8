/**
 * Nelder–Mead simplex maximisation (the standard coefficients: reflect 1,
 * expand 2, contract ½, shrink ½), as R's optim(method = "Nelder-Mead") that
 * SAVI and voi use for the Gaussian-process hyperparameters. Deterministic:
 * the start simplex is the start point and a unit step along each axis.
 */
export interface Maximum {
  x: number[];
  value: number;
  evaluations: number;
}

export function nelderMead(f: (x: number[]) => number, start: readonly number[], opts: { maxEvaluations?: number; tolerance?: number } = {}): Maximum {
  const k = start.length;
  const maxEval = opts.maxEvaluations ?? 200 * (k + 1);
  const tol = opts.tolerance ?? 1e-8;
  let evaluations = 0;
  // Minimise −f; a point where f is not finite is worse than any other.
  const g = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? -v : Infinity;
  };
  const pts = [start.slice(), ...start.map((_, i) => start.map((v, j) => (i === j ? v + 1 : v)))];
  let vals = pts.map(g);
  const along = (a: number[], b: number[], t: number): number[] => a.map((v, i) => v + t * (b[i] - v));
  while (evaluations < maxEval) {
    const order = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const sorted = order.map((i) => pts[i]);
    vals = order.map((i) => vals[i]);
    pts.splice(0, pts.length, ...sorted);
    const spread = Math.abs(vals[k] - vals[0]);
    if (Number.isFinite(vals[k]) && spread <= tol * (Math.abs(vals[0]) + tol)) break;
    const centroid = start.map((_, j) => pts.slice(0, k).reduce((s, p) => s + p[j], 0) / k);
    const worst = pts[k];
    const r = along(centroid, worst, -1);
    const fr = g(r);
    if (fr < vals[0]) {
      const e = along(centroid, worst, -2);
      const fe = g(e);
      [pts[k], vals[k]] = fe < fr ? [e, fe] : [r, fr];
    } else if (fr < vals[k - 1]) {
      [pts[k], vals[k]] = [r, fr];
    } else {
      // Contract towards the better of the worst point and its reflection.
      const outside = fr < vals[k];
      const c = along(centroid, outside ? r : worst, 0.5);
      const fc = g(c);
      if (fc < (outside ? fr : vals[k])) [pts[k], vals[k]] = [c, fc];
      else {
        for (let i = 1; i <= k; i++) {
          pts[i] = along(pts[0], pts[i], 0.5);
          vals[i] = g(pts[i]);
        }
      }
    }
  }
  const bestAt = vals.indexOf(Math.min(...vals));
  return { x: pts[bestAt], value: -vals[bestAt], evaluations };
}
