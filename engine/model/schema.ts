/**
 * The scenario *file* format as a zod schema: surface syntax with units as text, maps keyed
 * by name and shorthands. Every field is documented (the descriptions become JSON Schema for
 * editors and the "fix:" hints in problems). `toScenario` converts a validated file into the
 * model's `Scenario`: units to years, shorthands expanded, defaults filled.
 */
import { z } from 'zod';
import { DistributionError, fromSpec, type DistributionSpec } from '../des/distributions.ts';
import { encodeDetail, type Finding, type PathSegment } from './problems.ts';
import type { Branch, Cohort, Dist, Exit, InitialGroup, Modifiers, Need, Policy, ReferralStream, Scenario, Screening, Service, State } from './scenario.ts';
import { needs } from './scenario.ts';
import { economicsFileSchema, toEconomics } from '../economics/schema.ts';
import { durationPattern, parseDuration, parseRate, ratePattern, showFound, type UnitResult } from './units.ts';

// ---------------------------------------------------------------------------
// Building blocks

const namePattern = '^[A-Za-z][A-Za-z0-9_-]*$';

/** Error callback that explains a unit problem with units.ts wording (missing fields keep zod's "required"). */
const unitError = (parse: (x: unknown) => UnitResult) => (issue: { input?: unknown }) => {
  if (issue.input === undefined) return undefined;
  const r = parse(issue.input);
  return r.ok ? undefined : encodeDetail(r.problem);
};

const durationText = z
  .string({ error: unitError(parseDuration) })
  .regex(new RegExp(durationPattern), { error: unitError(parseDuration) });
const rateText = z.string({ error: unitError(parseRate) }).regex(new RegExp(ratePattern), { error: unitError(parseRate) });

const duration = (description: string) => durationText.meta({ description: `${description} A duration with a unit: "196 days", "6 weeks", "6 months", "1 quarter", "2 years".` });
const rate = (description: string) => rateText.meta({ description: `${description} A rate: "160 per year", "0.04 per month", "3 per week", "1 per day".` });
const num = (description: string) => z.number().meta({ description });
const probability = (description: string) => num(`${description} A probability from 0 to 1.`);
const name = (description: string) => z.string().meta({ description });
const nameKey = z.string().regex(new RegExp(namePattern)).meta({ description: 'A name: starts with a letter, then letters, digits, "-" or "_", e.g. iss or drop-in.' });

const provenance = {
  source: z.string().optional().meta({ description: 'Where the figure comes from: report and table or line, e.g. "000 Table 4.1".' }),
  assumption: z.string().optional().meta({ description: 'Why the value was chosen when no source gives it.' }),
};

const modifiers = z
  .strictObject({
    ...Object.fromEntries(needs.map((n) => [n, num(`Factor applied when the person has ${n} need, e.g. 1.2 (20% higher).`).optional()])),
    complexity: num('b in exp(b × (complexity score − reference)): how strongly complexity changes the rate, e.g. 0.02.').optional(),
  })
  .meta({ description: `Person-level multipliers: a factor for each need present (${needs.join(', ')}) and a complexity coefficient.` });

// Distributions: one object per family, picked by `type`. Duration distributions take parameters with units.
type Kind = 'duration' | 'number';

