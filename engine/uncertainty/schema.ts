/**
 * The `uncertainty` section of a scenario file: what is not known about its
 * figures. Each parameter names the field(s) it sets and a distribution in the
 * unit the scenario writes there, with its own source or assumption; a
 * calibration's posterior sample can stand for the parameters it fitted, its
 * correlations kept by drawing whole rows.
 */
import { z } from 'zod';
import { nameKey } from '../model/names.ts';
import { paramDistribution } from '../sweep/schema.ts';

const parameterName = nameKey('A parameter name: starts with a letter, then letters, digits, "-" or "_", e.g. move-on.');
const provenance = {
  source: z.string().optional().meta({ description: 'Where the uncertainty comes from, e.g. "000 Table 7.2".' }),
  assumption: z.string().optional().meta({ description: 'Why the spread was chosen when no source gives it.' }),
};

const parameter = z
  .strictObject({
    label: z.string().optional().meta({ description: 'How tables and charts name the parameter, e.g. "Move-on rate".' }),
    path: z.string().optional().meta({ description: 'Field path in the scenario, e.g. economics.appraisal.deadweight or states.iss.exits.move-on.rate.' }),
    paths: z.array(z.string()).min(1).optional().meta({ description: 'Several field paths that share one value, e.g. the same unit cost in two places.' }),
    distribution: paramDistribution,
    ...provenance,
  })
  .meta({ description: 'An uncertain figure: its field path(s) and a distribution in the unit the scenario writes there, with a source or an assumption.' });

const posterior = z
  .strictObject({
    sample: z.string().min(1).meta({ description: 'Relative path of a posterior.csv written by casecast calibrate, from the file this is written in.' }),
    parameters: z
      .record(parameterName, z.union([z.string(), z.strictObject({ path: z.string().meta({ description: 'The field path the column sets.' }), label: z.string().optional().meta({ description: 'How tables and charts name it.' }) })]))
      .meta({ description: 'Column of the sample → the field path it sets, e.g. fte: services.iss.staff.fte, or fte: { path: services.iss.staff.fte, label: ISS case workers (FTE) }.' }),
    ...provenance,
  })
  .meta({ description: 'A calibration posterior sample: each draw takes one whole row (chosen by its weight), so the correlations the calibration found are kept.' });

export const uncertaintySchema = z
  .strictObject({
    parameters: z.record(parameterName, parameter).default({}).meta({ description: 'Uncertain figures by name, e.g. deadweight: { path: economics.appraisal.deadweight, distribution: { type: beta, mean: 0.25, sd: 0.08 }, assumption: ... }.' }),
    correlations: z
      .array(z.tuple([z.string(), z.string(), z.number().min(-1).max(1)]))
      .default([])
      .meta({ description: 'Rank correlations between parameters, e.g. [[re-escalation, re-engagement, 0.5]].' }),
    posterior: posterior.optional(),
    ...provenance,
  })
  .meta({ description: 'Parameter uncertainty: distributions of figures, and a calibration posterior sample; casecast run draws parameter sets from it.' });

export type UncertaintyFile = z.output<typeof uncertaintySchema>;
