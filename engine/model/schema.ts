/**
 * The scenario *file* format as a zod schema: surface syntax with units as text, maps keyed
 * by name and shorthands. Every field is documented (the descriptions become JSON Schema for
 * editors and the "fix:" hints in problems). `toScenario` converts a validated file into the
 * model's `Scenario`: units to years, shorthands expanded, defaults filled.
 */
import { z } from 'zod';
import { DistributionError, fromSpec, type DistributionSpec } from '../des/distributions.ts';
import { encodeDetail, type Finding, type PathSegment } from './problems.ts';
import { nameKey as chosenName } from './names.ts';
import type { Attributes, Branch, Cohort, Contact, CountMeasure, CountOf, Dist, EligibilityRule, Exit, InitialGroup, Measure, Modifiers, Need, Policy, RatePieces, ReferralStream, Scenario, Schedule, Screening, Service, Staffing, State, Target, Window } from './scenario.ts';
import { needs } from './scenario.ts';
import { economicsFileSchema, toEconomics } from '../economics/schema.ts';
import { uncertaintySchema } from '../uncertainty/schema.ts';
import { durationPattern, parseDuration, parseRate, ratePattern, showFound, type UnitResult } from './units.ts';

// ---------------------------------------------------------------------------
// Building blocks

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

/** A calendar date, YYYY-MM-DD. */
export const datePattern = String.raw`^\d{4}-\d{2}-\d{2}$`;
const isDate = (x: unknown): x is string => typeof x === 'string' && new RegExp(datePattern).test(x);
/** A time: a duration from the start, or a date (the scenario's `start` says what date time 0 is). */
const parseWhen = (x: unknown): UnitResult => (isDate(x) ? { ok: true, value: 0 } : parseDuration(x));
const whenText = z
  .string({ error: unitError(parseWhen) })
  .regex(new RegExp(`^(?:${durationPattern.slice(1, -1)}|${datePattern.slice(1, -1)})$`), { error: unitError(parseWhen) });
const when = (description: string) =>
  whenText.meta({ description: `${description} A time from the start, e.g. "11 months", or a date, e.g. "2015-08-01" (with start: given).` });

const duration = (description: string) => durationText.meta({ description: `${description} A duration with a unit: "196 days", "6 weeks", "6 months", "1 quarter", "2 years".` });
const rate = (description: string) => rateText.meta({ description: `${description} A rate: "160 per year", "0.04 per month", "3 per week", "1 per day".` });
const num = (description: string) => z.number().meta({ description });
const probability = (description: string) => num(`${description} A probability from 0 to 1.`);
const name = (description: string) => z.string().meta({ description });
const nameKey = chosenName('A name: starts with a letter, then letters, digits, "-" or "_", e.g. iss or drop-in (not a built-in name of objects such as constructor).');

const record = <T extends z.ZodType>(value: T, description: string) => z.record(nameKey, value).default({}).meta({ description });

/** A map of named entries (exits, branches, phases). A list, the format before names, gets a message that shows the new form. */
const keyed = <T extends z.ZodType>(value: T, what: string, example: string, description: string) =>
  z
    .record(nameKey, value, {
      error: (issue: { input?: unknown }) =>
        Array.isArray(issue.input)
          ? encodeDetail({
              message: `expected ${what} as a map keyed by name, found a list`,
              expected: `a map such as ${example}`,
              found: 'a list',
              hint: `give each entry a name instead of "- ", e.g. ${example}; names let extends, like: and --set change one entry`,
            })
          : undefined,
    })
    .default({})
    .meta({ description: `${description} A map keyed by name, e.g. ${example}.` });

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

/** Dated changes of a probability: from `at` on, the probability is `p`. */
const pChanges = (what: string) =>
  z
    .array(z.strictObject({ at: when('When the probability changes.'), p: probability(`The new ${what}.`), ...provenance }))
    .default([])
    .meta({ description: `Dated changes of the ${what}, ascending in time.` });

const need = z
  .strictObject({ prevalence: probability('Share of people with this need, e.g. 0.75.'), ...provenance })
  .meta({ description: 'A need flag: its prevalence and where the figure comes from.' });

const attributeFields = {
  needs: z
    .strictObject(Object.fromEntries(needs.map((n) => [n, need.optional()])) as Record<Need, z.ZodOptional<typeof need>>)
    .default({})
    .meta({ description: `Need flags drawn for each person at referral, each with a prevalence: ${needs.join(', ')}.` }),
  complexity: z
    .strictObject({
      distribution: numberDistribution,
      reference: num('Score at which complexity modifiers are neutral; defaults to the mean of the distribution.').optional(),
      ...provenance,
    })
    .optional()
    .meta({ description: 'Complexity score (e.g. the NDT chaos index, 0-48), drawn at referral; without it every person has score 0 and complexity modifiers have no effect.' }),
};
const attributes = z.strictObject(attributeFields);

const referral = z.strictObject({
  rate: rate('Referrals arriving (a Poisson stream), e.g. "340 per year".'),
  rampUp: duration('Optional linear ramp from 0 to the full rate over this time.').default('0 days'),
  changes: z
    .array(z.strictObject({ at: when('When the rate changes.'), rate: rate('The new referral rate.'), ...provenance }))
    .default([])
    .meta({ description: 'Step changes in the rate, ascending in time.' }),
  eligible: z
    .strictObject({ p: probability('Share of this source\'s referrals that are accepted, among those meeting the screening rule.'), changes: pChanges('eligible share'), ...provenance })
    .optional()
    .meta({ description: 'This source\'s eligible share, in place of screening.eligible.p (e.g. 0.4 for a source that refers many people outside the criteria).' }),
  attributes: z
    .strictObject({ needs: attributeFields.needs.optional(), complexity: attributeFields.complexity })
    .optional()
    .meta({ description: 'This source\'s needs and complexity, where they differ from the scenario\'s attributes (needs not listed keep the scenario\'s prevalence).' }),
  whenWaiting: z
    .strictObject({
      service: name('The service whose waiting list referrers watch, e.g. iss.'),
      atLeast: num('While at least this many people are waiting, e.g. 10.'),
      factor: num('The rate is multiplied by this, e.g. 0.5 (0 stops referrals).'),
      ...provenance,
    })
    .optional()
    .meta({ description: 'Referrers stop referring when there is a waiting list: while the service\'s list is at least atLeast long, the rate is multiplied by factor.' }),
  ...provenance,
});

