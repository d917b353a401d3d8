/**
 * What a finished sweep says: which parameters drive the answer (a tornado,
 * exact for a one-way design, main effects for a grid, linear regression for
 * sampled designs) and, for a PSA, how sure the answer is: the spread of NPV
 * and ROI across draws, the chance of paying back by each year, and the
 * expected value of perfect information (EVPI) for the funding decision, and
 * of partial perfect information (EVPPI) for each parameter and named group.
 */
import { quantile } from 'simple-statistics';
import { histogram, type Bin } from '../histogram.ts';

export { histogram, type Bin };
import { createStream } from '../des/rng.ts';
import { evppi, GP_MAX_DRAWS, REPLICATES } from './evppi.ts';
import type { SweepInfo as Sweep } from './info.ts';
import type { Metrics } from './metrics.ts';
import type { Variant } from './variants.ts';

/** One finished variant: its settings and its metrics; a line of results.jsonl. */
export interface VariantRecord {
  variant: number;
  option: string;
  draw: number | null;
  moved?: Variant['moved'];
  inputs: Record<string, number>;
  metrics: Metrics;
}

/** A record with a fixed key order, so every line of results.jsonl is written the same way. */
export function variantRecord(v: Variant, metrics: Metrics): VariantRecord {
  return { variant: v.index, option: v.option, draw: v.draw, ...(v.moved && { moved: v.moved }), inputs: v.inputs, metrics };
}

export interface TornadoRow {
  parameter: string;
  /** The metric with the parameter at its low and high setting (null = not within the horizon), and at the base. */
  low: number | null;
  high: number | null;
  base: number | null;
  metric: string;
  swing: number;
  rank: number;
  path: string;
  lowInput: number;
  highInput: number;
}

/** The metrics a tornado ranks by, with their labels. */
export function tornadoMetrics(sweep: Pick<Sweep, 'caseloadYears'>, economics: boolean): { key: string; label: string }[] {
  const y = [...sweep.caseloadYears].reverse().find((x) => x <= 5) ?? sweep.caseloadYears[0];
  return [
    ...(economics ? [{ key: 'npv', label: 'NPV (£)' }, { key: 'paybackYear', label: 'payback year' }] : []),
    { key: `caseload_y${y}`, label: `caseload at year ${y}` },
  ];
}

/** Parameters ranked by the swing they cause in each tornado metric. */
export function tornado(sweep: Sweep, records: readonly VariantRecord[]): TornadoRow[] {
  const economics = sweep.economics;
  const rows: TornadoRow[] = [];
  for (const { key, label } of tornadoMetrics(sweep, economics)) {
    const effects = sweep.design === 'oneway' ? oneway(sweep, records, key) : sweep.design === 'grid' ? mainEffects(sweep, records, key) : regression(sweep, records, key);
    const ranked = effects
      .map((e) => ({ ...e, swing: e.low !== null && e.high !== null ? Math.abs(e.high - e.low) : e.low === e.high ? 0 : Infinity }))
      .sort((a, b) => b.swing - a.swing || a.index - b.index);
    ranked.forEach((e, i) => {
      const p = sweep.parameters[e.index];
      rows.push({
        parameter: p.label,
        low: e.low,
        high: e.high,
        base: e.base,
        metric: label,
        // A setting that never pays back has no finite swing; it ranks first and is written blank.
        swing: Number.isFinite(e.swing) ? round(e.swing) : NaN,
        rank: i + 1,
        path: p.paths.join(' '),
        lowInput: e.lowInput,
        highInput: e.highInput,
      });
    });
  }
  return rows;
}

interface Effect {
  index: number;
  low: number | null;
  high: number | null;
  base: number | null;
  lowInput: number;
  highInput: number;
}

const round = (x: number): number => Number(x.toPrecision(10)) + 0;
const roundOrNull = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : round(x));

/** One-way: the metric at each parameter's low and high, others at base. Exact. */
function oneway(sweep: Sweep, records: readonly VariantRecord[], key: string): Effect[] {
  const base = records.find((r) => !r.moved)?.metrics[key] ?? null;
  return sweep.parameters.map((p, index) => {
    const at = (end: 'low' | 'high'): number | null => records.find((r) => r.moved?.parameter === p.name && r.moved.end === end)?.metrics[key] ?? null;
    return { index, low: at('low'), high: at('high'), base, lowInput: p.low!, highInput: p.high! };
  });
}