function distribution(kind: Kind) {
  const v = (d: string) => (kind === 'duration' ? duration(d) : num(d));
  const vs = (d: string) => z.array(kind === 'duration' ? durationText : z.number()).meta({ description: d });
  const t = <T extends string>(type: T) => z.literal(type).meta({ description: 'Distribution family.' });
  const families = [
    z.strictObject({ type: t('fixed'), value: v('The constant value.') }),
    z.strictObject({ type: t('uniform'), min: v('Smallest value.'), max: v('Largest value.') }),
    z.strictObject({ type: t('triangular'), min: v('Smallest value.'), mode: v('Most likely value.'), max: v('Largest value.') }),
    z.strictObject({
      type: t('exponential'),
      mean: v('Mean (give mean or rate).').optional(),
      ...(kind === 'duration' ? { rate: rate('Events per unit time (give mean or rate).').optional() } : {}),
    }),
    z.strictObject({
      type: t('gamma'),
      mean: v('Mean (give mean and sd, or shape and scale).').optional(),
      sd: v('Standard deviation.').optional(),
      shape: num('Shape k (no unit).').optional(),
      scale: v('Scale θ.').optional(),
    }),
    z.strictObject({
      type: t('lognormal'),
      mean: v('Mean on the natural scale.').optional(),
      sd: v('Standard deviation on the natural scale.').optional(),
      ...(kind === 'number' ? { mu: num('Mean of the log.').optional(), sigma: num('Sd of the log.').optional() } : {}),
    }),
    z.strictObject({ type: t('weibull'), shape: num('Shape k (no unit).'), scale: v('Scale λ.') }),
    z.strictObject({
      type: t('normal'),
      mean: v('Mean before truncation.'),
      sd: v('Standard deviation before truncation.'),
      lower: v('Optional lower bound (truncation).').optional(),
      upper: v('Optional upper bound (truncation).').optional(),
    }),
    z.strictObject({ type: t('discrete'), values: vs('The possible values.'), weights: z.array(z.number()).meta({ description: 'Relative weights, one per value.' }) }),
    z.strictObject({ type: t('empirical'), data: vs('Observed values, each equally likely.') }),
    ...(kind === 'number'
      ? [
          z.strictObject({ type: t('beta'), alpha: num('Shape α.'), beta: num('Shape β.') }),
          z.strictObject({ type: t('poisson'), lambda: num('Mean count.') }),
        ]
      : []),
  ] as const;
  return z.discriminatedUnion('type', families as unknown as [typeof families[0], ...(typeof families)[number][]]);
}

const durationDistribution = distribution('duration').meta({
  description: 'A distribution of a duration, with units on its parameters, e.g. { type: lognormal, mean: "196 days", sd: "120 days" }.',
});
const numberDistribution = distribution('number').meta({ description: 'A distribution of a plain number, e.g. { type: normal, mean: 28, sd: 7, lower: 0, upper: 48 }.' });
/** A duration field that may be a fixed time ("2 weeks") or a distribution. */
const durationOrDistribution = (description: string) =>
  z.union([durationText, durationDistribution]).meta({ description: `${description} A fixed duration such as "2 weeks", or a distribution such as { type: exponential, mean: "2 weeks" }.` });

// ---------------------------------------------------------------------------
// Sections

const referral = z.strictObject({
  rate: rate('Referrals arriving (a Poisson stream), e.g. "340 per year".'),
  rampUp: duration('Optional linear ramp from 0 to the full rate over this time.').default('0 days'),
  changes: z
    .array(z.strictObject({ at: duration('When the rate changes, from the start.'), rate: rate('The new referral rate.'), ...provenance }))
    .default([])
    .meta({ description: 'Step changes in the rate, ascending in time.' }),
  ...provenance,
});

const cohort = z.strictObject({
  at: duration('When the group arrives, from the start.'),
  count: num('How many people arrive together, a whole number, e.g. 30.'),
  state: name('Optional state they enter directly; without it they are referred and screened.').optional(),
  ...provenance,
});

const need = z
  .strictObject({ prevalence: probability('Share of people with this need, e.g. 0.75.'), ...provenance })
  .meta({ description: 'A need flag: its prevalence and where the figure comes from.' });

const attributes = z.strictObject({
  needs: z
    .strictObject(Object.fromEntries(needs.map((n) => [n, need.optional()])) as Record<Need, z.ZodOptional<typeof need>>)
    .default({})
    .meta({ description: `Need flags sampled per person, each with a prevalence: ${needs.join(', ')}.` }),
  complexity: z
    .strictObject({
      distribution: numberDistribution,
      reference: num('Score at which complexity modifiers are neutral; defaults to the mean of the distribution.').optional(),
      ...provenance,
    })
    .optional()
    .meta({ description: 'Complexity score (e.g. the NDT chaos index, 0-48); without it every person has score 0 and complexity modifiers have no effect.' }),
});