const cohort = z.strictObject({
  at: when('When the group arrives.'),
  count: num('How many people arrive together, a whole number, e.g. 30.'),
  state: name('Optional state they enter directly; without it they are referred and screened.').optional(),
  ...provenance,
});

const branch = z.strictObject({
  to: name('State taken; leave it out to leave the caseload.').optional(),
  reason: z.string().optional().meta({ description: 'Why people move, as results name it; defaults to the branch\'s name.' }),
  p: probability('Probability of this branch; the branches sum to 1.'),
  changes: pChanges('branch probability'),
  modifiers: modifiers.optional(),
  ...provenance,
});
const branches = (description: string) => keyed(branch, 'branches', '{ released: { to: iss, p: 0.8 }, lost-contact: { to: dormant, p: 0.2 } }', description);

const rule = z
  .strictObject({
    needs: z
      .strictObject({
        atLeast: num('How many of the listed needs a person must have, e.g. 3.'),
        of: z.array(z.enum(needs as [Need, ...Need[]]).meta({ description: `A need the rule counts: one of ${needs.join(', ')}.` })).meta({ description: `The needs that count: ${needs.join(', ')}.` }),
        ...provenance,
      })
      .optional()
      .meta({ description: 'At least this many of these needs, e.g. { atLeast: 3, of: [homelessness, mentalHealth, substanceMisuse, offending] }.' }),
    complexity: z
      .strictObject({
        atLeast: num('The lowest complexity score accepted, e.g. 26.'),
        changes: z
          .array(z.strictObject({ at: when('When the threshold changes.'), atLeast: num('The new threshold.'), ...provenance }))
          .default([])
          .meta({ description: 'Dated changes of the threshold, ascending in time.' }),
        ...provenance,
      })
      .optional()
      .meta({ description: 'A complexity score at or above a threshold, which may change at dates.' }),
    ...provenance,
  })
  .meta({ description: 'Who is eligible by their needs and complexity (drawn at referral); people who meet it are then accepted with probability p.' });

const screening = z.strictObject({
  eligible: z
    .strictObject({ p: probability('Share of referrals that are eligible (of those meeting the rule, if there is one), e.g. 0.68.').default(1), changes: pChanges('eligible share'), rule: rule.optional(), ...provenance })
    .default({ p: 1, changes: [] })
    .meta({ description: 'Eligibility: a rule on needs and complexity, and a share p accepted; ineligible referrals are redirected elsewhere and leave (default: everyone is eligible).' }),
  assessment: z
    .strictObject({ duration: durationOrDistribution('Time from referral to the screening decision.'), ...provenance })
    .default({ duration: '0 days' })
    .meta({ description: 'Assessment: time from referral to the screening decision (default: immediate).' }),
  starts: z
    .strictObject({ p: probability('Share of eligible people who start support, e.g. 0.65.'), changes: pChanges('share who start'), ...provenance })
    .default({ p: 1, changes: [] })
    .meta({ description: 'Starts: eligible people who never start leak away (default: everyone starts).' }),
  entry: z
    .union([name('The state everyone enters, e.g. iss.'), branches('Entry branches.')])
    .optional()
    .meta({ description: 'Entry state, e.g. iss, or named branches such as { case-worker: { to: iss, p: 0.9 }, bed: { to: abs, p: 0.1 } }.' }),
  cap: z
    .strictObject({
      count: num('Most eligible referrals accepted in each window, a whole number, e.g. 15.'),
      per: duration('The window, counted from the start.'),
      until: when('Optional: the cap ends here.').optional(),
      ...provenance,
    })
    .optional()
    .meta({ description: 'A cap by period: at most count eligible referrals are accepted in each window of length per; the rest are turned away.' }),
});

const staffFields = {
  fte: num('Full-time-equivalent workers in the team, e.g. 14.'),
  caseloadPerWorker: num('Caseload per worker is the number of weighted clients one full-time worker holds, e.g. 7.'),
};
const staffTeam = z.strictObject({
  fte: staffFields.fte.optional(),
  caseloadPerWorker: staffFields.caseloadPerWorker.optional(),
  throughput: rate('Cases one full-time worker finishes, e.g. "12 per week"; places are fte × throughput × the mean duration of the state that uses the service.').optional(),
  posts: z
    .record(
      nameKey,
      z.strictObject({
        fte: num('FTE of this group of posts, e.g. 4.'),
        from: when('Optional: when the posts start.').optional(),
        until: when('Optional: when the posts end (funding ends).').optional(),
        ...provenance,
      }),
    )
    .optional()
    .meta({ description: 'Groups of posts with their own start and end dates, added to fte, e.g. { grant-funded: { fte: 4, until: "2019-08-31" } }.' }),
  postSize: num('FTE a post holds, for turnover and absence (default 1; 0.5 for part-timers).').optional(),
  turnover: z
    .strictObject({ rate: rate('How often a filled post is left, e.g. "0.25 per year".'), recruitment: durationOrDistribution('How long a vacancy takes to fill.'), ...provenance })
    .optional()
    .meta({ description: 'Staff turnover: each filled post is left at rate, then stays vacant for a recruitment delay.' }),
  absence: z
    .strictObject({ rate: rate('Spells of absence a filled post has, e.g. "2 per year".'), duration: durationOrDistribution('How long a spell lasts.'), ...provenance })
    .optional()
    .meta({ description: 'Absence without cover: each filled post loses its places for every spell.' }),
  budget: z
    .strictObject({
      perYear: num('Money a year for the team\'s pay, in pounds, e.g. 150000.'),
      until: when('Optional: the money ends here; no posts after it.').optional(),
      changes: z
        .array(z.strictObject({ at: when('When the budget changes.'), perYear: num('The new budget a year.'), ...provenance }))
        .default([])
        .meta({ description: 'Dated changes of the budget, ascending in time.' }),
      ...provenance,
    })
    .optional()
    .meta({ description: 'The establishment the money pays for, in place of fte: whole posts at the salary and on-costs of economics.programme.staff.<service>.' }),
  ...provenance,
});
const capacityFields = {
  beds: num('Number of beds, e.g. 9.').optional(),
  places: num('Number of weighted places, e.g. 40.').optional(),
  unlimited: z.literal(true).optional().meta({ description: 'Write unlimited: true for a service with no capacity limit.' }),
};

