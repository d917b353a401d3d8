/**
 * Paired comparison of scenarios on common random numbers: replication k of
 * every scenario uses the same seed and index, so the same streams, and the
 * difference b − a is taken replication by replication; and what differs
 * between two scenario files. Shared by `casecast compare` and the viewer.
 */
import { summarize, summarizeAs } from '../des/statistics.ts';
import { discountFactors } from '../economics/appraisal.ts';
import { agencies, agencyLabels, type Ledger } from '../economics/types.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Accumulator } from './accumulator.ts';
import { agencyField, agencyWidth, totalField, type Layout } from './layout.ts';
import type { Matrix } from './matrix.ts';

/** Which direction is better for a measure; null when neither is (open caseload is workload and reach at once). */
export type Better = 'lower' | 'higher' | null;

/** One measure, per replication. */
export interface Measure {
  key: string;
  label: string;
  group: 'caseload' | 'economics' | 'staff' | 'agency';
  unit: 'people' | 'money' | 'ratio' | 'year' | 'share';
  better: Better;
  agency?: string;
  values: number[];
}

export interface Difference {
  key: string;
  label: string;
  group: Measure['group'];
  unit: Measure['unit'];
  better: Better;
  agency?: string;
  /**
   * Means of a and b over the replications used, and the paired difference
   * b − a with its 95% t-interval: the Monte Carlo error of the mean difference
   * (over parameter draws, from the draws' mean differences).
   */
  a: number;
  b: number;
  difference: { mean: number; lo: number; hi: number };
  /** Over parameter draws: the central 90% of the paired differences (parameters and chance together), and the share of draws in which b is better. */
  uncertainty?: { lo: number; hi: number; bBetterInDraws: number | null };
  /** Replications used (both values defined: e.g. payback only where both pay back). */
  n: number;
  identical: boolean;
  /** The interval excludes zero. */
  distinguishable: boolean;
  /** Which scenario is better on this measure, when the difference is distinguishable: "a", "b" or null. */
  winner: 'a' | 'b' | null;
  verdict: string;
}

/** Years to report caseload at: those asked for, else 1, 3, 5 and the last, within both horizons. */
export function reportYears(asked: number[] | undefined, horizon: number): number[] {
  const last = Math.floor(horizon + 1e-9);
  const ys = asked && asked.length > 0 ? asked : [1, 3, 5, last];
  return [...new Set(ys.filter((y) => y >= 1 && y <= last))].sort((a, b) => a - b);
}

