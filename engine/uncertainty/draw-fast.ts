/**
 * A draw's scenario without re-reading the file. Loading an overlay per draw
 * (draw-load.ts) parses, validates and converts the whole scenario to change
 * a few numbers. Here the first two draws are loaded that way (the second
 * nudged from the first when they share a value), and the difference between
 * them traces where each parameter lands in the Scenario and how it is
 * converted (as written, a rate per year, a duration in years). A draw is
 * then the first with those numbers set, copied only along the paths that
 * change.
 *
 * It is only used for a draw it can vouch for: the fields the values are
 * written in pass their schema, the checks on the entries they land in pass,
 * every distribution they change is still valid, and each number keeps its
 * sign class (so no exit is switched off and no capacity becomes unlimited:
 * the checks across entries see what they saw in the template). Anything else
 * returns null, and the caller loads the draw the long way, so an invalid
 * draw is reported exactly as a file would be. A trace it cannot explain
 * (a value derived from a drawn one in a way not listed here, a list that
 * changes length) turns the fast path off for that scenario.
 */
import { fromSpec, type DistributionSpec } from '../des/distributions.ts';
import { checkEconomics } from '../economics/check.ts';
import { checkScenario } from '../model/check.ts';
import type { LoadResult } from '../model/load.ts';
import { canonicalJson } from '../model/load.ts';
import { valueAtPath } from '../model/overlay.ts';
import { isMap } from '../model/plain.ts';
import type { PathSegment } from '../model/problems.ts';
import type { Scenario } from '../model/scenario.ts';
import { scenarioFileSchema } from '../model/schema.ts';
import { parseDuration, parseRate, perYear, type TimeUnit } from '../model/units.ts';
import { tidy, writeQuantity } from '../sweep/quantity.ts';
import type { ScenarioSource } from './draw-load.ts';
import type { UncertainParameter } from './resolve.ts';

type Ok = Extract<LoadResult, { ok: true }>;
/** A draw's values and its scenario, loaded the long way. */
export interface Loaded {
  values: readonly number[];
  loaded: Ok;
}
type Key = string | number;
type Convert = (value: number) => number;

/** One number of the Scenario a draw sets: where, from which parameter, and how. */
interface Leaf {
  at: Key[];
  /** Index into the parameters, or -1 for a service's capacity (fte × caseloadPerWorker). */
  from: number;
  convert: Convert;
}

/** What a scenario's draws need: the template and the numbers a draw sets in it. */
export interface DrawTemplate {
  parameters: readonly UncertainParameter[];
  template: Ok;
  leaves: Leaf[];
  /** The file fields the values are written in, each with the schema that validates it and the values inside it. */
  fields: Field[];
  /** For checkScenario: the top-level sections the leaves land in, and which of their entries. */
  sections: Map<string, Set<number> | 'whole'>;
  /** Whether a leaf is a number checkEconomics reads (a funder's end, a price year). */
  economicsChecked: boolean;
  stateNames: string[];
  serviceNames: string[];
}

interface Field {
  path: string[];
  schema: ZodLike;
  /** The field as the scenario's data has it. */
  raw: unknown;
  /** Where inside the field each value goes (empty: the field is the value), and which parameter's. */
  sets: { at: string[]; from: number }[];
}

interface ZodLike {
  safeParse(v: unknown): { success: boolean };
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; valueType?: ZodLike; innerType?: ZodLike } };
}

/** Sections whose Scenario form is a list of entries, each a file entry; a check of one entry reads no other. */
const listed = new Set(['referrals', 'initial', 'services', 'states', 'targets', 'cohorts']);
/** Where a change would move every time or check (the horizon bounds changes and targets): not traced. */
const global = new Set(['start', 'horizon', 'period']);

/** The values moved each by a different small fraction, so every parameter's numbers differ from the values' and from each other's. */
export const nudged = (values: readonly number[]): number[] => values.map((v, j) => tidy(v === 0 ? 1e-6 * (j + 1) : v * (1 - 1e-4 * (j + 1))));

/**
 * The template for draws of `parameters`, from two draws already loaded the
 * long way, both valid, with every value different between them (another
 * draw, or the first one nudged); null when the trace has a difference it
 * cannot explain.
 */
