/**
 * The board paper's data and words: what `casecast report` embeds in the page
 * and the viewer's "Board paper" button posts to it, and the sentences, rows
 * and tables the page (web/paper.ts) lays out. Pure: no fs, no DOM.
 */
import type { Results } from '../engine/results.ts';
import type { Difference, ParameterDiff } from '../engine/pipeline/compare.ts';
import { money, num, pct } from './format.ts';
import { ratio } from './headline.ts';
import { describeOverCapacity } from './over-capacity.ts';

/** Everything the paper shows. */
export interface PaperData {
  results: Results;
  /** The scenario file as named on the command line (or in the viewer). */
  file: string;
  /** The resolved scenario (as hashed), for the key assumptions; absent when the sender has none. */
  resolved?: unknown;
  /** Every --set (or viewer panel edit), as typed: "services.iss.staff.fte=20". */
  sets: string[];
  /** Uncertain figures a --set fixes (not drawn). */
  fixed: string[];
  compare?: PaperCompare;
  provenance: { version: string; seed: string; replications: number; draws?: number; replicationsPerDraw?: number; sha256: string; files: string[]; command: string; generated: string };
}

export interface PaperCompare {
  file: string;
  name: string;
  sha256: string;
  parameters: { differences: ParameterDiff[]; notesDiffering: number };
  /** Paired differences B − A (engine/pipeline/compare.ts pairedDifferences), NaN as null. */
  differences: Difference[];
  fixed: boolean;
}

/** The question a board asks of the scenario, in one sentence. */
export function question(r: Results): string {
  const years = num(r.manifest.horizonYears, 0);
  if (!r.economics) return `When does ${r.manifest.scenario} outgrow its staffed capacity over ${years} years?`;
  return `Does ${r.manifest.scenario} pay for itself over ${years} years?`;
}

/** The answer, in one sentence: the expected NPV and, over draws, the share of parameter draws above £0. */
export function answer(r: Results): string {
  if (!r.economics) return `Weighted demand first exceeds staffed capacity: ${describeOverCapacity(r.firstYearOverCapacity)}.`;
  const u = r.uncertainty;
  if (u && u.probNpvPositive !== null) {
    const p = u.probNpvPositive;
    const mean = u.headline.npv?.mean ?? r.economics.summary.npv.mean;
    const word = p < 0.1 ? 'Very unlikely' : p < 0.4 ? 'Probably not' : p <= 0.6 ? 'As likely as not' : p < 0.9 ? 'Probably' : 'Very likely';
    return `${word}: the expected NPV is ${money(mean)}, and ${pct(p)} of parameter draws come out above £0.`;
  }
  const npv = r.economics.summary.npv;
  const sure = Number.isFinite(npv.lo) && (npv.lo > 0 || npv.hi < 0);
  const yes = npv.mean > 0;
  return `${yes ? 'Yes' : 'No'}, at the point estimate${sure ? '' : ' (within Monte Carlo error of £0)'}: the NPV is ${money(npv.mean)}; every parameter is held at its point estimate, so this says nothing of how sure the answer is.`;
}