/** The measures of one scenario's replications (a finished run's rows); with economics and `staff`, what each team and bed service is paid and how full it is. */
export function measures(sc: Scenario, run: Pick<Accumulator, 'layout' | 'matrix' | 'ledgers'>, years: number[], opts: { staff?: boolean } = {}): Measure[] {
  const L = run.layout;
  const m = run.matrix;
  const out: Measure[] = [];
  const column = (offset: number): number[] => m.column(offset);
  /** Index of the period ending at year y. */
  const at = (y: number): number => Math.round(y / sc.period) - 1;
  for (const y of years) {
    out.push({ key: `caseload.y${y}`, label: `Open caseload, year ${y}`, group: 'caseload', unit: 'people', better: null, values: column(L.total + at(y)) });
  }
  for (const y of years) {
    out.push({ key: `waiting.y${y}`, label: `Waiting list, year ${y}`, group: 'caseload', unit: 'people', better: 'lower', values: column(L.waitingTotal + at(y)) });
  }
  // The year weighted demand first exceeds the places, in replications where both scenarios' demand does.
  const firstOver = column(L.firstOverTotal).map((y) => (Number.isFinite(y) ? y : NaN));
  out.push({ key: 'firstOver', label: 'First year over capacity', group: 'caseload', unit: 'year', better: 'higher', values: firstOver });
  const last = years[years.length - 1];
  out.push({ key: 'supported', label: `People supported by year ${last}`, group: 'caseload', unit: 'people', better: 'higher', values: column(L.cumulativeSupported + at(last)) });
  const a = L.appraisal;
  if (!a) return out;
  const t = (k: number): number[] => column(a.totals + k);
  out.push(
    { key: 'cost', label: 'Programme cost (PV)', group: 'economics', unit: 'money', better: 'lower', values: t(totalField.pvCosts) },
    { key: 'savings', label: 'Savings to public services (PV)', group: 'economics', unit: 'money', better: 'higher', values: t(totalField.pvBenefits) },
    { key: 'npv', label: 'Net present value', group: 'economics', unit: 'money', better: 'higher', values: t(totalField.npv) },
    { key: 'bcr', label: 'Benefit–cost ratio', group: 'economics', unit: 'ratio', better: 'higher', values: t(totalField.bcr) },
    { key: 'payback', label: 'Payback year', group: 'economics', unit: 'year', better: 'lower', values: t(totalField.paybackYear) },
  );
  if (t(totalField.hasCostPer).every((x) => x === 1)) {
    out.push(
      { key: 'costPer.personSupported', label: 'Cost per person supported', group: 'economics', unit: 'money', better: 'lower', values: t(totalField.personSupported) },
      { key: 'costPer.moveOn', label: 'Cost per successful move-on', group: 'economics', unit: 'money', better: 'lower', values: t(totalField.moveOn) },
      { key: 'costPer.intensiveYear', label: 'Cost per person-year of intensive support', group: 'economics', unit: 'money', better: 'lower', values: t(totalField.intensiveYear) },
    );
  }
  const ledgers = opts.staff === false ? null : run.ledgers();
  if (ledgers) out.push(...staffMeasures(sc, L, m, ledgers));
  agencies.forEach((ag, i) => {
    const o = a.agency + i * agencyWidth;
    if (column(o + agencyField.lines).every((x) => x === 0)) return;
    const name = agencyLabels[ag];
    // Every agency is listed in both scenarios, so a figure that is zero here is kept: the other scenario may not be zero.
    out.push(
      { key: `${ag}.costs`, label: `${name}: pays (PV)`, group: 'agency', agency: ag, unit: 'money', better: 'lower', values: column(o + agencyField.pvCosts) },
      { key: `${ag}.savings`, label: `${name}: saves (PV)`, group: 'agency', agency: ag, unit: 'money', better: 'higher', values: column(o + agencyField.pvBenefits) },
      { key: `${ag}.npv`, label: `${name}: net (PV)`, group: 'agency', agency: ag, unit: 'money', better: 'higher', values: column(o + agencyField.npv) },
      { key: `${ag}.payback`, label: `${name}: payback year`, group: 'agency', agency: ag, unit: 'year', better: 'lower', values: column(o + agencyField.paybackYear) },
    );
  });
  return out;
}

/**
 * Per service paid as staff or places (the ledger's "staff: iss" and "places: abs" lines):
 * its present value as the appraisal counts it (optimism bias on costs, discounted),
 * summed over the funders that pay it; and the share of its places filled over the
 * horizon (weighted load over places, period by period), the use that payroll buys.
 */
