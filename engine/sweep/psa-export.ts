/**
 * A PSA's draws for analysts, beside results.csv: the layout of dampack's
 * make_psa_obj (R) and a long, tidy table for R and pandas.
 *
 * - dampack-parameters.csv: one row per draw (draw 0 first), one column per
 *   parameter, the draw's settings;
 * - dampack-cost.csv, dampack-effectiveness.csv: one row per draw, one column
 *   per strategy (the sweep's options in order, then "do nothing" when the
 *   decision counts it). Cost is pvCosts, the present value of the
 *   option's costs; effectiveness is pvBenefits, the present value of its
 *   benefits after adjustment, both in £ against business as usual, so
 *   effectiveness − cost is the option's NPV and dampack's net monetary
 *   benefit at a willingness to pay of 1 is the NPV the sweep's decision
 *   compares. "Do nothing" is 0 and 0, as the decision takes it. Written
 *   only when the sweep has economics;
 * - psa-long.csv: draw, option, kind (parameter or metric), name, value: every
 *   cell of results.csv's PSA rows but the variant number, one a line.
 *
 * Every value is written as results.csv writes it (csvRow), so each cell is
 * the same text as results.csv's. Pure: no files, no clock.
 */
import { csvRow } from '../csv.ts';
import type { VariantRecord } from './analysis.ts';
import type { SweepInfo } from './info.ts';
import { metricNames } from './metrics.ts';

/** The metric written as each strategy's cost, and as its effectiveness, in the dampack layout. */
export const dampackCost = 'pvCosts';
export const dampackEffectiveness = 'pvBenefits';
/** The strategy of not funding, as summary.json's decision names it. */
export const doNothingStrategy = 'do nothing';

export const psaLongName = 'psa-long.csv';
export const dampackNames = { parameters: 'dampack-parameters.csv', cost: 'dampack-cost.csv', effectiveness: 'dampack-effectiveness.csv' } as const;
/** Every file a PSA's folder may hold for analysts. */
export const psaExportNames: readonly string[] = [psaLongName, dampackNames.parameters, dampackNames.cost, dampackNames.effectiveness];

type Info = Pick<SweepInfo, 'design' | 'size' | 'economics' | 'doNothing' | 'parameters' | 'options' | 'caseloadYears' | 'agencies'>;

/** The files `psaExports` writes for this sweep: none unless it is a PSA; the dampack files only with economics. */
export function psaExportFiles(info: Pick<SweepInfo, 'design' | 'economics'>): string[] {
  if (info.design !== 'psa') return [];
  return info.economics ? [...psaExportNames] : [psaLongName];
}

/** The strategies of the dampack files, in column order. */
export const dampackStrategies = (info: Pick<SweepInfo, 'options' | 'doNothing'>): string[] => [...info.options.map((o) => o.name), ...(info.doNothing ? [doNothingStrategy] : [])];

/**
 * The analysts' files of a complete PSA (see the module's comment), by name;
 * nothing for another design. Throws when the records are not one per draw
 * and option, or when the options of a draw do not share its parameters (a
 * PSA runs every option on the same draw: common random numbers).
 */
export function psaExports(info: Info, records: readonly VariantRecord[]): Record<string, string> {
  if (info.design !== 'psa') return {};
  const options = info.options.map((o) => o.name);
  const parameters = info.parameters.map((p) => p.name);
  const metrics = metricNames(info.caseloadYears, info.economics, info.agencies);
  const draws = info.size ?? 0;
  // byDraw[d][o]: the record of option o in draw d.
  const byDraw: (VariantRecord | undefined)[][] = Array.from({ length: draws }, () => new Array<VariantRecord | undefined>(options.length).fill(undefined));
  for (const r of records) {
    const d = r.draw;
    const o = options.indexOf(r.option);
    if (d === null || !Number.isInteger(d) || d < 0 || d >= draws) throw new Error(`variant ${r.variant} has draw ${String(d)}, not one of the PSA's draws 0 to ${draws - 1}`);
    if (o < 0) throw new Error(`variant ${r.variant} is of option "${r.option}", which is not one of the sweep's options (${options.join(', ')})`);
    if (byDraw[d][o]) throw new Error(`draw ${d} of option "${r.option}" is there twice (variants ${byDraw[d][o]!.variant} and ${r.variant})`);
    byDraw[d][o] = r;
  }
  byDraw.forEach((row, d) =>
    row.forEach((r, o) => {
      if (!r) throw new Error(`draw ${d} of option "${options[o]}" is missing, so the PSA's draws cannot be written one row per draw`);
      const first = row[0]!;
      for (const p of parameters) {
        if (r.inputs[p] !== first.inputs[p]) {
          throw new Error(
            `draw ${d}: option "${options[o]}" has ${p} = ${String(r.inputs[p])} but option "${options[0]}" has ${String(first.inputs[p])}; ` +
              'every option of a PSA runs on the same draw of the parameters (common random numbers), so the draws cannot be written one row per draw',
          );
        }
      }
    }),
  );
  const rows = byDraw as VariantRecord[][];

  const long: string[] = [csvRow(['draw', 'option', 'kind', 'name', 'value'])];
  for (const row of rows) {
    for (const r of row) {
      for (const p of parameters) long.push(csvRow([r.draw, r.option, 'parameter', p, r.inputs[p]]));
      for (const m of metrics) long.push(csvRow([r.draw, r.option, 'metric', m, r.metrics[m]]));
    }
  }
  const lines = (xs: string[]): string => xs.map((l) => `${l}\n`).join('');
  const files: Record<string, string> = { [psaLongName]: lines(long) };
  if (!info.economics) return files;

  const strategies = dampackStrategies(info);
  const perStrategy = (metric: string): string =>
    lines([csvRow(strategies), ...rows.map((row) => csvRow([...row.map((r) => r.metrics[metric]), ...(info.doNothing ? [0] : [])]))]);
  files[dampackNames.parameters] = lines([csvRow(parameters), ...rows.map((row) => csvRow(parameters.map((p) => row[0].inputs[p])))]);
  files[dampackNames.cost] = perStrategy(dampackCost);
  files[dampackNames.effectiveness] = perStrategy(dampackEffectiveness);
  return files;
}