const branch = z.strictObject({
  to: name('State taken; leave it out to leave the caseload.').optional(),
  reason: z.string().optional().meta({ description: 'Why people move (move-on, disengaged...); defaults to the target state.' }),
  p: probability('Probability of this branch; the branches sum to 1.'),
  modifiers: modifiers.optional(),
  ...provenance,
});

const screening = z.strictObject({
  eligible: z
    .strictObject({ p: probability('Share of referrals that are eligible, e.g. 0.68.'), ...provenance })
    .default({ p: 1 })
    .meta({ description: 'Eligibility: ineligible referrals are redirected elsewhere and leave (default: everyone is eligible).' }),
  assessment: z
    .strictObject({ duration: durationOrDistribution('Time from referral to the screening decision.'), ...provenance })
    .default({ duration: '0 days' })
    .meta({ description: 'Assessment: time from referral to the screening decision (default: immediate).' }),
  starts: z
    .strictObject({ p: probability('Share of eligible people who start support, e.g. 0.65.'), ...provenance })
    .default({ p: 1 })
    .meta({ description: 'Starts: eligible people who never start leak away (default: everyone starts).' }),
  entry: z
    .union([name('The state everyone enters, e.g. iss.'), z.array(branch)])
    .optional()
    .meta({ description: 'Entry state, e.g. iss, or a list of branches such as [{ to: iss, p: 0.9 }, { to: abs, p: 0.1 }].' }),
});

const staffFields = {
  fte: num('Full-time-equivalent workers in the team, e.g. 14.'),
  caseloadPerWorker: num('Caseload per worker is the number of weighted clients one full-time worker holds, e.g. 7.'),
};
const capacityFields = {
  beds: num('Number of beds, e.g. 9.').optional(),
  places: num('Number of weighted places, e.g. 40.').optional(),
  unlimited: z.literal(true).optional().meta({ description: 'Write unlimited: true for a service with no capacity limit.' }),
};

const service = z.strictObject({
  staff: z.strictObject(staffFields).optional().meta({ description: 'A staff team: places are fte × caseloadPerWorker.' }),
  ...capacityFields,
  discipline: z.enum(['fifo', 'priority']).default('fifo').meta({ description: 'Waiting-list order: fifo, or priority (returners first).' }),
  patience: durationOrDistribution('Optional: how long people wait before leaving the list.').optional(),
  changes: z
    .array(
      z.strictObject({
        at: duration('When capacity changes, from the start.'),
        staff: z
          .strictObject({ fte: staffFields.fte.optional(), caseloadPerWorker: staffFields.caseloadPerWorker.optional() })
          .optional()
          .meta({ description: 'New staffing; fields left out keep their value.' }),
        ...capacityFields,
        ...provenance,
      }),
    )
    .default([])
    .meta({ description: 'Capacity changes, ascending in time.' }),
  ...provenance,
});

const ratePiece = z.strictObject({
  until: duration('End of this piece, in time since entering the state; leave it out on the last piece.').optional(),
  rate: rate('Hazard during this piece.'),
  ...provenance,
});

const exit = z.strictObject({
  to: name('State moved to; leave it out for exits that leave the caseload for good (death, moving away).').optional(),
  reason: z.string().optional().meta({ description: 'Why people leave (move-on, disengaged, died...); defaults to the target state.' }),
  rate: z
    .union([rateText, z.array(ratePiece)])
    .meta({ description: 'Hazard, e.g. "0.04 per month", or pieces in time since entry: [{ until: "6 months", rate: "0.03 per month" }, { rate: "0.01 per month" }].' }),
  modifiers: modifiers.optional(),
  ...provenance,
});

const stateDuration = z.union([
  durationText.meta({ description: 'A fixed sojourn, e.g. "2 weeks".' }),
  z.strictObject({ distribution: durationOrDistribution('Sojourn time in the state.'), modifiers: modifiers.optional(), ...provenance }),
]);

