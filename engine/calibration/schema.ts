/**
 * The calibration file format (YAML or JSON): a base scenario with targets,
 * the parameters to fit by field path with their priors, and the settings of
 * the method (ABC-SMC). Documented field by field, like the scenario and
 * sweep formats; the descriptions become the "fix:" hints in problems.
 */
import { z } from 'zod';
import { nameKey } from '../model/names.ts';
import { paramDistribution } from '../sweep/schema.ts';

const parameterName = nameKey('A parameter name: starts with a letter, then letters, digits, "-" or "_", e.g. move-on.');

/** A value as a scenario file writes it: a number, or a number with its unit ("0.04 per month"). */
const value = z.union([z.number(), z.string()]).meta({ description: 'A number, or a number with the unit the scenario uses there, e.g. 0.02 per month.' });

const parameter = z
  .strictObject({
    label: z.string().optional().meta({ description: 'How tables name the parameter, e.g. "Move-on rate".' }),
    path: z.string().optional().meta({ description: 'Field path in the scenario, e.g. services.iss.staff.fte or states.iss.exits.move-on.rate.' }),
    paths: z.array(z.string()).min(1).optional().meta({ description: 'Several field paths set to the same value, e.g. the same rate in two states.' }),
    range: z.tuple([value, value]).optional().meta({ description: 'A uniform prior from low to high, in the unit the scenario writes at the path, e.g. [0.02 per month, 0.08 per month].' }),
    prior: paramDistribution.optional().meta({ description: 'The prior, in the unit of the scenario at the path: { type: gamma, mean: 0.04, sd: 0.01 }; types uniform, triangular, normal, lognormal, gamma, beta.' }),
    source: z.string().optional().meta({ description: 'Where the prior comes from.' }),
    assumption: z.string().optional().meta({ description: 'Why the prior was chosen when no source gives it.' }),
  })
  .meta({ description: 'A parameter to fit: path(s), and a prior (range: [low, high] or prior: { type: ... }).' });

export const kernels = ['gaussian', 'uniform'] as const;

const method = z
  .strictObject({
    particles: z.int().min(20).max(100_000).default(300).meta({ description: 'Particles in each generation, e.g. 300.' }),
    generations: z.int().min(1).max(100).default(12).meta({ description: 'Most generations, the first (drawn from the priors) included, e.g. 12.' }),
    tolerance: z.number().positive().optional().meta({ description: 'Final tolerance: stop lowering the tolerance at this distance, e.g. 15 (the distance is the sum over targets of squared standard errors off).' }),
    quantile: z.number().gt(0).lt(1).default(0.5).meta({ description: "Each generation's tolerance is this weighted quantile of the previous generation's distances, e.g. 0.5." }),
    replications: z.int().min(1).max(10_000).default(10).meta({ description: 'Replications per particle; the distance compares their mean with each target, e.g. 10.' }),
    seed: z.union([z.string(), z.number()]).transform(String).default('1').meta({ description: 'Master seed: of the particles (from seed, generation and particle) and of the replications.' }),
    kernel: z.enum(kernels).default('gaussian').meta({ description: "gaussian (after the tolerances, particles move towards the posterior under exp(−distance/2): the targets' standard errors as the model's error) or uniform (every generation accepts within its tolerance; the last tolerance is the posterior's)." }),
    moves: z.int().min(1).max(1000).default(10).meta({ description: 'With the gaussian kernel: Metropolis–Hastings moves of every particle towards the posterior after the tolerances, e.g. 10.' }),
    kernelScale: z.number().gt(0).max(10).default(2).meta({ description: "The perturbation kernel's covariance as a multiple of the previous population's weighted covariance: 2 is Beaumont et al. (2009); smaller keeps more of the weight on each particle when many parameters are fitted, e.g. 1." }),
    commonRandomNumbers: z.boolean().default(true).meta({ description: 'Every particle runs the same replications (true), so distances differ by parameters, not luck; false gives each simulation its own.' }),
    minAcceptance: z.number().gt(0).lt(1).default(0.02).meta({ description: 'Stop lowering the tolerance once a generation accepts fewer than this share of its simulations, e.g. 0.02.' }),
    check: z.int().min(2).max(100_000).default(200).meta({ description: 'Replications of the check of every target at the posterior mean, e.g. 200.' }),
  })
  .meta({ description: 'Settings of the method, ABC-SMC: particles, generations, tolerance, replications, seed.' });

export type MethodFile = z.output<typeof method>;

export const calibrationFileSchema = z
  .strictObject({
    calibration: z.string().min(1).meta({ description: 'Name of the calibration, e.g. Liverpool Waves of Hope to the year 1 report.' }),
    description: z.string().default('').meta({ description: 'What the calibration is for.' }),
    base: z.string().min(1).meta({ description: 'Relative path of the scenario to calibrate (it holds the targets), from this file.' }),
    targets: z.array(z.string()).min(1).optional().meta({ description: "Names of the scenario's targets to fit; all of them by default, e.g. [started, closed-cases]." }),
    parameters: z.record(parameterName, parameter).meta({ description: 'Parameters to fit, as a map from name to parameter.' }),
    method: method.default(method.parse({})),
    source: z.string().optional().meta({ description: 'Where the priors come from.' }),
    assumption: z.string().optional().meta({ description: 'Why the priors were chosen.' }),
  })
  .meta({ title: 'casecast calibration', description: 'A casecast calibration: a base scenario with targets, parameters with priors, and the method settings.' });

export type CalibrationFile = z.output<typeof calibrationFileSchema>;
export type CalibrationParameterFile = z.output<typeof parameter>;