/** Grid: the mean metric over the variants at a parameter's lowest and at its highest level (main effects). */
function mainEffects(sweep: Sweep, records: readonly VariantRecord[], key: string): Effect[] {
  const all = values(records, key);
  const base = all.length === records.length ? mean(all) : null;
  return sweep.parameters.map((p, index) => {
    const levels = records.map((r) => r.inputs[p.name]);
    const lo = Math.min(...levels);
    const hi = Math.max(...levels);
    const at = (x: number): number | null => {
      const rs = records.filter((r) => r.inputs[p.name] === x);
      const vs = values(rs, key);
      return vs.length === rs.length ? roundOrNull(mean(vs)) : null;
    };
    return { index, low: at(lo), high: at(hi), base: roundOrNull(base), lowInput: lo, highInput: hi };
  });
}

/**
 * Sampled designs: a linear regression of the metric on every parameter; each
 * parameter's low and high are the fitted metric at its 5th and 95th sampled
 * percentiles, the others at their means. Variants with no value (never pays
 * back) are left out of the fit.
 */
function regression(sweep: Sweep, records: readonly VariantRecord[], key: string): Effect[] {
  const ps = sweep.parameters;
  const base = records.filter((r) => r.option === 'base');
  const rows = base.filter((r) => r.metrics[key] !== null && r.metrics[key] !== undefined);
  // A fit on the few variants that pay back would describe them, not the sweep: leave it out.
  const enough = rows.length >= base.length / 2;
  const y = rows.map((r) => r.metrics[key] as number);
  const x = rows.map((r) => ps.map((p) => r.inputs[p.name]));
  const beta = enough && rows.length > ps.length + 1 ? ols(x, y) : null;
  const centre = ps.map((_, j) => mean(x.map((row) => row[j])));
  const fitted = beta ? beta[0] + centre.reduce((s, c, j) => s + beta[j + 1] * c, 0) : null;
  return ps.map((p, index) => {
    const col = base.map((r) => r.inputs[p.name]);
    const lowInput = round(quantile(col, 0.05));
    const highInput = round(quantile(col, 0.95));
    if (!beta || fitted === null) return { index, low: null, high: null, base: null, lowInput, highInput };
    const shift = (v: number): number | null => roundOrNull(fitted + beta[index + 1] * (v - centre[index]));
    return { index, low: shift(lowInput), high: shift(highInput), base: roundOrNull(fitted), lowInput, highInput };
  });
}

const values = (records: readonly VariantRecord[], key: string): number[] =>
  records.map((r) => r.metrics[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
const mean = (xs: readonly number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;

/** Ordinary least squares with an intercept, on centred and scaled columns for a well-conditioned solve. */
export function ols(x: readonly number[][], y: readonly number[]): number[] | null {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  const mu = Array.from({ length: k }, (_, j) => mean(x.map((r) => r[j])));
  const sd = mu.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - m) ** 2, 0) / n) || 1);
  const z = x.map((r) => r.map((v, j) => (v - mu[j]) / sd[j]));
  const ybar = mean(y);
  // Normal equations ZᵀZ b = Zᵀ(y − ȳ), solved by Gaussian elimination with partial pivoting.
  const a = Array.from({ length: k }, (_, i) => [...Array.from({ length: k }, (_, j) => z.reduce((s, r) => s + r[i] * r[j], 0)), z.reduce((s, r, t) => s + r[i] * (y[t] - ybar), 0)]);
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12 * n) return null;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  const b = a.map((row, i) => row[k] / row[i] / sd[i]);
  return [ybar - b.reduce((s, bj, j) => s + bj * mu[j], 0), ...b];
}

/** Spread of a metric across draws. */
export interface Spread {
  mean: number;
  sd: number;
  p2_5: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p97_5: number;
}

export function spread(xs: readonly number[]): Spread {
  const m = mean(xs);
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)) : 0;
  const q = (p: number): number => round(quantile(xs as number[], p));
  return { mean: round(m), sd: round(sd), p2_5: q(0.025), p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p97_5: q(0.975) };
}

export interface PsaOption {
  name: string;
  label: string;
  npv: Spread;
  roi: Spread | null;
  probNpvPositive: number;
  probRoiAbove1: number | null;
  /** Share of draws whose expected cumulative benefits have caught up with costs by each year (index 0 = year 1). */
  paybackByYear: number[];
  /** Share of draws in which this option has the highest NPV of the decision's options. */
  probBest: number;
  /** Draws by NPV, in bins of a round width. */
  npvHistogram: Bin[];
}