export function traceDraws(src: ScenarioSource, parameters: readonly UncertainParameter[], first: Loaded, second: Loaded): DrawTemplate | null {
  if (parameters.some((p) => p.paths.some((path) => global.has(path[0])))) return null;
  if (second.values.some((v, j) => Object.is(v, first.values[j]))) return null;
  const traced = second.loaded;
  const diffs: { at: Key[]; a: number; b: number }[] = [];
  if (!diff(first.loaded.scenario, traced.scenario, [], diffs)) return null;
  const leaves: Leaf[] = [];
  const convs = parameters.map((p) => converters.flatMap((make) => make(p) ?? []));
  for (const d of diffs) {
    const leaf = explain(d, convs, first.values, second.values) ?? capacityLeaf(d, first.loaded.scenario, traced.scenario) ?? throughputLeaf(d, first.loaded.scenario, traced.scenario);
    if (!leaf) return null;
    leaves.push(leaf);
  }
  const fields: Field[] = [];
  for (const [j, p] of parameters.entries()) {
    for (const path of p.paths) {
      const found = fieldSchema(path);
      if (!found) return null;
      const key = found.path.join('\0');
      let field = fields.find((f) => f.path.join('\0') === key);
      if (!field) fields.push((field = { ...found, raw: valueAtPath(src.raw, found.path), sets: [] }));
      field.sets.push({ at: path.slice(found.path.length), from: j });
    }
  }
  const sections = new Map<string, Set<number> | 'whole'>();
  for (const { at } of leaves) {
    const [top, i] = at as [string, Key];
    if (top === 'economics') continue; // see economicsRead
    if (!listed.has(top)) sections.set(top, 'whole');
    else if (typeof i === 'number') {
      const seen = sections.get(top);
      if (seen === 'whole') continue;
      sections.set(top, (seen ?? new Set<number>()).add(i));
    } else sections.set(top, 'whole');
  }
  const raw = isMap(src.raw) ? src.raw : {};
  return {
    parameters,
    template: first.loaded,
    leaves,
    fields,
    sections,
    economicsChecked: leaves.some((l) => economicsRead(l.at)),
    stateNames: isMap(raw.states) ? Object.keys(raw.states) : [],
    serviceNames: isMap(raw.services) ? Object.keys(raw.services) : [],
  };
}

/**
 * Whether checkEconomics reads this number. It checks names, whether a
 * service's capacity is finite (the sign class covers that), funders' order
 * (their `until`) and the price years deflators must cover.
 */
function economicsRead(at: readonly Key[]): boolean {
  if (at[0] !== 'economics') return false;
  return at[1] === 'priceYear' || at[1] === 'deflators' || (at[1] === 'programme' && at[2] === 'funders') || (at[1] === 'unitCosts' && at[3] === 'priceYear');
}

/** Every number that differs between two scenarios of the same shape; false when they differ in anything else. */
function diff(a: unknown, b: unknown, at: Key[], out: { at: Key[]; a: number; b: number }[]): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Object.is(a, b)) out.push({ at, a, b });
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => diff(x, b[i], [...at, i], out));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && diff(a[k], b[k], [...at, k], out));
  }
  return Object.is(a, b);
}

/**
 * The ways a written value becomes a number of the Scenario, cheapest first.
 * A rate "x per month" is read as Number("x") × 12 and a duration "x months"
 * as Number("x") / 12 (units.ts), and "x" is the value as written, so for a
 * text that passes the schema the first two give what the parsers give,
 * without the parsers' wording of problems they would not report.
 */
const converters: ((p: UncertainParameter) => Convert | undefined)[] = [
  (p) => {
    const m = p.unit.prefix === '' ? /^ per (day|week|month|quarter|year)$/.exec(p.unit.suffix) : null;
    const factor = m ? perYear[m[1] as TimeUnit] : undefined;
    return factor === undefined ? undefined : (v) => Number(String(v)) * factor;
  },
  (p) => {
    const m = p.unit.prefix === '' ? /^ (day|week|month|quarter|year)s?$/.exec(p.unit.suffix) : null;
    const factor = m ? perYear[m[1] as TimeUnit] : undefined;
    return factor === undefined ? undefined : (v) => Number(String(v)) / factor;
  },
  (p) => (v) => Number(writeQuantity(v, p.unit)),
  (p) => (v) => unitValue(parseRate(writeQuantity(v, p.unit))),
  (p) => (v) => unitValue(parseDuration(writeQuantity(v, p.unit))),
];

const unitValue = (r: ReturnType<typeof parseRate>): number => (r.ok ? r.value : NaN);

/** The one parameter and conversion that give both the template's and the nudged draw's number here. */
function explain(d: { at: Key[]; a: number; b: number }, convs: Convert[][], a: readonly number[], b: readonly number[]): Leaf | undefined {
  let found: Leaf | undefined;
  for (let j = 0; j < convs.length; j++) {
    for (const convert of convs[j]) {
      if (!Object.is(convert(a[j]), d.a) || !Object.is(convert(b[j]), d.b)) continue;
      if (found && found.from !== j) return undefined; // two parameters explain it: ambiguous
      found ??= { at: d.at, from: j, convert };
      break;
    }
  }
  return found;
}

