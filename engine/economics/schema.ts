/**
 * The `economics` section of a scenario file: unit costs, service use by state,
 * the business-as-usual counterfactual, programme costs and appraisal settings.
 * `toEconomics` converts it for the ledger; check.ts checks its names.
 */
import { z } from 'zod';
import { durationPattern, parseDuration, parseRate, ratePattern } from '../model/units.ts';
import { greenBookDiscount } from './green-book.ts';
import { agencies, valueTypes, type Agency, type ValueType } from './types.ts';

const provenance = {
  source: z.string().optional().meta({ description: 'Where the figure comes from, e.g. "000 Table 7.5".' }),
  assumption: z.string().optional().meta({ description: 'Why the value was chosen when no source gives it.' }),
};
const money = (d: string) => z.number().min(0).meta({ description: `${d} Pounds at the unit cost's price year.` });
const share = (d: string) => z.number().min(0).max(1).meta({ description: `${d} A share from 0 to 1.` });
const durationText = (d: string) => z.string().regex(new RegExp(durationPattern)).meta({ description: `${d} A duration such as "5 years".` });
const rateText = z.string().regex(new RegExp(ratePattern)).meta({ description: 'Events per person over time, e.g. "2.5 per year".' });
const key = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/);

const unitCost = z.strictObject({
  label: z.string().meta({ description: 'What is counted, e.g. "A&E attendance".' }),
  cost: money('Cost of one unit.'),
  per: z.string().default('event').meta({ description: 'The unit: visit, attendance, night, month, session, year…' }),
  priceYear: z.number().int().meta({ description: 'Year whose prices the cost is in, e.g. 2015.' }),
  agency: z.enum(agencies).meta({ description: `Who pays: ${agencies.join(', ')}.` }),
  valueType: z.enum(valueTypes).default('fiscal').meta({ description: 'fiscal (public budget), economic, social, or transfer (welfare payments: fiscal case only).' }),
  cashable: share('Share of a saving that is cashable (budget that can be released).').default(0),
  ...provenance,
});

const discountStep = z.strictObject({
  rate: z.number().min(0).max(1).meta({ description: 'Annual real discount rate, e.g. 0.035.' }),
  until: durationText('Applies to years before this time; omit on the last step.').optional(),
});

const appraisal = z.strictObject({
  discountRate: z
    .union([z.number().min(0).max(1), z.array(discountStep).min(1)])
    .optional()
    .meta({ description: 'Real discount rate, e.g. 0.035, or a schedule; default the Green Book: 3.5% to year 30, 3.0% to 75, 2.5% after.' }),
  optimismBias: z
    .strictObject({
      costs: z.number().min(0).default(0).meta({ description: 'Uplift to costs, e.g. 0.1 for +10%.' }),
      benefits: share('Cut to benefits, e.g. 0.15.').default(0),
      delay: durationText('Delay to benefits.').default('0 days'),
      ...provenance,
    })
    .default({ costs: 0, benefits: 0, delay: '0 days' })
    .meta({ description: 'Optimism bias (Green Book): raise costs, cut and delay benefits.' }),
  deadweight: share('Share of outcomes that would have happened anyway.').default(0),
  attribution: share('Share of outcomes owed to this programme.').default(1),
  displacement: share('Share of benefits displaced elsewhere.').default(0),
  dropOff: share('Share of a closed case\'s benefit lost each year after support ends.').default(0),
  ...provenance,
}).meta({ description: 'Appraisal settings: discounting, optimism bias, additionality and drop-off.' });

const programme = z.strictObject({
  perPersonYear: z.record(key, key).default({}).meta({ description: 'State → unit cost charged per person-year in it, e.g. iss: iss_person_year.' }),
  staff: z
    .record(key, z.strictObject({ salary: money('Salary of one full-time worker a year.'), onCosts: z.number().min(0).default(0).meta({ description: 'On-costs as a share of salary, e.g. 0.3.' }), ...provenance }))
    .default({})
    .meta({ description: 'Service → staff cost: FTE (from the service) × salary × (1 + on-costs) a year, paid for every month the staff are employed (from the service\'s opening, following its dated changes), whether or not their places are full.' }),
  places: z
    .record(key, z.strictObject({ perPlaceYear: money('Cost of one place (a bed, a weighted place) a year, filled or not.'), ...provenance }))
    .default({})
    .meta({ description: 'Service → fixed cost of its places: places × the cost of a place a year, for every month they exist, whether or not they are filled (e.g. a staffed bed service).' }),
  fixedPerYear: money('Fixed overheads a year (management, premises).').default(0),
  setup: money('One-off set-up cost at the start.').default(0),
  assessmentCost: money('Cost of assessing one eligible referral.').default(0),
  funders: z
    .array(z.strictObject({ agency: z.enum(agencies).meta({ description: `The paying agency: ${agencies.join(', ')}.` }), until: durationText('The funder pays until this time; omit on the last.').optional(), ...provenance }))
    .default([{ agency: 'programme' }])
    .meta({ description: 'Who pays for the programme over time, e.g. [{ agency: programme, until: 5 years }, { agency: social-care }].' }),
  ...provenance,
}).meta({ description: 'What the programme itself costs, and who pays for it over time.' });