const state = z.strictObject({
  tier: z.enum(['intensive', 'custody', 'drop-in', 'dormant']).meta({ description: 'Support tier: intensive, custody, drop-in or dormant.' }),
  service: name('Service whose capacity this state uses, e.g. iss; leave it out for no capacity limit.').optional(),
  weight: num('Share of a place this state takes: 1 for intensive, e.g. 0.2 for drop-in.').default(1),
  exits: z.array(exit).default([]).meta({ description: 'Competing exits, each with a hazard rate.' }),
  duration: stateDuration
    .optional()
    .meta({ description: 'Optional sojourn that competes with the exits: "2 weeks" or { distribution: ..., modifiers: ... }; needs `next`.' }),
  next: z.array(branch).default([]).meta({ description: 'Branches taken when `duration` ends; p sums to 1.' }),
  ...provenance,
});

const policy = z.strictObject({
  closure: z.enum(['none', 'discharge']).default('none').meta({ description: 'none (no closed cases: lighter tiers stay open) or discharge.' }),
  returnersFirst: z.boolean().default(true).meta({ description: 'Whether re-escalations queue ahead of new referrals (true or false).' }),
  changes: z
    .array(z.strictObject({ at: duration('When the policy changes.'), closure: z.enum(['none', 'discharge']).meta({ description: 'The new closure policy: none or discharge.' }), ...provenance }))
    .default([])
    .meta({ description: 'Policy switches, ascending in time.' }),
  ...provenance,
});

const initialGroup = z.strictObject({ count: num('Number of clients open in this state at the start, e.g. 40.'), ...provenance });

const record = <T extends z.ZodType>(value: T, description: string) => z.record(nameKey, value).default({}).meta({ description });

/** The scenario file format (YAML or JSON). */
export const scenarioFileSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Name of the scenario, e.g. Liverpool Waves of Hope.' }),
    description: z.string().default('').meta({ description: 'What the scenario is for.' }),
    extends: z.string().optional().meta({ description: 'Relative path of a scenario file to start from; this file is laid over it.' }),
    sources: z.record(z.string(), z.string()).default({}).meta({ description: 'Citation keys used in source notes, e.g. "000": "Ipsos MORI 2016".' }),
    horizon: duration('Time simulated.').default('10 years'),
    period: duration('Reporting period.').default('1 month'),
    referrals: record(referral, 'Referral streams as a map from name to stream, e.g. main: { rate: "340 per year" }.'),
    cohorts: z.array(cohort).default([]).meta({ description: 'One-off groups arriving together, a list such as [{ at: "2 years", count: 30 }].' }),
    initial: record(initialGroup, 'Clients already open at the start, as a map from state to count, e.g. iss: { count: 40 }.'),
    attributes: attributes.default({ needs: {} }).meta({ description: 'Person attributes: needs and complexity.' }),
    screening: screening.default({ eligible: { p: 1 }, assessment: { duration: '0 days' }, starts: { p: 1 } }).meta({ description: 'The front door: eligibility, assessment, starts and entry state.' }),
    services: record(service, 'Services as a map from name to capacity, e.g. iss: { staff: { fte: 14, caseloadPerWorker: 7 } }.'),
    states: record(state, 'Pathway states as a map from name to state, e.g. iss: { tier: intensive, exits: [...] }.'),
    policy: policy.default({ closure: 'none', returnersFirst: true, changes: [] }).meta({ description: 'Closure policy.' }),
    economics: economicsFileSchema.optional(),
    ...provenance,
  })
  .meta({ title: 'casecast scenario', description: 'A casecast scenario: referrals, screening, services, pathway states and closure policy.' });

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** Schemas of one entry of each named top-level section: entries are validated one by one, so one bad entry does not hide checks on the rest. */
export const sectionEntrySchemas: Record<string, z.ZodType> = { referrals: referral, initial: initialGroup, services: service, states: state };