const service = z.strictObject({
  opens: when('Optional: when the service opens; until then it has no places, and people wait.').optional(),
  staff: staffTeam.optional().meta({ description: 'A staff team: places are fte × caseloadPerWorker (or from throughput), with optional posts, turnover, absence and budget.' }),
  contactLimit: rate('Contacts (visits, calls) the service can take, e.g. "41 per week", pro rata in each period; more are unmet.').optional(),
  ...capacityFields,
  discipline: z.enum(['fifo', 'priority']).default('fifo').meta({ description: 'Waiting-list order: fifo, or priority (returners first).' }),
  patience: durationOrDistribution('Optional: how long people wait before leaving the list.').optional(),
  changes: z
    .array(
      z.strictObject({
        at: when('When capacity changes.'),
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

const pieces = (description: string) =>
  z
    .union([rateText, z.array(ratePiece)])
    .meta({ description: `${description} A rate, e.g. "0.04 per month", or pieces in time since entry: [{ until: "6 months", rate: "0.03 per month" }, { rate: "0.01 per month" }].` });

const exit = z.strictObject({
  to: name('State moved to; leave it out for exits that leave the caseload for good (death, moving away).').optional(),
  reason: z.string().optional().meta({ description: 'Why people leave, as results name it; defaults to the exit\'s name.' }),
  rate: pieces('Hazard.'),
  changes: z
    .array(z.strictObject({ at: when('When the hazard changes.'), rate: pieces('The new hazard.'), ...provenance }))
    .default([])
    .meta({ description: 'Dated changes of the hazard, ascending in time, e.g. [{ at: "2015-08-01", rate: "0.02 per month" }].' }),
  modifiers: modifiers.optional(),
  ...provenance,
});

const contact = z.strictObject({
  rate: pieces('Contacts per person.'),
  service: name('Optional: the service whose contactLimit the contacts count toward.').optional(),
  onward: probability('Share of contacts that lead to an onward referral.').default(0),
  modifiers: modifiers.optional(),
  ...provenance,
});

const phase = z
  .strictObject({ until: duration('End of the phase, in time since entering the state; leave it out on the last phase.').optional(), ...provenance })
  .meta({ description: 'A phase of the stay by time in state, e.g. engaging: { until: "12 months" }.' });

const stateDuration = z.union([
  durationText.meta({ description: 'A fixed sojourn, e.g. "2 weeks".' }),
  z.strictObject({ distribution: durationOrDistribution('Sojourn time in the state.'), modifiers: modifiers.optional(), ...provenance }),
]);

const state = z.strictObject({
  like: name('Copy another state: its fields, exits, next and phases; the entries given here override it by name, and a null removes one.').optional(),
  tier: z.enum(['intensive', 'custody', 'drop-in', 'dormant', 'front-door']).meta({ description: 'Support tier: intensive, custody, drop-in, dormant, or front-door (a stage before support starts).' }),
  service: name('Service whose capacity this state uses, e.g. iss; leave it out for no capacity limit.').optional(),
  weight: num('Share of a place this state takes: 1 for intensive, e.g. 0.2 for drop-in.').default(1),
  opens: when('Optional: when the state opens; before then no exit or branch leads into it.').optional(),
  exits: keyed(exit, 'exits', '{ move-on: { to: dropin, rate: "0.04 per month" }, died: { rate: "0.002 per month" } }', 'Competing exits, each with a hazard rate.'),
  duration: stateDuration
    .optional()
    .meta({ description: 'Optional sojourn that competes with the exits: "2 weeks" or { distribution: ..., modifiers: ... }; needs `next`.' }),
  next: branches('Branches taken when `duration` ends; p sums to 1.'),
  phases: keyed(phase, 'phases', '{ engaging: { until: "12 months" }, established: {} }', 'Phases of the stay by time in state, in order, for service use and costs that change with time (economics.use and programme.perPersonYear can name a phase).'),
  allocatedEvery: duration('Optional: allocation in batches; the duration ends at the next meeting, held every this often, e.g. "1 week".').optional(),
  contacts: keyed(contact, 'contacts', '{ visits: { rate: "1.2 per week", service: hub, onward: 0.25 } }', 'Contacts a person in this state makes (visits, calls, referrals to other services), each kind a Poisson stream.'),
  ...provenance,
});

const policy = z.strictObject({
  closure: z.enum(['none', 'discharge']).default('none').meta({ description: 'none (no closed cases: lighter tiers stay open) or discharge.' }),
  returnersFirst: z.boolean().default(true).meta({ description: 'Whether re-escalations queue ahead of new referrals (true or false).' }),
  changes: z
    .array(z.strictObject({ at: when('When the policy changes.'), closure: z.enum(['none', 'discharge']).meta({ description: 'The new closure policy: none or discharge.' }), ...provenance }))
    .default([])
    .meta({ description: 'Policy switches, ascending in time.' }),
  books: z
    .strictObject({
      closeAbove: num('The books close when the weighted open caseload reaches this, e.g. 100.'),
      reopenBelow: num('They reopen when it falls below this, e.g. 90.'),
      service: name('Optional: measure this service\'s weighted load instead.').optional(),
      ...provenance,
    })
    .optional()
    .meta({ description: 'Closing the books as a rule: referrals are turned away while the books are closed.' }),
  ...provenance,
});

const initialGroup = z.strictObject({ count: num('Number of clients open in this state at the start, e.g. 40.'), ...provenance });

const names = (description: string) => z.union([name(description), z.array(name(description))]).meta({ description: `${description} A name or a list of names.` });
const countOf = z.enum(['referrals', 'eligible', 'starts', 'spells', 'moves', 'exits', 'contacts', 'onward', 'turnedAway']).meta({
  description: 'What to count: referrals, eligible (referrals found eligible), starts, spells (spells of intensive support that ended, the closed cases of an evaluation), moves (between states), exits (leaving the caseload), contacts made, onward referrals from contacts, or turnedAway (referrals turned away by closed books or a cap).',
});
const window = z
  .tuple([whenText, whenText])
  .meta({ description: 'A window of time, from and to (exclusive), as times from the start or dates, e.g. ["2014-09-01", "2016-01-01"]; rounded to period ends.' });
const countFilters = {
  referredBy: name('Only this referral source (referrals, eligible, starts), e.g. self-referral.').optional(),
  reason: z.string().optional().meta({ description: 'Only this reason (spells, moves, exits), e.g. move-on.' }),
  from: names('Only moves from these states (moves).').optional(),
  to: names('Only moves to these states; "" for out of the caseload (moves).').optional(),
  contact: name('Only this kind of contact (contacts, onward), e.g. visits.').optional(),
};
const shareCount = z.strictObject({ count: countOf, ...countFilters }).meta({ description: 'A count, e.g. { count: eligible }.' });

const target = z
  .strictObject({
    observed: num('The value the report observed, e.g. 200.'),
    sd: num('Its standard error, in the same unit; for a count it defaults to Poisson, the square root of the count.').optional(),
    range: z.tuple([z.number(), z.number()]).optional().meta({ description: 'A 95% range for the observed value, [low, high], in place of sd.' }),
    count: countOf.optional(),
    ...countFilters,
    open: names('Open cases in these states (or tiers: intensive, custody, drop-in, dormant) at `at`.').optional(),
    waiting: name('People waiting for this service at `at`.').optional(),
    meanDays: z.string().optional().meta({ description: 'Mean days in intensive support before an exit for this reason, among those who exited in the window (right-censored as a report table is).' }),
    users: names('Distinct people in any of these states at some time in the window.').optional(),
    share: z.strictObject({ of: shareCount, are: shareCount }).optional().meta({ description: 'One count as a share of another over the window, e.g. { of: { count: referrals }, are: { count: eligible } }.' }),
    between: window.optional(),
    at: when('The time of a stock (open, waiting).').optional(),
    note: z.string().optional().meta({ description: 'Why the scenario\'s structure may not reach this figure, if it cannot.' }),
    ...provenance,
  })
  .meta({ description: 'A figure the report observed and how to measure it in the simulation: one of count, open, waiting, meanDays, users or share, with between (a window) or at (a time).' });

/** The scenario file format (YAML or JSON). */
export const scenarioFileSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Name of the scenario, e.g. Liverpool Waves of Hope.' }),
    description: z.string().default('').meta({ description: 'What the scenario is for.' }),
    start: z
      .string()
      .regex(new RegExp(datePattern))
      .optional()
      .meta({ description: 'Calendar date of time 0, YYYY-MM-DD, e.g. "2014-09-01"; lets changes be dated ("2015-08-01") and results be read by date.' }),
    extends: z.string().optional().meta({ description: 'Relative path of a scenario file to start from; this file is laid over it.' }),
    sources: z.record(z.string(), z.string()).default({}).meta({ description: 'Citation keys used in source notes, e.g. "000": "Ipsos MORI 2016".' }),
    horizon: duration('Time simulated.').default('10 years'),
    period: duration('Reporting period.').default('1 month'),
    referrals: record(referral, 'Referral streams as a map from name to stream, e.g. main: { rate: "340 per year" }.'),
    cohorts: z.array(cohort).default([]).meta({ description: 'One-off groups arriving together, a list such as [{ at: "2 years", count: 30 }].' }),
    initial: record(initialGroup, 'Clients already open at the start, as a map from state to count, e.g. iss: { count: 40 }.'),
    attributes: attributes.default({ needs: {} }).meta({ description: 'Person attributes, drawn at referral: needs and complexity.' }),
    screening: screening.default({ eligible: { p: 1, changes: [] }, assessment: { duration: '0 days' }, starts: { p: 1, changes: [] } }).meta({ description: 'The front door: eligibility, assessment, starts and entry state.' }),
    services: record(service, 'Services as a map from name to capacity, e.g. iss: { staff: { fte: 14, caseloadPerWorker: 7 } }.'),
    states: record(state, 'Pathway states as a map from name to state, e.g. iss: { tier: intensive, exits: { move-on: {...} } }.'),
    policy: policy.default({ closure: 'none', returnersFirst: true, changes: [] }).meta({ description: 'Closure policy.' }),
    economics: economicsFileSchema.optional(),
    uncertainty: uncertaintySchema.optional(),
    targets: record(target, 'What the evaluation observed, by name, for casecast check and casecast calibrate, e.g. started: { observed: 200, count: starts, between: ["2014-09-01", "2016-01-01"] }.'),
    ...provenance,
  })
  .meta({ title: 'casecast scenario', description: 'A casecast scenario: referrals, screening, services, pathway states and closure policy.' });

export type ScenarioFile = z.output<typeof scenarioFileSchema>;
/** Schemas of one entry of each named top-level section: entries are validated one by one, so one bad entry does not hide checks on the rest. */
export const sectionEntrySchemas: Record<string, z.ZodType> = { referrals: referral, initial: initialGroup, services: service, states: state, targets: target };

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

/** Reads a time written as a duration from the start or as a date; a date needs the scenario's `start`. */
type TimeOf = (text: string, path: P) => number;

/** Days since 1970 of a real calendar date YYYY-MM-DD, or undefined. */
function dateDays(text: string): number | undefined {
  const [y, m, d] = text.split('-').map(Number);
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? t / 86_400_000 : undefined;
}

/** A date is converted at 365.25 days a year, as durations are. Problems go to `out`, and the time read is NaN. */
function timeReader(start: string | undefined, out: Finding[]): TimeOf {
  return (text, path) => {
    if (!isDate(text)) return years(text);
    const days = dateDays(text);
    const found = JSON.stringify(text);
    if (days === undefined) {
      out.push({ path, message: `expected a calendar date YYYY-MM-DD, found ${found}, which is not a day of the calendar`, expected: 'a real date, e.g. "2015-08-01"', found, hint: 'check the month (01-12) and the day of the month' });
      return NaN;
    }
    const origin = start === undefined ? undefined : dateDays(start);
    if (origin === undefined) {
      out.push({ path, message: `the date ${found} needs the scenario's start date, and there is ${start === undefined ? 'no start' : `no valid start (${JSON.stringify(start)})`}`, expected: 'start: the date of time 0', found: start === undefined ? 'no start' : JSON.stringify(start), hint: 'add start: "2014-09-01" (the date of time 0) at the top of the file, or write the time from the start, e.g. "11 months"' });
      return NaN;
    }
    if (days < origin) {
      out.push({ path, message: `expected a date on or after the start date ${start}, found ${found}`, expected: `a date from ${start} on`, found, hint: `move the change to ${start} or later, or correct start:` });
      return NaN;
    }
    return (days - origin) / 365.25;
  };
}

function schedule(p: number, changes: { at: string; p: number }[], time: TimeOf, path: P): Schedule {
  return { value: p, changes: changes.map((c, i) => ({ at: time(c.at, [...path, 'changes', i, 'at']), value: c.p })) };
}

function toBranch(n: string, b: z.output<typeof branch>, time: TimeOf, path: P): Branch {
  return { name: n, ...(b.to !== undefined && { to: b.to }), reason: b.reason ?? n, p: schedule(b.p, b.changes, time, path), modifiers: toModifiers(b.modifiers), ...prov(b) };
}

function toAttributes(a: { needs?: z.output<typeof attributes>['needs']; complexity?: z.output<typeof attributes>['complexity'] }, inherit: Attributes | undefined, path: P, out: Finding[]): Attributes | undefined {
  const c = a.complexity;
  const dist = c ? toDist(c.distribution, 'number', [...path, 'complexity', 'distribution'], out) : undefined;
  if (c && !dist) return undefined;
  const needSpecs: Attributes['needs'] = { ...inherit?.needs };
  for (const [k, v] of Object.entries(a.needs ?? {})) if (v) needSpecs[k as Need] = { prevalence: v.prevalence, ...prov(v) };
  const complexity = dist
    ? { distribution: dist, reference: c?.reference ?? fromSpec(dist).mean, ...(c && prov(c)) }
    : (inherit?.complexity ?? { distribution: { type: 'fixed' as const, value: 0 }, reference: 0 });
  return { needs: needSpecs, complexity };
}

function toReferral(n: string, r: z.output<typeof referral>, time: TimeOf, attrs: Attributes | undefined, out: Finding[]): ReferralStream {
  const path = ['referrals', n];
  const own = r.attributes && toAttributes(r.attributes, attrs, [...path, 'attributes'], out);
  return {
    name: n,
    rate: { rate: perYear(r.rate), changes: r.changes.map((c, i) => ({ at: time(c.at, [...path, 'changes', i, 'at']), rate: perYear(c.rate) })) },
    rampUp: years(r.rampUp),
    ...(r.eligible && { eligible: { p: schedule(r.eligible.p, r.eligible.changes, time, [...path, 'eligible']), ...prov(r.eligible) } }),
    ...(own && { attributes: own }),
    ...(r.whenWaiting && { whenWaiting: { service: r.whenWaiting.service, atLeast: r.whenWaiting.atLeast, factor: r.whenWaiting.factor } }),
    ...prov(r),
  };
}

function toService(n: string, s: z.output<typeof service>, path: P, time: TimeOf, out: Finding[]): Service | undefined {
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
  const team = s.staff;
  /** Exactly one of a team's two ways of giving a figure (fte or budget, caseloadPerWorker or throughput). */
  const oneOf = (a: 'fte' | 'caseloadPerWorker', b: 'budget' | 'throughput', ifNeither: string, ifBoth: string): boolean => {
    if (team![a] === undefined && team![b] === undefined) out.push({ path: [...path, 'staff'], at: 'key', message: `missing staff.${a}`, expected: a, found: 'nothing', hint: ifNeither });
    else if (team![a] !== undefined && team![b] !== undefined) out.push({ path: [...path, 'staff', b], at: 'key', message: `expected ${a} or ${b}, found both`, expected: `one of ${a} or ${b}`, found: 'both', hint: ifBoth });
    else return true;
    return false;
  };
  if (team) {
    if (!oneOf('fte', 'budget', 'give the team\'s FTE, e.g. staff: { fte: 14, caseloadPerWorker: 7 }, or a budget: { perYear: ... }', 'keep one: a budget sets the FTE it can pay for')) return undefined;
    if (!oneOf('caseloadPerWorker', 'throughput', 'give caseloadPerWorker: 7 (cases in hand), or throughput: "12 per week" (cases finished)', 'keep one: caseloadPerWorker is cases in hand, throughput cases finished in a unit of time')) return undefined;
  }
  // Throughput and budgets are resolved once the states and the economics are read (resolveStaff); until then a
  // throughput team holds one place per FTE and a budgeted one none.
  let staff = team && { fte: team.fte ?? 0, caseloadPerWorker: team.caseloadPerWorker ?? 1 };
  const capacityOf = (c: { beds?: number; places?: number; unlimited?: true }): number =>
    staff ? staff.fte * staff.caseloadPerWorker : c.unlimited ? Infinity : (c.beds ?? c.places ?? 0);
  const capacity = capacityOf(s);
  const changes: Service['changes'] = [];
  /** The team's FTE and caseload per worker from time 0 and at each change, for its posts. */
  const steps = staff ? [{ at: 0, ...staff }] : [];
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
    const at = time(c.at, [...path, 'changes', i, 'at']);
    if (staff) steps.push({ at, ...staff });
    changes.push({ at, capacity: capacityOf(c) });
  });
  if (!ok) return undefined;
  const patience = s.patience === undefined ? undefined : toDist(s.patience, 'duration', [...path, 'patience'], out);
  if (s.patience !== undefined && patience === undefined) return undefined;
  let staffing: Staffing | undefined;
  if (team && (team.turnover || team.absence)) {
    const recruitment = team.turnover && toDist(team.turnover.recruitment, 'duration', [...path, 'staff', 'turnover', 'recruitment'], out);
    const absence = team.absence && toDist(team.absence.duration, 'duration', [...path, 'staff', 'absence', 'duration'], out);
    if ((team.turnover && !recruitment) || (team.absence && !absence)) return undefined;
    staffing = {
      postSize: team.postSize ?? 1,
      ...(team.turnover && recruitment && { turnover: { rate: perYear(team.turnover.rate), recruitment } }),
      ...(team.absence && absence && { absence: { rate: perYear(team.absence.rate), duration: absence } }),
    };
  }
  const service: Service = {
    name: n,
    capacity,
    changes,
    discipline: s.discipline,
    ...(patience && { patience }),
    ...(team && { staff: { fte: team.fte ?? 0, caseloadPerWorker: team.caseloadPerWorker ?? 1, ...(team.throughput !== undefined && { throughput: perYear(team.throughput) }) } }),
    ...(staffing && { staffing }),
    ...(s.contactLimit !== undefined && { contactLimit: perYear(s.contactLimit) }),
    opens: s.opens === undefined ? 0 : time(s.opens, [...path, 'opens']),
    ...prov(s),
  };
  if (team?.posts && Object.keys(team.posts).length > 0) {
    if (changes.length > 0 && s.changes.some((c) => c.staff === undefined)) {
      out.push({ path: [...path, 'staff', 'posts'], at: 'key', message: 'posts need a staff team throughout, but a change gives beds, places or unlimited', expected: 'changes that give staff', found: 'a change without staff', hint: 'give every change as staff: { fte: ... }, or leave out posts' });
      return undefined;
    }
    addPosts(service, steps, Object.entries(team.posts).map(([g, v]) => ({ fte: v.fte, from: v.from === undefined ? 0 : time(v.from, [...path, 'staff', 'posts', g, 'from']), until: v.until === undefined ? Infinity : time(v.until, [...path, 'staff', 'posts', g, 'until']) })));
  }
  return service;
}

/** Adds groups of posts, each from its start to its end, to a staff team's establishment: its places and changes. */
function addPosts(sv: Service, base: { at: number; fte: number; caseloadPerWorker: number }[], groups: { fte: number; from: number; until: number }[]): void {
  const times = [...new Set([...base.map((b) => b.at), ...groups.flatMap((g) => [g.from, g.until])])].filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const levelAt = (t: number): { fte: number; perWorker: number } => {
    let b = base[0];
    for (const x of base) if (x.at <= t) b = x;
    const extra = groups.reduce((sum, g) => sum + (g.from <= t && t < g.until ? g.fte : 0), 0);
    return { fte: b.fte + extra, perWorker: b.caseloadPerWorker };
  };
  const first = levelAt(0);
  sv.capacity = first.fte * first.perWorker;
  sv.staff = { ...sv.staff!, fte: first.fte };
  sv.changes = times.filter((t) => t > 0).map((t) => {
    const l = levelAt(t);
    return { at: t, capacity: l.fte * l.perWorker };
  });
}

function toPieces(rate: z.output<typeof exit>['rate']): RatePieces {
  return typeof rate === 'string' ? [{ rate: perYear(rate), until: Infinity }] : rate.map((p) => ({ rate: perYear(p.rate), until: p.until === undefined ? Infinity : years(p.until) }));
}

function toExit(n: string, e: z.output<typeof exit>, time: TimeOf, path: P): Exit {
  return {
    name: n,
    ...(e.to !== undefined && { to: e.to }),
    reason: e.reason ?? n,
    rate: toPieces(e.rate),
    changes: e.changes.map((c, i) => ({ at: time(c.at, [...path, 'changes', i, 'at']), rate: toPieces(c.rate) })),
    modifiers: toModifiers(e.modifiers),
    ...prov(e),
  };
}

function toState(n: string, s: z.output<typeof state>, path: P, time: TimeOf, out: Finding[]): State | undefined {
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
    exits: Object.entries(s.exits).map(([e, x]) => toExit(e, x, time, [...path, 'exits', e])),
    ...(duration && { duration }),
    next: Object.entries(s.next).map(([b, x]) => toBranch(b, x, time, [...path, 'next', b])),
    phases: Object.keys(s.phases).length === 0 ? [{ name: n, until: Infinity }] : Object.entries(s.phases).map(([ph, x]) => ({ name: ph, until: x.until === undefined ? Infinity : years(x.until), ...prov(x) })),
    opens: s.opens === undefined ? 0 : time(s.opens, [...path, 'opens']),
    ...(s.allocatedEvery !== undefined && { allocatedEvery: years(s.allocatedEvery) }),
    ...(Object.keys(s.contacts).length > 0 && { contacts: Object.entries(s.contacts).map(([c, x]): Contact => ({ name: c, rate: toPieces(x.rate), ...(x.service !== undefined && { service: x.service }), onward: x.onward, modifiers: toModifiers(x.modifiers), ...prov(x) })) }),
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
  const time = timeReader(f.start, out);
  if (f.name !== undefined) s.name = f.name;
  if (f.description !== undefined) s.description = f.description;
  if (f.start !== undefined) s.start = f.start;
  Object.assign(s, prov(f));
  if (f.sources) s.sources = f.sources;
  if (f.horizon !== undefined) s.horizon = years(f.horizon);
  if (f.period !== undefined) s.period = years(f.period);
  if (f.attributes) s.attributes = toAttributes(f.attributes, undefined, ['attributes'], out);
  if (f.referrals) s.referrals = Object.entries(f.referrals).map(([n, r]) => toReferral(n, r, time, s.attributes, out));
  if (f.cohorts) s.cohorts = f.cohorts.map((c, i): Cohort => ({ at: time(c.at, ['cohorts', i, 'at']), count: c.count, ...(c.state !== undefined && { state: c.state }), ...prov(c) }));
  if (f.initial) s.initial = Object.entries(f.initial).map(([st, g]): InitialGroup => ({ state: st, count: g.count, ...prov(g) }));
  if (f.screening) {
    const sc = f.screening;
    const assessment = toDist(sc.assessment.duration, 'duration', ['screening', 'assessment', 'duration'], out);
    const entryPath = ['screening', 'entry'];
    const entry: Branch[] =
      sc.entry === undefined
        ? []
        : typeof sc.entry === 'string'
          ? [{ name: sc.entry, to: sc.entry, reason: sc.entry, p: { value: 1, changes: [] }, modifiers: toModifiers(undefined) }]
          : Object.entries(sc.entry).map(([n, b]) => toBranch(n, b, time, [...entryPath, n]));
    const r = sc.eligible.rule;
    const ep = ['screening', 'eligible'];
    const rule: EligibilityRule = {
      ...(r?.needs && { needs: { atLeast: r.needs.atLeast, of: r.needs.of } }),
      ...(r?.complexity && { complexity: { atLeast: { value: r.complexity.atLeast, changes: r.complexity.changes.map((c, i) => ({ at: time(c.at, [...ep, 'rule', 'complexity', 'changes', i, 'at']), value: c.atLeast })) } } }),
    };
    if (assessment) {
      s.screening = {
        eligible: { p: schedule(sc.eligible.p, sc.eligible.changes, time, ep), rule, ...prov(sc.eligible) },
        assessment: { duration: assessment, ...prov(sc.assessment) },
        starts: { p: schedule(sc.starts.p, sc.starts.changes, time, ['screening', 'starts']), ...prov(sc.starts) },
        entry,
        ...(sc.cap && { cap: { count: sc.cap.count, per: years(sc.cap.per), until: sc.cap.until === undefined ? Infinity : time(sc.cap.until, ['screening', 'cap', 'until']), ...prov(sc.cap) } }),
      } satisfies Screening;
    }
  }
  if (f.services) s.services = Object.entries(f.services).flatMap(([n, v]) => toService(n, v, ['services', n], time, out) ?? []);
  if (f.states) s.states = Object.entries(f.states).flatMap(([n, v]) => toState(n, v, ['states', n], time, out) ?? []);
  if (f.policy) {
    const p = f.policy;
    s.policy = {
      closure: p.closure,
      returnersFirst: p.returnersFirst,
      changes: p.changes.map((c, i) => ({ at: time(c.at, ['policy', 'changes', i, 'at']), closure: c.closure })),
      ...(p.books && { books: { closeAbove: p.books.closeAbove, reopenBelow: p.books.reopenBelow, ...(p.books.service !== undefined && { service: p.books.service }), ...prov(p.books) } }),
      ...prov(p),
    } satisfies Policy;
  }
  if (f.economics) s.economics = toEconomics(f.economics);
  if (f.services && s.services) resolveStaff(s, f.services, time, out);
  if (f.targets) s.targets = Object.entries(f.targets).flatMap(([n, t]) => toTarget(n, t, time, out) ?? []);
  return s;
}

/**
 * Staff teams whose places need the rest of the scenario: a budget sets the FTE it pays for at the
 * economics' salary, and a throughput becomes a caseload by Little's law with the mean duration of
 * the state that uses the service.
 */
function resolveStaff(s: Partial<Scenario>, files: Record<string, z.output<typeof service>>, time: TimeOf, out: Finding[]): void {
  for (const sv of s.services ?? []) {
    const team = files[sv.name]?.staff;
    if (!team || !sv.staff) continue;
    const path = ['services', sv.name, 'staff'];
    if (team.budget) {
      const pay = s.economics?.programme.staff[sv.name];
      if (!pay) {
        out.push({ path: [...path, 'budget'], at: 'key', message: `a budget needs the salary of the team's staff, but economics.programme.staff has no ${sv.name}`, expected: `economics.programme.staff.${sv.name}`, found: 'nothing', hint: `add economics: { programme: { staff: { ${sv.name}: { salary: 28000, onCosts: 0.3 } } } }` });
        continue;
      }
      if (files[sv.name].changes.length > 0 || team.posts) {
        out.push({ path: [...path, 'budget'], at: 'key', message: 'a budget sets the establishment, so it cannot be combined with changes or posts', expected: 'budget changes only', found: 'changes or posts as well', hint: 'write the dated changes as budget.changes: [{ at: ..., perYear: ... }]' });
        continue;
      }
      const b = team.budget;
      const size = team.postSize ?? 1;
      const perFte = pay.salary * (1 + pay.onCosts);
      const fteFor = (money: number): number => (perFte > 0 ? Math.floor(money / perFte / size + 1e-9) * size : 0);
      const until = b.until === undefined ? Infinity : time(b.until, [...path, 'budget', 'until']);
      const steps = [{ at: 0, fte: fteFor(b.perYear) }, ...b.changes.map((c, i) => ({ at: time(c.at, [...path, 'budget', 'changes', i, 'at']), fte: fteFor(c.perYear) }))].filter((x) => x.at < until);
      if (Number.isFinite(until)) steps.push({ at: until, fte: 0 });
      const perWorker = sv.staff.caseloadPerWorker;
      sv.staff = { ...sv.staff, fte: steps[0].fte };
      sv.capacity = steps[0].fte * perWorker;
      sv.changes = steps.slice(1).map((x) => ({ at: x.at, capacity: x.fte * perWorker }));
    }
    if (sv.staff.throughput !== undefined) {
      const users = (s.states ?? []).filter((st) => st.service === sv.name);
      const timed = users.filter((st) => st.duration);
      if (users.length !== 1 || timed.length !== 1) {
        out.push({ path: [...path, 'throughput'], at: 'key', message: `a throughput needs exactly one state with a duration to use the service, found ${users.length} state(s) using it${users.length === 1 ? ' without a duration' : ''}`, expected: 'one state with a duration', found: users.map((u) => u.name).join(', ') || 'none', hint: 'give the stage a duration, or give the team caseloadPerWorker (cases in hand) instead' });
        continue;
      }
      const mean = fromSpec(timed[0].duration!.distribution).mean;
      const perWorker = sv.staff.throughput * mean;
      sv.staff = { ...sv.staff, caseloadPerWorker: perWorker };
      sv.capacity *= perWorker;
      sv.changes = sv.changes.map((c) => ({ ...c, capacity: c.capacity * perWorker }));
    }
  }
}

const measureKeys = ['count', 'open', 'waiting', 'meanDays', 'users', 'share'] as const;
const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : v);

