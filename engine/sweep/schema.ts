/**
 * The sweep file format (YAML or JSON): a base scenario, a design and the
 * parameters to vary by field path. Documented field by field, like the
 * scenario format; the descriptions become the "fix:" hints in problems.
 */
import { z } from 'zod';
import { nameKey } from '../model/names.ts';

const parameterName = nameKey('A parameter name: starts with a letter, then letters, digits, "-" or "_", e.g. move-on.');
const groupName = nameKey('A name for the group: starts with a letter, then letters, digits, "-" or "_", e.g. unit-costs.');
const optionName = nameKey('A name for the alternative: starts with a letter, then letters, digits, "-" or "_", e.g. more-staff.');

/** A value as a scenario file writes it: a number, or a number with its unit ("0.04 per month", "6 months"). */
const value = z.union([z.number(), z.string()]).meta({ description: 'A number, or a number with the unit the scenario uses there, e.g. 0.04 per month.' });

const num = (description: string) => z.number().meta({ description });
const t = <T extends string>(type: T) => z.literal(type).meta({ description: 'Distribution family.' });

/** Distribution parameters are plain numbers in the unit of the scenario's value at the parameter's path. */
export const paramDistribution = z
  .discriminatedUnion('type', [
    z.strictObject({ type: t('uniform'), min: num('Smallest value.'), max: num('Largest value.') }),
    z.strictObject({ type: t('triangular'), min: num('Smallest value.'), mode: num('Most likely value.'), max: num('Largest value.') }),
    z.strictObject({ type: t('normal'), mean: num('Mean.'), sd: num('Standard deviation.'), min: num('Truncate below.').optional(), max: num('Truncate above.').optional() }),
    z.strictObject({ type: t('lognormal'), mean: num('Mean of the value (not of its log).'), sd: num('Standard deviation of the value.') }),
    z.strictObject({ type: t('gamma'), mean: num('Mean.'), sd: num('Standard deviation.') }),
    z.strictObject({ type: t('beta'), mean: num('Mean, between 0 and 1.'), sd: num('Standard deviation.') }),
  ])
  .meta({ description: 'Uncertainty about the value, in the unit of the scenario at the path: { type: gamma, mean: 0.04, sd: 0.01 }; types uniform, triangular, normal, lognormal, gamma, beta.' });

const parameter = z
  .strictObject({
    label: z.string().optional().meta({ description: 'How tables and charts name the parameter, e.g. "Move-on rate".' }),
    path: z.string().optional().meta({ description: 'Field path in the scenario, e.g. services.iss.staff.fte or states.iss.exits[0].rate.' }),
    paths: z.array(z.string()).min(1).optional().meta({ description: 'Several field paths set to the same value, e.g. the move-on rate of two phases.' }),
    low: value.optional().meta({ description: 'Low setting (oneway, grid, lhs, sample), e.g. 0.02 per month.' }),
    high: value.optional().meta({ description: 'High setting (oneway, grid, lhs, sample), e.g. 0.06 per month.' }),
    values: z.array(value).min(1).optional().meta({ description: 'Levels for a grid, e.g. [10, 14, 18].' }),
    distribution: paramDistribution.optional(),
    unit: z.string().optional().meta({ description: 'Unit written after sampled numbers, e.g. "per month"; by default the unit of the scenario value at the path.' }),
    source: z.string().optional().meta({ description: 'Where the range comes from.' }),
    assumption: z.string().optional().meta({ description: 'Why the range was chosen when no source gives it.' }),
  })
  .meta({ description: 'A parameter to vary: path(s), and low/high, values or a distribution.' });

export const designs = ['grid', 'oneway', 'lhs', 'psa', 'sample'] as const;
export type Design = (typeof designs)[number];

export const sweepFileSchema = z
  .strictObject({
    sweep: z.string().min(1).meta({ description: 'Name of the sweep, e.g. Liverpool one-way sensitivity.' }),
    description: z.string().default('').meta({ description: 'What the sweep is for.' }),
    base: z.string().min(1).meta({ description: 'Relative path of the base scenario file, from this file.' }),
    design: z.enum(designs).meta({ description: 'grid (full factorial), oneway (low and high per parameter: a tornado), lhs (Latin hypercube), psa (probabilistic sensitivity analysis) or sample (random sample).' }),
    size: z.int().min(1).max(100_000).optional().meta({ description: 'Number of samples (lhs, psa, sample), e.g. 200.' }),
    replications: z.int().min(1).max(100_000).default(100).meta({ description: 'Replications of every variant, on common random numbers.' }),
    seed: z.union([z.string(), z.number()]).transform(String).default('1').meta({ description: 'Master seed: the same for every variant (common random numbers) and for drawing the samples.' }),
    sampling: z.enum(['random', 'lhs']).optional().meta({ description: 'How psa draws: random (default) or lhs.' }),
    caseloadYears: z.array(z.int().min(1)).min(1).optional().meta({ description: 'Years at which to report the caseload, e.g. [1, 3, 5, 10]; default 1, 3, 5 and the horizon.' }),
    parameters: z.record(parameterName, parameter).optional().meta({ description: 'Parameters to vary, as a map from name to parameter; a psa without them draws from the base scenario\'s uncertainty section.' }),
    correlations: z
      .array(z.tuple([z.string(), z.string(), z.number().min(-1).max(1)]))
      .default([])
      .meta({ description: 'Rank correlations between parameters (lhs, psa, sample), e.g. [[move-on, disengaged, -0.3]].' }),
    groups: z
      .record(groupName, z.array(z.string()).meta({ description: 'The parameters of the group, by name, e.g. [inpatient-cost, prison-cost].' }))
      .default({})
      .meta({ description: 'Named groups of parameters (psa): the summary gives the value of learning each group together (its EVPPI) beside each parameter\'s, e.g. unit-costs: [inpatient-cost, prison-cost].' }),
    decision: z
      .strictObject({
        alternatives: z.record(optionName, z.string()).default({}).meta({ description: 'Other scenarios to fund instead, by name: relative paths, e.g. more-staff: ../liverpool-waves-of-hope-more-staff.yaml.' }),
        doNothing: z.boolean().default(true).meta({ description: 'Count not funding (NPV 0) as an option.' }),
      })
      .optional()
      .meta({ description: 'The funding decision for a psa: the base scenario against alternatives (and not funding), for the expected value of perfect information.' }),
    source: z.string().optional().meta({ description: 'Where the ranges come from.' }),
    assumption: z.string().optional().meta({ description: 'Why the ranges were chosen.' }),
  })
  .meta({ title: 'casecast sweep', description: 'A casecast sweep: a base scenario, a design and the parameters to vary.' });

export type SweepFile = z.output<typeof sweepFileSchema>;
export type ParameterFile = z.output<typeof parameter>;
export type ParamDistributionFile = z.output<typeof paramDistribution>;