function staffMeasures(sc: Scenario, L: Layout, m: Matrix, ledgers: Ledger[]): Measure[] {
  const econ = sc.economics;
  if (!econ || ledgers.length === 0) return [];
  const df = discountFactors(econ.appraisal.discount, ledgers[0].years);
  const uplift = 1 + econ.appraisal.optimismBias.costs;
  const finite = sc.services.filter((s) => Number.isFinite(s.capacity) && s.changes.every((c) => Number.isFinite(c.capacity)));
  const items = [...new Set(ledgers[0].lines.filter((l) => l.kind === 'cost' && /^(staff|places): /.test(l.item)).map((l) => l.item))];
  const out: Measure[] = [];
  for (const item of items) {
    const [kind, service] = item.split(': ');
    const pv = ledgers.map((led) => led.lines.reduce((sum, l, i) => (l.kind === 'cost' && l.item === item ? sum + led.amounts[i].reduce((s, x, y) => s + x * uplift * df[y], 0) : sum), 0));
    out.push({ key: `${kind}.${service}.cost`, label: `${kind === 'staff' ? 'Staff' : 'Places'}: ${service} (PV)`, group: 'staff', unit: 'money', better: 'lower', values: pv });
    const f = finite.findIndex((s) => s.name === service);
    const sl = L.services.find((s) => s.name === service);
    if (f < 0 || !sl) continue;
    const filled = Array.from({ length: m.n }, (_, r) => {
      const row = m.row(r);
      let places = 0;
      let load = 0;
      for (let k = 0; k < L.periods; k++) places += row[sl.capacity + k];
      for (let k = 0; k < L.periods; k++) load += row[sl.load + k];
      return places > 0 ? load / places : NaN;
    });
    out.push({ key: `${kind}.${service}.use`, label: `${service}: places filled, mean over the horizon`, group: 'staff', unit: 'share', better: null, values: filled });
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Paired differences b − a of every measure both scenarios have. */
export function pairedDifferences(a: Measure[], b: Measure[], labels: { a: string; b: string }, perDraw?: number): Difference[] {
  const byKey = new Map(b.map((m) => [m.key, m]));
  const out: Difference[] = [];
  for (const ma of a) {
    const mb = byKey.get(ma.key);
    if (!mb) continue;
    const pairs: [number, number][] = [];
    const drawOf: number[] = [];
    ma.values.forEach((x, k) => {
      const y = mb.values[k];
      if (Number.isFinite(x) && Number.isFinite(y)) (pairs.push([x, y]), drawOf.push(perDraw ? Math.floor(k / perDraw) : k));
    });
    // A measure that is zero in both throughout (an agency that pays nothing) says nothing.
    if (pairs.length > 0 && pairs.every(([x, y]) => x === 0 && y === 0)) continue;
    // An agency's payback that neither scenario reaches, or its net when it pays nothing in either (net = saves), would repeat or say nothing.
    if (ma.group === 'agency' && ma.unit === 'year' && pairs.length === 0) continue;
    if (ma.group === 'agency' && ma.key.endsWith('.npv')) {
      const costs = a.find((m) => m.key === `${ma.agency}.costs`);
      const costsB = byKey.get(`${ma.agency}.costs`);
      if (costs && costsB && costs.values.every((v) => v === 0) && costsB.values.every((v) => v === 0)) continue;
    }
    const d = pairs.map(([x, y]) => y - x);
    // Over draws, replications of one draw share its parameters: the draws' mean differences are the independent values.
    const byDraw = perDraw ? drawMeans(d, drawOf) : d;
    const s = byDraw.length > 1 ? { ...summarize(byDraw), mean: mean(d) } : d.length > 0 ? { mean: mean(d), lo: NaN, hi: NaN } : { mean: NaN, lo: NaN, hi: NaN };
    const identical = d.length > 0 && d.every((v) => v === 0);
    const distinguishable = !identical && (s.lo > 0 || s.hi < 0);
    const bHigher = s.mean > 0;
    const winner: Difference['winner'] =
      distinguishable && ma.better !== null ? ((ma.better === 'higher') === bHigher ? 'b' : 'a') : null;
    out.push({
      key: ma.key,
      label: ma.label,
      group: ma.group,
      unit: ma.unit,
      better: ma.better,
      ...(ma.agency !== undefined && { agency: ma.agency }),
      a: d.length > 0 ? mean(pairs.map(([x]) => x)) : NaN,
      b: d.length > 0 ? mean(pairs.map(([, y]) => y)) : NaN,
      difference: { mean: s.mean, lo: s.lo, hi: s.hi },
      ...(perDraw && d.length > 0 && { uncertainty: { ...spreadOf(d), bBetterInDraws: ma.better === null ? null : byDraw.filter((x) => (ma.better === 'higher' ? x > 0 : x < 0)).length / byDraw.length } }),
      n: d.length,
      identical,
      distinguishable,
      winner,
      verdict: verdict(ma.better, s, d.length, identical, distinguishable, labels),
    });
  }
  return out;
}

/** Mean of the values of each draw, in draw order. */
function drawMeans(values: readonly number[], drawOf: readonly number[]): number[] {
  const sums = new Map<number, { s: number; n: number }>();
  values.forEach((v, i) => {
    const t = sums.get(drawOf[i]) ?? { s: 0, n: 0 };
    t.s += v;
    t.n++;
    sums.set(drawOf[i], t);
  });
  return [...sums.values()].map((t) => t.s / t.n);
}

function spreadOf(values: readonly number[]): { lo: number; hi: number } {
  const s = summarizeAs(values, 'spread');
  return { lo: s.lo, hi: s.hi };
}

function verdict(better: Better, s: { mean: number; lo: number; hi: number }, n: number, identical: boolean, distinguishable: boolean, l: { a: string; b: string }): string {
  if (n === 0) return 'not reached within the horizon in any replication of both';
  if (identical) return 'identical in every replication';
  if (n < 2 || !Number.isFinite(s.lo)) return 'too few replications to tell';
  const dir = s.mean > 0 ? 'higher' : 'lower';
  if (!distinguishable) return `${l.b} ${dir}, but not distinguishable from noise (interval includes 0)`;
  if (better === null) return `${l.b} ${dir}, distinguishable from noise`;
  const bBetter = (better === 'higher') === (s.mean > 0);
  return `${bBetter ? l.b : l.a} better (${l.b} ${dir}), distinguishable from noise`;
}

// ---------------------------------------------------------------------------
// What differs between the scenario files

export interface ParameterDiff {
  path: string;
  a: unknown;
  b: unknown;
}

const notes = new Set(['description', 'source', 'assumption', 'sources', 'label']);

function flatten(v: unknown, path: string, out: Map<string, unknown>, skipped: { n: number }, isNote = false): void {
  if (Array.isArray(v)) {
    if (v.length === 0) out.set(path, []);
    v.forEach((x, i) => flatten(x, `${path}[${i}]`, out, skipped, isNote));
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) out.set(path, {});
    for (const k of keys) flatten((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out, skipped, isNote || notes.has(k));
  } else {
    out.set(isNote ? `\u0000${path}` : path, v);
  }
}

/** The names of the figures a resolved scenario draws (none without an uncertainty section). */
function drawnNames(v: unknown): string[] {
  const u = (v as { uncertainty?: { parameters?: { name: string }[]; posterior?: { parameters?: { name: string }[] } | null } } | null)?.uncertainty;
  return [...(u?.parameters ?? []), ...(u?.posterior?.parameters ?? [])].map((p) => p.name);
}

function withoutUncertainty(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || !('uncertainty' in v)) return v;
  const { uncertainty: _, ...rest } = v as Record<string, unknown>;
  return rest;
}

/**
 * Leaf-by-leaf differences between two resolved scenarios (as hashed), in the
 * model's units (years, rates per year). Free text (descriptions, sources,
 * assumptions) is counted, not listed.
 */
export function parameterDiff(a: unknown, b: unknown): { differences: ParameterDiff[]; notesDiffering: number } {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  const skipped = { n: 0 };
  // The uncertainty section is compared by what each draws, not leaf by leaf (a posterior sample has thousands of leaves).
  const [ua, ub] = [drawnNames(a), drawnNames(b)];
  flatten(withoutUncertainty(a), '', fa, skipped);
  flatten(withoutUncertainty(b), '', fb, skipped);
  if (ua.join() !== ub.join()) {
    const missing = ua.filter((n) => !ub.includes(n));
    const extra = ub.filter((n) => !ua.includes(n));
    fa.set('uncertainty (figures drawn)', `${ua.length}`);
    fb.set('uncertainty (figures drawn)', [`${ub.length}`, ...(missing.length ? [`not ${missing.join(', ')}`] : []), ...(extra.length ? [`also ${extra.join(', ')}`] : [])].join('; '));
  }
  const differences: ParameterDiff[] = [];
  let notesDiffering = 0;
  const paths = [...new Set([...fa.keys(), ...fb.keys()])];
  for (const p of paths) {
    const va = fa.get(p);
    const vb = fb.get(p);
    if (JSON.stringify(va) === JSON.stringify(vb)) continue;
    if (p.startsWith('\u0000')) notesDiffering++;
    else differences.push({ path: p, a: va === undefined ? null : va, b: vb === undefined ? null : vb });
  }
  return { differences, notesDiffering };
}

/** The paired comparison `casecast compare --format json` writes (without its `command`). */
export interface Comparison {
  seed: string;
  replications: number;
  draws?: number;
  replicationsPerDraw?: number;
  drawnFrom?: string;
  intervals: { difference: string; uncertainty?: string };
  commonRandomNumbers: boolean;
  years: number[];
  scenarios: { label: string; file: string; name: string; sha256: string }[];
  comparisons: { a: string; b: string; labels: { a: string; b: string }; parameters: { differences: ParameterDiff[]; notesDiffering: number }; differences: Difference[] }[];
  version: string;
}
