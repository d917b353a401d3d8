/**
 * The few dense linear-algebra steps the EVPPI regressions need, on row-major
 * Float64Arrays (n × n): a Cholesky factor, triangular solves and an inverse
 * from the factor. Plain loops, no library: the matrices are at most about
 * 1,000 × 1,000 (a Gaussian process on a bounded subsample). Pure.
 */

/** Lower-triangular L with L Lᵀ = a (a symmetric, n × n, lower triangle read), or null if a is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let pivot = a[rj + j];
    for (let t = 0; t < j; t++) pivot -= l[rj + t] * l[rj + t];
    // Rounding makes a pivot this small relative to its entry meaningless: treat it as singular.
    if (!(pivot > 1e-13 * Math.abs(a[rj + j]))) return null;
    const root = Math.sqrt(pivot);
    l[rj + j] = root;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let t = 0; t < j; t++) s -= l[ri + t] * l[rj + t];
      l[ri + j] = s / root;
    }
  }
  return l;
}

/**
 * The Cholesky factor of a + εI for the smallest ε in 0, 1e-10, 1e-9, … (relative
 * to the mean diagonal) that makes it positive definite: for covariance matrices
 * that are positive semi-definite up to rounding. Null only if even 1e-4 fails.
 */
export function choleskyJittered(a: Float64Array, n: number): Float64Array | null {
  let scale = 0;
  for (let i = 0; i < n; i++) scale += Math.abs(a[i * n + i]) / n;
  for (let e = 0; e === 0 || e <= 1e-4 * scale; e = e === 0 ? 1e-10 * scale : e * 10) {
    const b = e === 0 ? a : a.slice();
    if (e > 0) for (let i = 0; i < n; i++) b[i * n + i] += e;
    const l = cholesky(b, n);
    if (l) return l;
    if (scale === 0) return null;
  }
  return null;
}

/** Solves L x = b in place (L lower triangular, n × n). */
export function forwardSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let t = 0; t < i; t++) s -= l[ri + t] * b[t];
    b[i] = s / l[ri + i];
  }
  return b;
}

/** Solves Lᵀ x = b in place. */
export function backSolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let t = i + 1; t < n; t++) s -= l[t * n + i] * b[t];
    b[i] = s / l[i * n + i];
  }
  return b;
}

/** Solves (L Lᵀ) x = b, returning a new vector. */
export function cholSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return backSolve(l, n, forwardSolve(l, n, Float64Array.from(b)));
}

/** (L Lᵀ)⁻¹ as a full symmetric matrix. */
export function cholInverse(l: Float64Array, n: number): Float64Array {
  // Row j of c is column j of L⁻¹ (zero before j), so both loops below run along contiguous rows.
  const c = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    c[rj + j] = 1 / l[rj + j];
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let t = j; t < i; t++) s -= l[ri + t] * c[rj + t];
      c[rj + i] = s / l[ri + i];
    }
  }
  // (L⁻¹)ᵀ L⁻¹: entry (i, j) is the dot product of columns i and j of L⁻¹.
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = i; t < n; t++) s += c[i * n + t] * c[j * n + t];
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** Σ log of the diagonal of L: half the log-determinant of L Lᵀ. */
export function logDetHalf(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return s;
}

/** A standard normal draw from a uniform stream (Box–Muller, one value kept: stateless). */
export function standardNormal(rng: () => number): number {
  let u = rng();
  while (u <= 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