/** JSON Schema (draft 2020-12) of the scenario file, for editors and `casecast schema`. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioFileSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Conversion to the model's Scenario

type P = PathSegment[];
type SurfaceDist = z.output<typeof durationDistribution> | z.output<typeof numberDistribution>;

/** Years from a duration that already passed the schema's pattern. */
const years = (s: string): number => (parseDuration(s) as { value: number }).value;
const perYear = (s: string): number => (parseRate(s) as { value: number }).value;

/** Converts a distribution to years (durations) and validates its parameters with `fromSpec`. */
function toDist(d: string | SurfaceDist, kind: Kind, path: P, out: Finding[]): Dist | undefined {
  if (typeof d === 'string') return { type: 'fixed', value: years(d) };
  const conv = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(conv) : typeof v === 'string' ? (kind === 'duration' ? years(v) : v) : v;
  const spec: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) spec[k] = k === 'type' ? v : k === 'rate' && typeof v === 'string' ? perYear(v) : conv(v);
  try {
    fromSpec(spec as DistributionSpec);
    return spec as Dist;
  } catch (e) {
    if (!(e instanceof DistributionError)) throw e;
    // "lognormal: sd must be > 0, got -0.32" → point at sd and quote what was written.
    const m = /^(\w+): (\w+)(?:\[(\d+)\])? must be (.*), got (.*)$/.exec(e.message);
    const either = /give either (\w+) or (\w+), not (both|neither)/.exec(e.message);
    if (either) {
      const [, a, b, which] = either;
      out.push({
        path,
        message: `expected either ${a} or ${b} for a ${d.type} distribution, found ${which}`,
        expected: `${a} or ${b}`,
        found: which,
        hint: which === 'both' ? `keep only one of ${a} and ${b}` : `add ${a} (or ${b}) to the distribution`,
      });
      return undefined;
    }
    if (!m) {
      out.push({ path, message: e.message, hint: 'check the distribution parameters against docs/scenario-format.md' });
      return undefined;
    }
    const [, , param, index, expected] = m;
    const written = (d as Record<string, unknown>)[param];
    if (written === undefined) {
      out.push({ path: [...path, param], at: 'parent', message: `missing required field "${param}" for a ${d.type} distribution`, expected: param, found: 'nothing', hint: `add ${param} to the distribution` });
      return undefined;
    }
    const found = showFound(index === undefined ? written : (written as unknown[])[Number(index)]);
    out.push({
      path: [...path, param, ...(index === undefined ? [] : [Number(index)])],
      message: `expected ${d.type} ${param} ${expected}, found ${found}`,
      expected: `${param} ${expected}`,
      found,
      // Bounds such as "> 0" read the same in any unit; others (">= min (0.5)") are in years.
      hint: `change ${param} to a value ${expected}${kind === 'duration' && /[1-9]/.test(expected) ? ' (in years)' : ''}`,
    });
    return undefined;
  }
}

function toModifiers(m: Record<string, number | undefined> | undefined): Modifiers {
  const out: Modifiers = { needs: {}, complexity: 0 };
  for (const [k, v] of Object.entries(m ?? {})) {
    if (v === undefined) continue;
    if (k === 'complexity') out.complexity = v;
    else out.needs[k as Need] = v;
  }
  return out;
}

function prov(x: { source?: string; assumption?: string }): { source?: string; assumption?: string } {
  return { ...(x.source !== undefined && { source: x.source }), ...(x.assumption !== undefined && { assumption: x.assumption }) };
}

function toBranch(b: z.output<typeof branch>): Branch {
  return { ...(b.to !== undefined && { to: b.to }), reason: b.reason ?? b.to ?? 'left', p: b.p, modifiers: toModifiers(b.modifiers), ...prov(b) };
}

function toReferral(n: string, r: z.output<typeof referral>): ReferralStream {
  return { name: n, rate: { rate: perYear(r.rate), changes: r.changes.map((c) => ({ at: years(c.at), rate: perYear(c.rate) })) }, rampUp: years(r.rampUp), ...prov(r) };
}