export interface PsaSummary {
  draws: number;
  options: PsaOption[];
  decision: {
    /** The option with the highest expected NPV: the choice on current information. */
    choice: string;
    /** E[max NPV] − max E[NPV], in £: what resolving every parameter's uncertainty would be worth to this decision. */
    evpi: number;
    /** Options compared, including "do nothing" (NPV 0) when the sweep counts it. */
    options: string[];
    /** Share of draws in which each option has the highest NPV. */
    probBest: Record<string, number>;
  };
  /** What knowing each parameter, or each named group, for certain would be worth to the decision; null with too few draws. */
  evppi: PsaEvppi | null;
}

/** The EVPPI of one parameter or one group. */
export interface EvppiRow {
  /** The parameter's or the group's name, and how tables name it. */
  name: string;
  label: string;
  /** A group's parameters, by name; absent for a single parameter. */
  parameters?: string[];
  /** In £, at least 0. */
  evppi: number;
  /** Standard error from the regression's uncertainty, in £. */
  se: number;
  /** EVPPI ÷ EVPI (0 when the EVPI is 0). */
  share: number;
  /** 1 = the largest, among parameters or among groups. */
  rank: number;
  /** spline: a penalised regression spline on the one parameter; gp: Gaussian-process regression on the group. */
  method: 'spline' | 'gp';
  /** Draws the regression was fitted on (a Gaussian process on at most GP_MAX_DRAWS, evenly spaced). */
  fitted: number;
}

export interface PsaEvppi {
  /** The option every other option's NPV is taken against before fitting. */
  reference: string;
  /** How it was estimated, in words. */
  method: string;
  parameters: EvppiRow[];
  groups: EvppiRow[];
}

/** The PSA's distributions, acceptability curve and EVPI; null unless the design is psa with economics. */
export function psaSummary(sweep: Sweep, records: readonly VariantRecord[]): PsaSummary | null {
  if (sweep.design !== 'psa' || !sweep.economics) return null;
  const draws = sweep.size!;
  const names = sweep.options.map((o) => o.name);
  // nb[d][o]: NPV of option o in draw d (do nothing: 0).
  const nb: number[][] = Array.from({ length: draws }, () => new Array<number>(names.length + (sweep.doNothing ? 1 : 0)).fill(0));
  for (const r of records) nb[r.draw!][names.indexOf(r.option)] = r.metrics.npv ?? NaN;
  const all = sweep.doNothing ? [...names, 'do nothing'] : names;
  const best = nb.map((row) => row.indexOf(Math.max(...row)));
  const expected = all.map((_, o) => mean(nb.map((row) => row[o])));
  const choice = expected.indexOf(Math.max(...expected));
  const evpi = mean(nb.map((row) => Math.max(...row))) - expected[choice];
  const years = Math.floor(sweep.horizonYears + 1e-9);
  const options = sweep.options.map((o, i): PsaOption => {
    const rs = records.filter((r) => r.option === o.name);
    const npv = rs.map((r) => r.metrics.npv as number);
    const roi = values(rs, 'roi');
    return {
      name: o.name,
      label: o.label,
      npv: spread(npv),
      roi: roi.length > 0 ? spread(roi) : null,
      probNpvPositive: share(npv, (v) => v > 0),
      probRoiAbove1: roi.length > 0 ? share(roi, (v) => v > 1) : null,
      paybackByYear: Array.from({ length: years }, (_, y) => share(rs, (r) => r.metrics.paybackYear !== null && (r.metrics.paybackYear as number) <= y + 1)),
      probBest: share(best, (b) => b === i),
      npvHistogram: histogram(npv),
    };
  });
  const probBest = Object.fromEntries(all.map((name, o) => [name, share(best, (b) => b === o)]));
  const total = round(Math.max(0, evpi));
  return { draws, options, decision: { choice: all[choice], evpi: total, options: all, probBest }, evppi: psaEvppi(sweep, records, nb, all, total) };
}

/**
 * EVPPI by parameter and by named group (evppi.ts), each ranked. Each fit draws
 * its standard error from its own stream, named by the sweep's seed and the
 * parameter or group, so adding a group changes no other row.
 */
