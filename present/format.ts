/** Numbers, money, shares and intervals for people: the CLI's and the viewer's one way of writing them. */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 1234.5 → "1,235"; small numbers keep one decimal. */
export function num(x: number, decimals = Math.abs(x) < 10 ? 1 : 0): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '−∞' : '–';
  // A true minus sign, as money() writes: a hyphen reads as a dash in tables.
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(x).replace('-', '−');
}

/** A mean with its 95% interval: "123 (118–128)". */
export function withInterval(s: { mean: number; lo: number; hi: number }, decimals?: number): string {
  if (!Number.isFinite(s.lo) || s.lo === s.hi) return num(s.mean, decimals);
  return `${num(s.mean, decimals)} (${num(s.lo, decimals)}–${num(s.hi, decimals)})`;
}

/** 0.873 → "87%"; a share above 0 that would round to 0% is "<1%", and one below 1 that would round to 100% is ">99%". */
export function pct(x: number): string {
  if (x > 0 && x < 0.005) return '<1%';
  if (x < 1 && x > 0.995) return '>99%';
  return `${grouped.format(x * 100)}%`;
}

/** Pounds for people: £1.23m, £340k, £950; negatives with a minus sign. */
export function money(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (a >= 1e6) return `${sign}£${(a / 1e6).toFixed(a >= 1e7 ? 1 : 2)}m`;
  if (a >= 1e4) return `${sign}£${Math.round(a / 1e3)}k`;
  return `${sign}£${grouped.format(Math.round(a))}`;
}

/** An estimate with its 95% interval, through any formatter: "£1.2m (£1.1m to £1.3m)". */
export function estimate(e: { mean: number; lo: number; hi: number }, f: (x: number) => string): string {
  if (!Number.isFinite(e.mean)) return '–';
  if (!Number.isFinite(e.lo) || e.lo === e.hi) return f(e.mean);
  return `${f(e.mean)} (${f(e.lo)} to ${f(e.hi)})`;
}
