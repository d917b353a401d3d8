/**
 * --param name=path~prior: a calibration parameter on the command line, e.g.
 *   --param 'move-on=states.iss.exits.move-on.rate[1].rate~uniform(0.02,0.08)'
 *   --param 'fte=services.iss.staff.fte~gamma(14,3)'
 *   --param 'both=states.iss.exits.died.rate,states.dropin.exits.died.rate~uniform(0,0.01)'
 * Priors are in the unit the scenario writes at the path. The fields it gives
 * are checked exactly as a calibration file's are (engine/calibration/load.ts).
 */
import type { ExtraParameter } from '../../engine/calibration/load.ts';
import { InputError } from '../errors.ts';

/** Each family's arguments, in order, and how many are required (the rest are optional). */
const families: Record<string, { args: string[]; required?: number }> = {
  uniform: { args: ['min', 'max'] },
  triangular: { args: ['min', 'mode', 'max'] },
  normal: { args: ['mean', 'sd', 'min', 'max'], required: 2 },
  lognormal: { args: ['mean', 'sd'] },
  gamma: { args: ['mean', 'sd'] },
  beta: { args: ['mean', 'sd'] },
};

export const paramExample = "--param 'move-on=states.iss.exits.move-on.rate[1].rate~uniform(0.02,0.08)'";

const usage = (text: string, why: string): InputError =>
  new InputError(
    `--param ${text}: ${why}\n  fix: write name=path~prior, e.g. ${paramExample}; priors: ${Object.entries(families)
      .map(([f, d]) => `${f}(${d.args.join(',')})`)
      .join(', ')} (normal's min and max are optional), in the unit the scenario writes at the path`,
  );

/** Parses one --param. */
export function parseParam(text: string): ExtraParameter {
  const eq = text.indexOf('=');
  const tilde = text.lastIndexOf('~');
  if (eq <= 0) throw usage(text, 'expected a name, then =');
  if (tilde < eq) throw usage(text, 'expected ~ and a prior after the path');
  const name = text.slice(0, eq).trim();
  const paths = text
    .slice(eq + 1, tilde)
    .split(',')
    .map((p) => p.trim());
  if (paths.some((p) => p === '')) throw usage(text, 'a path is empty');
  const m = /^\s*([a-z]+)\s*\((.*)\)\s*$/i.exec(text.slice(tilde + 1));
  if (!m) throw usage(text, `expected a prior such as uniform(0.02,0.08), found ${JSON.stringify(text.slice(tilde + 1))}`);
  const family = m[1].toLowerCase();
  const spec = families[family];
  if (!spec) throw usage(text, `unknown prior ${JSON.stringify(m[1])}`);
  const args = m[2].trim() === '' ? [] : m[2].split(',').map((a) => a.trim());
  const least = spec.required ?? spec.args.length;
  if (args.length < least || args.length > spec.args.length) throw usage(text, `${family} takes ${least === spec.args.length ? least : `${least} to ${spec.args.length}`} numbers (${spec.args.join(', ')}), found ${args.length}`);
  const values = args.map((a) => Number(a));
  const bad = args.findIndex((a, i) => a === '' || !Number.isFinite(values[i]));
  if (bad >= 0) throw usage(text, `${spec.args[bad]} must be a number, found ${JSON.stringify(args[bad])}`);
  const prior: Record<string, unknown> = { type: family, ...Object.fromEntries(values.map((v, i) => [spec.args[i], v])) };
  return { name, text, fields: { ...(paths.length === 1 ? { path: paths[0] } : { paths }), prior } };
}