function psaEvppi(sweep: Sweep, records: readonly VariantRecord[], nb: number[][], all: string[], evpi: number): PsaEvppi | null {
  if (nb.some((row) => row.some((v) => !Number.isFinite(v)))) return null;
  const inputs: (Record<string, number> | undefined)[] = Array.from({ length: nb.length }, () => undefined);
  for (const r of records) inputs[r.draw!] ??= r.inputs;
  if (inputs.some((x) => x === undefined)) return null;
  const known = inputs as Record<string, number>[];
  const parameters = sweep.parameters ?? [];
  // Against not funding when it is an option (its NPV is 0, so the fits are of each option's own NPV), else against the base.
  const reference = sweep.doNothing ? all.length - 1 : 0;
  const estimate = (kind: string, name: string, members: string[]): { evppi: number; se: number; method: 'spline' | 'gp'; fitted: number } | null => {
    // No information can change a choice that is best in every draw: every EVPPI is 0, with nothing to fit.
    if (evpi === 0) return { evppi: 0, se: 0, method: members.length > 1 ? 'gp' : 'spline', fitted: 0 };
    return evppi(nb, known.map((x) => members.map((m) => x[m])), reference, createStream(sweep.seed ?? '1', 0, `evppi:${kind}:${name}`));
  };
  const rows = (items: { name: string; label: string; members: string[] }[], kind: string): EvppiRow[] | null => {
    const out: Omit<EvppiRow, 'rank'>[] = [];
    for (const it of items) {
      const e = estimate(kind, it.name, it.members);
      if (!e) return null;
      out.push({ name: it.name, label: it.label, ...(kind === 'group' && { parameters: it.members }), evppi: round(e.evppi), se: round(e.se), share: evpi > 0 ? round(e.evppi / evpi) : 0, method: e.method, fitted: e.fitted });
    }
    return out.sort((a, b) => b.evppi - a.evppi).map((r, i) => ({ ...r, rank: i + 1 }));
  };
  const single = rows(parameters.map((p) => ({ name: p.name, label: p.label, members: [p.name] })), 'parameter');
  const groups = rows((sweep.groups ?? []).map((g) => ({ name: g.name, label: groupLabel(g.name, g.parameters), members: g.parameters })), 'group');
  if (!single || !groups) return null;
  return {
    reference: all[reference],
    method:
      'Strong, Oakley and Brennan (2014) regression: each option\'s NPV less the reference\'s, regressed on the parameter (a penalised regression spline, smoothing by REML) ' +
      `or on the group (a Gaussian process with a squared-exponential covariance, hyperparameters by maximum marginal likelihood, fitted on at most ${GP_MAX_DRAWS} evenly spaced draws); ` +
      `EVPPI = mean of the largest fitted NPV − the largest mean fitted NPV; se from ${REPLICATES} draws of the fit from its posterior.`,
    parameters: single,
    groups,
  };
}

/** A group's name and members for tables: every member while they fit a line, else the first few and how many. */
function groupLabel(name: string, members: readonly string[]): string {
  const all = members.join(', ');
  return all.length <= 48 ? `${name} (${all})` : `${name} (${members.length} parameters: ${members.slice(0, 3).join(', ')}, …)`;
}

const share = <T>(xs: readonly T[], f: (x: T) => boolean): number => round(xs.filter(f).length / xs.length);

/** Everything summary.json holds. */
export interface SweepSummary {
  sweep: string;
  design: Sweep['design'];
  variants: number;
  replications: number;
  tornado: TornadoRow[];
  /** Share of the base scenario's variants whose expected costs and savings break even within the horizon; null without economics. */
  paybackShare: number | null;
  /** Spread of the main metrics across variants of the base scenario. */
  spread: Record<string, Spread>;
  psa: PsaSummary | null;
}

export function summarizeSweep(sweep: Sweep, records: readonly VariantRecord[]): SweepSummary {
  const base = records.filter((r) => r.option === 'base');
  const keys = [...tornadoMetrics(sweep, sweep.economics).map((m) => m.key), ...(sweep.economics ? ['roi', 'bcr'] : [])];
  const spreadOf: Record<string, Spread> = {};
  for (const k of new Set(keys)) {
    const vs = values(base, k);
    if (vs.length > 0) spreadOf[k] = spread(vs);
  }
  const paybackShare = sweep.economics && base.length > 0 ? share(base, (r) => r.metrics.paybackYear !== null) : null;
  return { sweep: sweep.sweep, design: sweep.design, variants: records.length, replications: sweep.replications, tornado: tornado(sweep, records), paybackShare, spread: spreadOf, psa: psaSummary(sweep, records) };
}