function toService(n: string, s: z.output<typeof service>, path: P, out: Finding[]): Service | undefined {
  const kinds = ['staff', 'beds', 'places', 'unlimited'] as const;
  const given = kinds.filter((k) => s[k] !== undefined);
  if (given.length !== 1) {
    out.push({
      path: given.length === 0 ? path : [...path, given[1]],
      at: given.length === 0 ? 'key' : 'key',
      message: given.length === 0 ? 'no capacity given: expected one of staff, beds, places or unlimited' : `expected one of staff, beds, places or unlimited, found both ${given[0]} and ${given[1]}`,
      expected: 'exactly one of staff, beds, places or unlimited',
      found: given.length === 0 ? 'none' : given.join(' and '),
      hint: given.length === 0 ? 'add e.g. staff: { fte: 14, caseloadPerWorker: 7 }, beds: 9 or unlimited: true' : `keep ${given[0]} or ${given[1]}; a service has one kind of capacity (use two services for a team and its beds)`,
    });
    return undefined;
  }
  let staff = s.staff && { ...s.staff };
  const capacityOf = (c: { beds?: number; places?: number; unlimited?: true }): number =>
    staff ? staff.fte * staff.caseloadPerWorker : c.unlimited ? Infinity : (c.beds ?? c.places ?? 0);
  const capacity = capacityOf(s);
  const changes: Service['changes'] = [];
  let ok = true;
  s.changes.forEach((c, i) => {
    const cg = kinds.filter((k) => c[k] !== undefined);
    if (cg.length !== 1) {
      out.push({
        path: cg.length === 0 ? [...path, 'changes', i] : [...path, 'changes', i, cg[1]],
        at: 'key',
        message: cg.length === 0 ? 'this change gives no capacity: expected one of staff, beds, places or unlimited' : `expected one of staff, beds, places or unlimited, found both ${cg[0]} and ${cg[1]}`,
        expected: 'exactly one of staff, beds, places or unlimited',
        found: cg.length === 0 ? 'none' : cg.join(' and '),
        hint: cg.length === 0 ? 'add the new capacity, e.g. staff: { fte: 7 } or beds: 6' : 'give the new capacity one way only',
      });
      ok = false;
      return;
    }
    if (c.staff) {
      const fte = c.staff.fte ?? staff?.fte;
      const cpw = c.staff.caseloadPerWorker ?? staff?.caseloadPerWorker;
      if (fte === undefined || cpw === undefined) {
        const missing = fte === undefined ? 'fte' : 'caseloadPerWorker';
        out.push({
          path: [...path, 'changes', i, 'staff'],
          at: 'key',
          message: `missing staff.${missing}: the service had no staff before this change, so there is no value to keep`,
          expected: 'both fte and caseloadPerWorker',
          found: 'only one',
          hint: `give staff: { fte: ..., caseloadPerWorker: ... } in full`,
        });
        ok = false;
        return;
      }
      staff = { fte, caseloadPerWorker: cpw };
    } else staff = undefined;
    changes.push({ at: years(c.at), capacity: capacityOf(c) });
  });
  if (!ok) return undefined;
  const patience = s.patience === undefined ? undefined : toDist(s.patience, 'duration', [...path, 'patience'], out);
  if (s.patience !== undefined && patience === undefined) return undefined;
  return {
    name: n,
    capacity,
    changes,
    discipline: s.discipline,
    ...(patience && { patience }),
    ...(s.staff && { staff: { fte: s.staff.fte, caseloadPerWorker: s.staff.caseloadPerWorker } }),
    ...prov(s),
  };
}

function toExit(e: z.output<typeof exit>): Exit {
  const rate = typeof e.rate === 'string' ? [{ rate: perYear(e.rate), until: Infinity }] : e.rate.map((p) => ({ rate: perYear(p.rate), until: p.until === undefined ? Infinity : years(p.until) }));
  return { ...(e.to !== undefined && { to: e.to }), reason: e.reason ?? e.to ?? 'left', rate, modifiers: toModifiers(e.modifiers), ...prov(e) };
}