/** A staffed service's capacity, fte × caseloadPerWorker as the loader computes it, when that is what both scenarios hold. */
function capacityLeaf(d: { at: Key[]; a: number; b: number }, a: Scenario, b: Scenario): Leaf | undefined {
  const [top, i, field] = d.at;
  if (top !== 'services' || typeof i !== 'number' || field !== 'capacity' || d.at.length !== 3) return undefined;
  const product = (s: Scenario): number | undefined => (s.services[i].staff ? s.services[i].staff!.fte * s.services[i].staff!.caseloadPerWorker : undefined);
  return Object.is(product(a), d.a) && Object.is(product(b), d.b) ? { at: d.at, from: -1, convert: (x) => x } : undefined;
}

/**
 * A throughput team's caseload per worker, throughput × the mean duration of the one state that uses it
 * (Little's law, as the loader computes it), when that is what both scenarios hold and the team has no changes.
 */
function throughputLeaf(d: { at: Key[]; a: number; b: number }, a: Scenario, b: Scenario): Leaf | undefined {
  const [top, i, staff, field] = d.at;
  if (top !== 'services' || typeof i !== 'number' || staff !== 'staff' || field !== 'caseloadPerWorker' || d.at.length !== 4) return undefined;
  const derived = (s: Scenario): number | undefined => perWorkerOf(s, i);
  return Object.is(derived(a), d.a) && Object.is(derived(b), d.b) ? { at: d.at, from: -2, convert: (x) => x } : undefined;
}

function perWorkerOf(s: Scenario, i: number): number | undefined {
  const sv = s.services[i];
  if (sv.staff?.throughput === undefined || sv.changes.length > 0) return undefined;
  const users = s.states.filter((st) => st.service === sv.name);
  if (users.length !== 1 || !users[0].duration) return undefined;
  return sv.staff.throughput * fromSpec(users[0].duration.distribution).mean;
}

/** The file field a path is written in, down through maps of the schema, with its schema; undefined for a path the schema does not map. */
function fieldSchema(path: readonly string[]): { path: string[]; schema: ZodLike } | undefined {
  let schema = scenarioFileSchema as unknown as ZodLike;
  const at: string[] = [];
  for (const seg of path) {
    const inner = unwrap(schema);
    const def = inner._zod.def;
    const next = def.type === 'object' ? def.shape?.[seg] : def.type === 'record' ? def.valueType : undefined;
    if (!next) break;
    schema = next;
    at.push(seg);
  }
  // A union, list or value: validated whole, as the file's parse does at that point.
  return at.length > 0 ? { path: at, schema } : undefined;
}

const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'nonoptional']);

function unwrap(s: ZodLike): ZodLike {
  let t = s;
  while (wrappers.has(t._zod.def.type) && t._zod.def.innerType) t = t._zod.def.innerType;
  return t;
}

/** Draw `values` as a scenario from the template, or null when this fast path cannot vouch for it (load it the long way). */
export function fastDraw(t: DrawTemplate, raw: unknown, values: readonly number[]): Ok | null {
  const written = t.fields.map((f) => fieldValue(f, t.parameters, values));
  for (const [i, f] of t.fields.entries()) if (!f.schema.safeParse(written[i]).success) return null;

  const base = t.template.scenario;
  const scenario = { ...base } as Scenario;
  const copied = new Set<unknown>([scenario]);
  const set = (at: Key[], x: number): void => {
    let node = scenario as unknown as Record<Key, unknown>;
    for (let k = 0; k < at.length - 1; k++) {
      let child = node[at[k]] as Record<Key, unknown>;
      if (!copied.has(child)) {
        child = (Array.isArray(child) ? child.slice() : { ...child }) as Record<Key, unknown>;
        copied.add(child);
        node[at[k]] = child;
      }
      node = child;
    }
    node[at[at.length - 1]] = x;
  };
  const parents: unknown[][] = [];
  // Several entries may take one parameter (states copied with like:): convert it once.
  const converted = new Map<Convert, number>();
  for (const leaf of t.leaves) {
    if (leaf.from < 0) continue;
    const x = converted.get(leaf.convert) ?? leaf.convert(values[leaf.from]);
    converted.set(leaf.convert, x);
    if (signClass(x) !== signClass(valueAt(base, leaf.at))) return null;
    set(leaf.at, x);
  }
  for (const leaf of t.leaves) {
    if (leaf.from !== -2) continue;
    let x: number | undefined;
    try {
      x = perWorkerOf(scenario, leaf.at[1] as number);
    } catch {
      return null; // the drawn duration is no distribution: the loader reports it
    }
    if (x === undefined || signClass(x) !== signClass(valueAt(base, leaf.at))) return null;
    set(leaf.at, x);
  }
  for (const leaf of t.leaves) {
    if (leaf.from !== -1) continue;
    const sv = scenario.services[leaf.at[1] as number];
    const x = sv.staff!.fte * sv.staff!.caseloadPerWorker;
    if (signClass(x) !== signClass(valueAt(base, leaf.at))) return null;
    set(leaf.at, x);
  }
  // Every distribution a value lands in must still be one (the loader checks this as it converts).
  for (const leaf of t.leaves) parents.push(ancestors(scenario, leaf.at));
  for (const chain of parents) {
    for (const node of chain) {
      if (!isMap(node) || typeof node.type !== 'string' || !('mean' in node || 'sd' in node || 'rate' in node || 'shape' in node || 'scale' in node || 'value' in node)) continue;
      try {
        fromSpec(node as unknown as DistributionSpec);
      } catch {
        return null;
      }
    }
  }
  if (t.economicsChecked && scenario.economics && checkEconomics(scenario.economics, scenario).length > 0) return null;
  if (checkScenario(reduced(scenario, t.sections), { stateNames: t.stateNames, serviceNames: t.serviceNames, written: (path) => writtenAt(raw, t.fields, written, path) }).length > 0) return null;

  const template = t.template;
  return {
    ok: true,
    scenario,
    files: template.files,
    // Hashing the whole scenario is most of a draw's cost, and no caller of a draw reads it: computed when asked for.
    get resolvedText() {
      return canonicalJson(scenario);
    },
  };
}