/** One key assumption: what, its value in words, and where it comes from. */
export interface Assumption {
  group: string;
  name: string;
  value: string;
  source: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const sourceOf = (o: Obj, fallback = ''): string => [text(o.source), text(o.assumption)].filter(Boolean).join(' — ') || fallback;
const short = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n - 1).trimEnd()}…` : s);
/** Three significant figures: 0.000912, 6.31, 1,863. */
const sig = (x: number): string => (!Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? num(x, 0) : Number(x.toPrecision(3)).toString());
const months = (years: number): string => (years === Infinity || !Number.isFinite(years) ? '' : years < 1 ? `${num(years * 12)} months` : `${num(years)} years`);

/** A piecewise rate per year as a monthly hazard: "1.0% a month to 3 months, then 6.8% a month". */
function rateText(rate: unknown): string {
  const pieces = Array.isArray(rate) ? list(rate) : [{ rate }];
  return pieces
    .map((p, i) => {
      const r = Number(p.rate);
      const until = p.until === 'Infinity' || p.until === undefined ? Infinity : Number(p.until);
      const v = `${num((r / 12) * 100, 2)}% a month`;
      return `${i > 0 ? 'then ' : ''}${v}${Number.isFinite(until) && i < pieces.length - 1 ? ` to ${months(until)}` : ''}`;
    })
    .join(', ');
}

function distText(d: Obj): string {
  const type = text(d.type);
  const parts = Object.entries(d).filter(([k]) => k !== 'type').map(([k, v]) => `${k} ${typeof v === 'number' ? sig(v) : String(v)}`);
  return `${type}(${parts.join(', ')})`;
}

/**
 * The scenario's parameters that matter, from the resolved scenario: staff,
 * caseload per worker and places; the exits from the states staffed services
 * hold; the appraisal factors; and the uncertainty section's parameters.
 */
export function assumptions(resolved: unknown, sets: readonly string[] = []): Assumption[] {
  const s = obj(resolved);
  const setPaths = new Map(sets.map((t) => [t.slice(0, t.indexOf('=')).trim(), t.slice(t.indexOf('=') + 1)]));
  const setNote = (path: string, src: string): string => (setPaths.has(path) ? `set for this run (--set ${path}=${setPaths.get(path)}); the file's source: ${src}` : src);
  const out: Assumption[] = [];
  const staffed = new Set<string>();
  for (const sv of list(s.services)) {
    const name = text(sv.name);
    const staff = obj(sv.staff);
    const src = short(sourceOf(sv, 'not given in the scenario'));
    if (staff.fte !== undefined) {
      staffed.add(name);
      out.push({ group: 'Staff and places', name: `${name}: staff (FTE)`, value: num(Number(staff.fte)), source: setNote(`services.${name}.staff.fte`, src) });
      out.push({ group: 'Staff and places', name: `${name}: caseload per worker`, value: num(Number(staff.caseloadPerWorker)), source: setNote(`services.${name}.staff.caseloadPerWorker`, src) });
    } else if (Number.isFinite(Number(sv.capacity))) {
      out.push({ group: 'Staff and places', name: `${name}: places`, value: num(Number(sv.capacity), 0), source: src });
    }
  }
  // The exits of each staffed service's first state (its main caseload; add-on states mostly repeat them).
  const main = [...staffed].map((name) => list(s.states).find((st) => text(st.service) === name)).filter((st): st is Obj => st !== undefined);
  for (const st of main) {
    for (const ex of list(st.exits)) {
      out.push({ group: 'Exit rates', name: `${text(st.name) || text(st.service)} → ${text(ex.to) || 'leaves'} (${text(ex.name)})`, value: rateText(ex.rate), source: short(sourceOf(ex, 'not given in the scenario')) });
    }
  }
  const ap = obj(obj(s.economics).appraisal);
  if (Object.keys(ap).length > 0) {
    const g = 'Appraisal';
    const from = 'economics.appraisal in the scenario file';
    const discount = list(ap.discount)[0];
    if (discount) out.push({ group: g, name: 'Discount rate', value: `${num(Number(discount.rate) * 100, 1)}% a year${list(ap.discount).length > 1 ? ` to year ${num(Number(discount.until), 0)}, then lower` : ''}`, source: 'HM Treasury Green Book schedule unless the scenario sets one' });
    const ob = obj(ap.optimismBias);
    const factors = [
      ['optimism bias on costs', ob.costs],
      ['on benefits', ob.benefits],
      ['deadweight', ap.deadweight],
      ['attribution', ap.attribution],
      ['displacement', ap.displacement],
      ['drop-off a year (closed cases)', ap.dropOff],
    ].filter(([, v]) => v !== undefined);
    if (factors.length) out.push({ group: g, name: 'Appraisal factors', value: factors.map(([k, v]) => `${k} ${pct(Number(v))}`).join('; '), source: from });
  }
  const u = obj(s.uncertainty);
  for (const p of list(u.parameters)) {
    out.push({ group: 'Uncertain (drawn)', name: text(p.label) || text(p.name), value: `${distText(obj(p.distribution))}; base ${sig(Number(p.base))}`, source: short(sourceOf(p, 'not given')) });
  }
  const post = obj(u.posterior);
  const drawn = list(post.parameters);
  if (drawn.length > 0) {
    out.push({
      group: 'Uncertain (calibration posterior)',
      name: `Calibration posterior: ${drawn.length} figures drawn together`,
      value: drawn.map((p) => `${text(p.label) || text(p.name)} ${sig(Number(p.base))}`).join('; '),
      source: short(sourceOf(drawn[0], text(post.file))),
    });
  }
  return out;
}