function toState(n: string, s: z.output<typeof state>, path: P, out: Finding[]): State | undefined {
  let duration: State['duration'];
  if (s.duration !== undefined) {
    const d = typeof s.duration === 'string' ? { distribution: s.duration } : s.duration;
    const dist = toDist(d.distribution, 'duration', typeof s.duration === 'string' ? [...path, 'duration'] : [...path, 'duration', 'distribution'], out);
    if (!dist) return undefined;
    duration = { distribution: dist, modifiers: toModifiers(typeof d === 'object' && 'modifiers' in d ? d.modifiers : undefined), ...(typeof s.duration === 'object' && prov(s.duration)) };
  }
  return {
    name: n,
    tier: s.tier,
    ...(s.service !== undefined && { service: s.service }),
    weight: s.weight,
    exits: s.exits.map(toExit),
    ...(duration && { duration }),
    next: s.next.map(toBranch),
    ...prov(s),
  };
}

/**
 * Converts the sections of a validated file that are present (sections that failed validation
 * are left out by the caller) into the corresponding parts of a `Scenario`. Problems that only
 * show once values are read together (capacity given twice, bad distribution parameters) go to `out`.
 */
export function toScenario(f: Partial<ScenarioFile>, out: Finding[]): Partial<Scenario> {
  const s: Partial<Scenario> = {};
  if (f.name !== undefined) s.name = f.name;
  if (f.description !== undefined) s.description = f.description;
  Object.assign(s, prov(f));
  if (f.sources) s.sources = f.sources;
  if (f.horizon !== undefined) s.horizon = years(f.horizon);
  if (f.period !== undefined) s.period = years(f.period);
  if (f.referrals) s.referrals = Object.entries(f.referrals).map(([n, r]) => toReferral(n, r));
  if (f.cohorts) s.cohorts = f.cohorts.map((c): Cohort => ({ at: years(c.at), count: c.count, ...(c.state !== undefined && { state: c.state }), ...prov(c) }));
  if (f.initial) s.initial = Object.entries(f.initial).map(([st, g]): InitialGroup => ({ state: st, count: g.count, ...prov(g) }));
  if (f.attributes) {
    const c = f.attributes.complexity;
    const dist = c ? toDist(c.distribution, 'number', ['attributes', 'complexity', 'distribution'], out) : { type: 'fixed' as const, value: 0 };
    if (dist) {
      const needSpecs: Scenario['attributes']['needs'] = {};
      for (const [k, v] of Object.entries(f.attributes.needs)) if (v) needSpecs[k as Need] = { prevalence: v.prevalence, ...prov(v) };
      s.attributes = { needs: needSpecs, complexity: { distribution: dist, reference: c?.reference ?? fromSpec(dist).mean, ...(c && prov(c)) } };
    }
  }
  if (f.screening) {
    const sc = f.screening;
    const assessment = toDist(sc.assessment.duration, 'duration', ['screening', 'assessment', 'duration'], out);
    const entry: Branch[] =
      sc.entry === undefined ? [] : typeof sc.entry === 'string' ? [{ to: sc.entry, reason: sc.entry, p: 1, modifiers: toModifiers(undefined) }] : sc.entry.map(toBranch);
    if (assessment) {
      s.screening = {
        eligible: { p: sc.eligible.p, ...prov(sc.eligible) },
        assessment: { duration: assessment, ...prov(sc.assessment) },
        starts: { p: sc.starts.p, ...prov(sc.starts) },
        entry,
      } satisfies Screening;
    }
  }
  if (f.services) s.services = Object.entries(f.services).flatMap(([n, v]) => toService(n, v, ['services', n], out) ?? []);
  if (f.states) s.states = Object.entries(f.states).flatMap(([n, v]) => toState(n, v, ['states', n], out) ?? []);
  if (f.policy) {
    const p = f.policy;
    s.policy = { closure: p.closure, returnersFirst: p.returnersFirst, changes: p.changes.map((c) => ({ at: years(c.at), closure: c.closure })), ...prov(p) } satisfies Policy;
  }
  if (f.economics) s.economics = toEconomics(f.economics);
  return s;
}
