/**
 * Special functions, each once: ln Γ, the regularized incomplete gamma and
 * beta functions, and the open uniform every inversion starts from. Shared by
 * the DES distributions, the t intervals and the PSA's quantiles.
 */
import type { Rng } from './rng.ts';

const LN_SQRT_2PI = 0.9189385332046728; // ln sqrt(2π)

// Lanczos (g = 7, n = 9): ~1e-15 relative accuracy for the gamma function.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z >= 0.5. */
function logGammaFn(z: number): number {
  z -= 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** ln Γ(z) for z > 0, ~1e-15 absolute accuracy near its zeros; below 0.5 through Γ(z) = Γ(z + 1)/z. */
export function logGamma(z: number): number {
  return z >= 0.5 ? logGammaFn(z) : logGammaFn(z + 1) - Math.log(z);
}

/** A uniform draw in (0, 1): rejects the (rare) exact 0 so logs and quantiles stay finite. */
export function openUniform(rng: Rng): number {
  let u = rng();
  while (u === 0) u = rng();
  return u;
}

const TINY = 1e-300; // keeps Lentz's continued fractions off zero denominators
const EPS = 3e-16; // just over the spacing of doubles at 1, which |del − 1| cannot go below unless 0
const MAX_TERMS = 1_000_000; // series and fractions need O(√shape) terms

/**
 * ln Γ(m + 1) − [(m + ½) ln m − m + ln √(2π)]: the error of Stirling's formula.
 * Series beyond 15 (Loader 2000), directly from ln Γ below, where nothing cancels.
 */
function stirlerr(m: number): number {
  if (m <= 15) return logGamma(m + 1) - (m + 0.5) * Math.log(m) + m - 0.5 * Math.log(2 * Math.PI);
  const m2 = m * m;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * m2)) / m2) / m2) / m2) / m;
}

/**
 * k ln(k/x) + x − k ≥ 0, without the cancellation of its three terms when
 * x ≈ k (Loader 2000): by a series in v = (k − x)/(k + x) there.
 */
function bd0(k: number, x: number): number {
  if (!(Math.abs(k - x) < 0.1 * (k + x))) return k * Math.log(k / x) + x - k;
  let v = (k - x) / (k + x);
  let s = (k - x) * v;
  let ej = 2 * k * v;
  v *= v;
  for (let j = 1; j < 1000; j++) {
    ej *= v;
    const next = s + ej / (2 * j + 1);
    if (next === s) return s;
    s = next;
  }
  return s;
}

/**
 * P(k, x) and Q(k, x) = 1 − P, and ln(x^k e^−x / Γ(k)) (which is ln(x · density)).
 * Series for x < k + 1, Lentz's continued fraction for Q beyond (Numerical
 * Recipes §6.2): each is computed where it does not suffer cancellation.
 * For large k, k ln x, x and ln Γ(k) are each ~k while their sum is O(ln k),
 * so the shared factor is assembled from bd0 and Stirling's error instead.
 */
export function incGamma(k: number, x: number): { p: number; q: number; lnFront: number } {
  if (!(x > 0)) return { p: 0, q: 1, lnFront: -Infinity };
  if (x === Infinity) return { p: 1, q: 0, lnFront: -Infinity };
  const lnFront = Math.log(k) - bd0(k, x) - 0.5 * Math.log(2 * Math.PI * k) - stirlerr(k); // = k ln x − x − ln Γ(k)
  if (x < k + 1) {
    let term = 1 / k;
    let sum = term;
    for (let n = 1; n < MAX_TERMS && term > sum * EPS; n++) {
      term *= x / (k + n);
      sum += term;
    }
    const p = Math.exp(lnFront) * sum;
    return { p, q: 1 - p, lnFront };
  }
  let b = x + 1 - k;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - k);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(lnFront) * h;
  return { p: 1 - q, q, lnFront };
}

/**
 * I_x(a, b), its complement, and ln(x^a y^b / B(a, b)); y = 1 − x is passed
 * separately so that values near 1 keep their precision. The continued
 * fraction converges fast below (a + 1)/(a + b + 2); above, the symmetry
 * I_x(a, b) = 1 − I_y(b, a) is used (Numerical Recipes §6.4).
 */
export function incBeta(a: number, b: number, x: number, y: number): { lower: number; upper: number; lnFront: number } {
  if (!(x > 0)) return { lower: 0, upper: 1, lnFront: -Infinity };
  if (!(y > 0)) return { lower: 1, upper: 0, lnFront: -Infinity };
  const n = a + b; // ln(x^a y^b Γ(n) / (Γ(a) Γ(b))), by the same saddle-point split as in incGamma
  const lnFront = 0.5 * Math.log((a * b) / (2 * Math.PI * n)) - bd0(a, n * x) - bd0(b, n * y) + stirlerr(n) - stirlerr(a) - stirlerr(b);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(lnFront) * betaFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower, lnFront };
  }
  const upper = (Math.exp(lnFront) * betaFraction(b, a, y)) / b;
  return { lower: 1 - upper, upper, lnFront };
}

/** The continued fraction for I_x(a, b), by Lentz's method. */
function betaFraction(a: number, b: number, x: number): number {
  const clamp = (v: number): number => (Math.abs(v) < TINY ? TINY : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 / clamp(1 + aa * d);
    c = clamp(1 + aa / c);
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 / clamp(1 + aa * d);
    c = clamp(1 + aa / c);
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}