/** Money by year: cash cost and net savings in the year, and the cumulative present values. */
export function moneyRows(r: Results): string[][] {
  const e = r.economics;
  if (!e) return [];
  const b = e.byYear;
  return b.year.map((y, i) => [
    String(y),
    money(b.costs.mean[i]),
    money(b.netBenefits.mean[i]),
    money(b.cumulativeDiscountedCosts.mean[i]),
    money(b.cumulativeDiscountedBenefits.mean[i]),
    money(b.cumulativeDiscountedBenefits.mean[i] - b.cumulativeDiscountedCosts.mean[i]),
  ]);
}
export const moneyColumns = ['Year', 'Cost in year', 'Net savings in year', 'Cumulative cost (PV)', 'Cumulative savings (PV)', 'Cumulative net (PV)'];

/** A parameter value of a file difference, as text. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v;
  // Resolved figures carry floating-point noise (107.10000000000001): six significant figures.
  return JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && !Number.isInteger(x) ? Number(x.toPrecision(6)) : x));
}

const fmt = (unit: Difference['unit'], x: number | null): string => {
  if (x === null || !Number.isFinite(x)) return '–';
  if (unit === 'money') return money(x);
  if (unit === 'ratio') return ratio(x);
  if (unit === 'share') return pct(x);
  return num(x);
};
const signed = (unit: Difference['unit'], x: number | null): string => {
  if (x === null || !Number.isFinite(x)) return '–';
  const s = fmt(unit, Math.abs(x));
  return x > 0 ? `+${s}` : x < 0 ? `−${s}` : s;
};

/** The paired differences a board reads: cost, savings, NPV, BCR, payback and the waiting list at the horizon. */
export function compareRows(c: PaperCompare): string[][] {
  const waits = c.differences.filter((d) => d.key.startsWith('waiting.y'));
  const keys = ['cost', 'savings', 'npv', 'bcr', 'payback', ...(waits.length ? [waits[waits.length - 1].key] : [])];
  return keys.flatMap((k) => {
    const d = c.differences.find((x) => x.key === k);
    if (!d) return [];
    const iv = c.fixed ? d.difference : d.uncertainty;
    const interval = d.identical ? '0' : iv && iv.lo !== null && Number.isFinite(iv.lo) ? `${signed(d.unit, iv.lo)} to ${signed(d.unit, iv.hi)}` : '–';
    return [[d.label, fmt(d.unit, d.a), fmt(d.unit, d.b), d.identical ? '0' : signed(d.unit, d.difference.mean), interval, d.verdict]];
  });
}

/** A Difference with NaN as null, as JSON carries it. */
export function jsonSafe(d: Difference): Difference {
  const n = (x: number): number => (Number.isFinite(x) ? x : (null as unknown as number));
  return { ...d, a: n(d.a), b: n(d.b), difference: { mean: n(d.difference.mean), lo: n(d.difference.lo), hi: n(d.difference.hi) } };
}

/** JSON for a <script type="application/json"> element: nothing in it can close the element. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The paper of a run in the viewer ("Board paper"): its results and panel edits; the viewer has no resolved scenario to list assumptions from. */
export function viewerPaper(r: Results, file: string, sets: string[]): PaperData {
  const m = r.manifest;
  return {
    results: r,
    file,
    sets,
    fixed: [],
    provenance: { version: m.version, seed: m.seed, replications: m.replications, ...(m.draws && { draws: m.draws, replicationsPerDraw: m.replicationsPerDraw }), sha256: m.sha256, files: [file], command: 'casecast viewer: Board paper', generated: new Date().toISOString() },
  };
}