/** A target's measure and uncertainty, or undefined with the problems in `out`. */
function toTarget(n: string, t: z.output<typeof target>, time: TimeOf, out: Finding[]): Target | undefined {
  const path: P = ['targets', n];
  const given = measureKeys.filter((k) => t[k] !== undefined);
  if (given.length !== 1) {
    out.push({
      path: given.length === 0 ? path : [...path, given[1]],
      at: 'key',
      message: given.length === 0 ? 'no measure given: expected one of count, open, waiting, meanDays, users or share' : `expected one measure, found both ${given[0]} and ${given[1]}`,
      expected: 'exactly one of count, open, waiting, meanDays, users or share',
      found: given.length === 0 ? 'none' : given.join(' and '),
      hint: given.length === 0 ? 'add what the report counted, e.g. count: starts with between: ["2014-09-01", "2016-01-01"]' : 'split it into two targets, one for each measure',
    });
    return undefined;
  }
  const kind = given[0];
  const stock = kind === 'open' || kind === 'waiting';
  const need = stock ? 'at' : 'between';
  if (t[need] === undefined) {
    out.push({ path: [...path, need], at: 'parent', message: `missing ${need}: a ${kind} target needs ${stock ? 'the time it was measured' : 'the window it was counted over'}`, expected: need, found: 'nothing', hint: stock ? 'add at: "2015-12-31" (or a time from the start, "16 months")' : 'add between: ["2014-09-01", "2016-01-01"]' });
    return undefined;
  }
  const win = (): Window => ({ from: time(t.between![0], [...path, 'between', 0]), to: time(t.between![1], [...path, 'between', 1]) });
  const count = (c: { count: CountOf } & Partial<Record<'referredBy' | 'reason' | 'contact', string>> & Partial<Record<'from' | 'to', string | string[]>>, w: Window): CountMeasure => ({
    kind: 'count',
    of: c.count,
    ...(c.contact !== undefined && { contact: c.contact }),
    ...(c.referredBy !== undefined && { source: c.referredBy }),
    ...(c.reason !== undefined && { reason: c.reason }),
    ...(c.from !== undefined && { from: list(c.from) }),
    ...(c.to !== undefined && { to: list(c.to) }),
    window: w,
  });
  let measure: Measure;
  if (kind === 'count') measure = count({ ...t, count: t.count! }, win());
  else if (kind === 'open') measure = { kind, states: list(t.open)!, at: time(t.at!, [...path, 'at']) };
  else if (kind === 'waiting') measure = { kind, service: t.waiting!, at: time(t.at!, [...path, 'at']) };
  else if (kind === 'meanDays') measure = { kind, reason: t.meanDays!, window: win() };
  else if (kind === 'users') measure = { kind, states: list(t.users)!, window: win() };
  else {
    const w = win();
    measure = { kind: 'share', numerator: count(t.share!.are, w), denominator: count(t.share!.of, w) };
  }
  if (t.sd !== undefined && t.range !== undefined) {
    out.push({ path: [...path, 'range'], at: 'key', message: 'expected sd or range, found both', expected: 'one of sd or range', found: 'both', hint: 'keep one: sd is a standard error, range a 95% interval' });
    return undefined;
  }
  const poisson = kind === 'count' || kind === 'users';
  const sd = t.sd ?? (t.range ? (t.range[1] - t.range[0]) / 3.92 : poisson ? Math.sqrt(Math.max(1, t.observed)) : NaN);
  if (Number.isNaN(sd)) {
    out.push({ path: [...path, 'sd'], at: 'parent', message: `missing sd: a ${kind} target needs its uncertainty (only counts default to Poisson)`, expected: 'sd or range', found: 'nothing', hint: 'add sd: (a standard error) or range: [low, high] (a 95% range), e.g. sd: 20' });
    return undefined;
  }
  return { name: n, observed: t.observed, sd, measure, ...(t.note !== undefined && { note: t.note }), ...prov(t) };
}