/** The sections the draw changed, with only the entries it changed: what the checks need to see (see the module's note). */
function reduced(s: Scenario, sections: DrawTemplate['sections']): Partial<Scenario> {
  const whole = s as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Screening's rule counts the needs the attributes give, and referrals inherit them: they go with the attributes, whole.
  if (sections.has('screening') || sections.has('referrals')) out.attributes = s.attributes;
  for (const [key, which] of sections) out[key] = which === 'whole' ? whole[key] : (whole[key] as unknown[]).filter((_, i) => which.has(i));
  return out as Partial<Scenario>;
}

function valueAt(v: unknown, at: Key[]): unknown {
  let x = v;
  for (const k of at) x = (x as Record<Key, unknown>)[k];
  return x;
}

function ancestors(v: unknown, at: Key[]): unknown[] {
  const out: unknown[] = [];
  let x = v;
  for (const k of at.slice(0, -1)) {
    x = (x as Record<Key, unknown>)[k];
    out.push(x);
  }
  return out;
}

/** NaN, below 0, 0, above 0 or infinite: what checks across entries (exits switched off, unlimited capacity) read of a number. */
function signClass(x: unknown): number {
  if (typeof x !== 'number' || Number.isNaN(x)) return 0;
  if (x === Infinity) return 5;
  if (x === -Infinity) return 1;
  return x < 0 ? 2 : x === 0 ? 3 : 4;
}

/**
 * A field as the draw writes it: the scenario's own, copied along the paths
 * the values go to (lists and maps alike, as an overlay replaces a list whole
 * and merges a map), with each value written as the overlay writes it.
 */
function fieldValue(f: Field, parameters: readonly UncertainParameter[], values: readonly number[]): unknown {
  let out: unknown = f.raw;
  const copied = new Set<unknown>();
  for (const { at, from } of f.sets) {
    const value = writeQuantity(values[from], parameters[from].unit);
    if (at.length === 0) {
      out = value;
      continue;
    }
    if (!copied.has(out)) copied.add((out = copyOf(out)));
    let node = out as Record<string, unknown>;
    for (let k = 0; k < at.length - 1; k++) {
      let child = node[at[k]];
      if (!copied.has(child)) copied.add((child = copyOf(child)));
      node[at[k]] = child;
      node = child as Record<string, unknown>;
    }
    node[at[at.length - 1]] = value;
  }
  return out;
}

const copyOf = (v: unknown): unknown => (Array.isArray(v) ? v.slice() : isMap(v) ? { ...v } : {});

/**
 * The value written at a file path, or at the nearest enclosing field that
 * exists, as the loader's checks read it: inside a drawn field, the field as
 * the draw writes it; elsewhere the scenario's own data.
 */
function writtenAt(raw: unknown, fields: readonly Field[], values: readonly unknown[], path: PathSegment[]): unknown {
  const i = fields.findIndex((f) => f.path.length <= path.length && f.path.every((seg, k) => seg === String(path[k])));
  let v: unknown = i >= 0 ? values[i] : raw;
  for (const seg of path.slice(i >= 0 ? fields[i].path.length : 0)) {
    const next = typeof v === 'object' && v !== null ? (v as Record<PathSegment, unknown>)[seg] : undefined;
    if (next === undefined) break;
    v = next;
  }
  return v;
}