/** The economics section of a scenario file. */
export const economicsFileSchema = z
  .strictObject({
    priceYear: z.number().int().default(2015).meta({ description: 'Price base year of the appraisal.' }),
    deflators: z.record(z.string().regex(/^\d{4}$/), z.number().positive()).default({}).meta({ description: 'GDP deflator index by year, e.g. "2015": 100, "2016": 101.3; uprates unit costs to the price year.' }),
    unitCosts: z.record(key, unitCost).default({}).meta({ description: 'Unit costs by name.' }),
    use: z.record(key, z.record(key, rateText)).default({}).meta({ description: 'State → unit cost → service use per person, e.g. iss: { ae_attendance: "2 per year" }.' }),
    counterfactual: z.record(key, rateText).default({}).meta({ description: 'Business as usual: the same people\'s service use without the programme, e.g. ae_attendance: "5 per year".' }),
    contacts: z.record(key, key).optional().meta({ description: 'Contact kind → unit cost charged for each contact made, as service use of its agency, e.g. social-care-referral: social_care_assessment.' }),
    perMove: z.record(z.string().min(1), key).optional().meta({ description: 'Reason of a move → unit cost charged for each such move (a route out to another service), e.g. "stepped up to statutory services": social_care_assessment.' }),
    programme: programme.default({ perPersonYear: {}, staff: {}, places: {}, fixedPerYear: 0, setup: 0, assessmentCost: 0, funders: [{ agency: 'programme' }] }),
    appraisal: appraisal.default({ optimismBias: { costs: 0, benefits: 0, delay: '0 days' }, deadweight: 0, attribution: 1, displacement: 0, dropOff: 0 }),
    outcomes: z
      .strictObject({
        moveOn: z.array(z.string().min(1)).min(1).meta({ description: 'Reasons of moves that count as a successful move-on, for the cost per move-on, e.g. [move-on, needs met]; without it, moves whose reason is move-on.' }),
        ...provenance,
      })
      .optional()
      .meta({ description: 'What counts as an outcome for the costs per outcome.' }),
    ...provenance,
  })
  .meta({ description: 'Costs and savings: unit costs, service use, the counterfactual, programme costs and appraisal.' });

export type EconomicsFile = z.output<typeof economicsFileSchema>;

export interface UnitCost {
  name: string;
  label: string;
  cost: number;
  per: string;
  priceYear: number;
  agency: Agency;
  valueType: ValueType;
  cashable: number;
  source?: string;
  assumption?: string;
}

/** The economics of a scenario, as the ledger reads it: times in years, rates per year. */
export interface Economics {
  priceYear: number;
  deflators: Record<string, number>;
  unitCosts: UnitCost[];
  use: Record<string, Record<string, number>>;
  counterfactual: Record<string, number>;
  /** Contact kind → unit cost name, charged per contact made. */
  contacts?: Record<string, string>;
  /** Move reason → unit cost name, charged per move. */
  perMove?: Record<string, string>;
  programme: {
    perPersonYear: Record<string, string>;
    staff: Record<string, { salary: number; onCosts: number }>;
    places: Record<string, { perPlaceYear: number }>;
    fixedPerYear: number;
    setup: number;
    assessmentCost: number;
    funders: { agency: Agency; until: number }[];
  };
  /** Reasons of moves that count as a successful move-on (default: move-on). */
  outcomes?: { moveOn: string[] };
  appraisal: {
    discount: { rate: number; until: number }[];
    optimismBias: { costs: number; benefits: number; delayYears: number };
    deadweight: number;
    attribution: number;
    displacement: number;
    dropOff: number;
  };
}


const years = (s: string): number => (parseDuration(s) as { value: number }).value;
const perYear = (s: string): number => (parseRate(s) as { value: number }).value;

/** Converts a validated economics section. */
export function toEconomics(f: EconomicsFile): Economics {
  const a = f.appraisal;
  const discount =
    a.discountRate === undefined
      ? greenBookDiscount
      : typeof a.discountRate === 'number'
        ? [{ rate: a.discountRate, until: Infinity }]
        : a.discountRate.map((d) => ({ rate: d.rate, until: d.until === undefined ? Infinity : years(d.until) }));
  return {
    priceYear: f.priceYear,
    deflators: f.deflators,
    unitCosts: Object.entries(f.unitCosts).map(([name, u]) => ({ name, ...u })),
    use: Object.fromEntries(Object.entries(f.use).map(([s, m]) => [s, Object.fromEntries(Object.entries(m).map(([u, r]) => [u, perYear(r)]))])),
    counterfactual: Object.fromEntries(Object.entries(f.counterfactual).map(([u, r]) => [u, perYear(r)])),
    ...(f.contacts && { contacts: f.contacts }),
    ...(f.perMove && { perMove: f.perMove }),
    programme: {
      perPersonYear: f.programme.perPersonYear,
      staff: Object.fromEntries(Object.entries(f.programme.staff).map(([s, v]) => [s, { salary: v.salary, onCosts: v.onCosts }])),
      places: Object.fromEntries(Object.entries(f.programme.places).map(([s, v]) => [s, { perPlaceYear: v.perPlaceYear }])),
      fixedPerYear: f.programme.fixedPerYear,
      setup: f.programme.setup,
      assessmentCost: f.programme.assessmentCost,
      funders: f.programme.funders.map((x) => ({ agency: x.agency, until: x.until === undefined ? Infinity : years(x.until) })),
    },
    ...(f.outcomes && { outcomes: { moveOn: f.outcomes.moveOn } }),
    appraisal: {
      discount,
      optimismBias: { costs: a.optimismBias.costs, benefits: a.optimismBias.benefits, delayYears: years(a.optimismBias.delay) },
      deadweight: a.deadweight,
      attribution: a.attribution,
      displacement: a.displacement,
      dropOff: a.dropOff,
    },
  };
}
