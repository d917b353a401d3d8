/**
 * Where a sweep's or a calibration's parameter points in a scenario: its
 * field paths checked against the scenario's data (each must lead to a
 * number, all in one unit), and its settings read in that unit. One copy for
 * both loaders, so their problems read the same.
 */
import { joinPath, OverlayError, splitPath, valueAtPath } from '../model/overlay.ts';
import { closest, listNames, type Finding, type PathSegment } from '../model/problems.ts';
import { isMap } from '../model/plain.ts';
import { showFound } from '../model/units.ts';
import { readQuantity, sameUnit, unitText, type Quantity } from './quantity.ts';
import { correlationProblem } from './correlation.ts';

export type Unit = Pick<Quantity, 'prefix' | 'suffix'>;

/** A value in a unit, for a hint: "0.04 per month". */
export const example = (x: number, u: Unit): string => `${u.prefix}${Number(x.toPrecision(3))}${u.suffix}`;

/** Why a path does not lead to a number or quantity in the data, with a fix; null when it does. */
export function pathProblem(raw: unknown, segs: string[]): { message: string; hint: string } | null {
  let v = raw;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const shown = joinPath(segs.slice(0, i));
    if (Array.isArray(v)) {
      if (!/^\d+$/.test(seg) || Number(seg) >= v.length) return { message: `does not exist: ${shown} is a list of ${v.length}`, hint: `use an index from 0 to ${v.length - 1}, e.g. ${shown}[0]` };
      v = v[Number(seg)];
    } else if (isMap(v)) {
      if (!Object.hasOwn(v, seg)) {
        const near = closest(seg, Object.keys(v));
        return { message: `does not exist: ${shown || 'the scenario'} has no "${seg}"`, hint: near ? `did you mean "${near}"?` : `fields there: ${listNames(Object.keys(v).slice(0, 12))}` };
      }
      v = v[seg];
    } else {
      return { message: `does not exist: ${shown} is a single value`, hint: `end the path at ${shown}` };
    }
  }
  if (readQuantity(v) !== null) return null;
  const what = Array.isArray(v) ? 'a list' : isMap(v) ? 'a map' : showFound(v);
  const inner = isMap(v) ? Object.keys(v).filter((k) => readQuantity(v[k]) !== null) : Array.isArray(v) ? ['0'] : [];
  return {
    message: `is ${what}, not a number`,
    hint: inner.length > 0 ? `point the path at a number inside it, e.g. ${joinPath([...segs, inner[0]])}` : 'point the path at a single number, such as a rate, a count or a cost',
  };
}

/** The scenario data a path is checked in, and the file named in messages. */
export interface PathData {
  raw: unknown;
  file: string;
}

/**
 * A parameter's field paths (`path` or `paths`), each split and checked in
 * every `data` (the first gives the unit and the base value); `verb` words
 * the messages ("varies", "vary"; "sets", "fit"); `accept` may refuse a path
 * (with its own finding). Null, with findings, when any path is unusable.
 */
export function parameterPaths(
  name: string,
  p: { path?: string; paths?: string[] },
  data: readonly PathData[],
  out: Finding[],
  verb: { does: string; to: string },
  accept: (segs: string[], text: string, where: PathSegment[]) => boolean = () => true,
): { paths: string[][]; unit: Unit; base: number } | null {
  const at = (...rest: PathSegment[]): PathSegment[] => ['parameters', name, ...rest];
  const before = out.length;
  if (p.path !== undefined && p.paths !== undefined) out.push({ path: at('paths'), at: 'key', message: 'give path or paths, not both', hint: 'use paths: [a, b] to set several fields to the same value' });
  const written = p.paths ?? (p.path !== undefined ? [p.path] : []);
  if (written.length === 0) out.push({ path: at('path'), at: 'parent', message: `parameter "${name}" needs the field path it ${verb.does}`, hint: 'add path: services.iss.staff.fte, or paths: [a, b] for several fields' });
  const paths: string[][] = [];
  let unit: Unit | undefined;
  let base: number | undefined;
  written.forEach((text, i) => {
    const where = p.paths ? at('paths', i) : at('path');
    let segs: string[];
    try {
      segs = splitPath(text);
    } catch (e) {
      if (!(e instanceof OverlayError)) throw e;
      out.push({ path: where, message: e.message });
      return;
    }
    for (const d of data) {
      const problem = pathProblem(d.raw, segs);
      if (problem) {
        out.push({ path: where, message: `${text} ${problem.message} in ${d.file}`, hint: problem.hint });
        return;
      }
    }
    if (!accept(segs, text, where)) return;
    const q = readQuantity(valueAtPath(data[0].raw, segs))!;
    if (unit && !sameUnit(unit, q)) {
      out.push({ path: where, message: `${text} is written in "${unitText(q)}" but ${written[0]} in "${unitText(unit)}"; one parameter sets one value`, hint: `${verb.to} fields of different units as separate parameters` });
      return;
    }
    unit ??= q;
    base ??= q.value;
    paths.push(segs);
  });
  return out.length > before || unit === undefined || base === undefined ? null : { paths, unit, base };
}

/** A setting (a number, or text with a unit) as a number in unit `u`, or undefined with a finding at `where`. */
export function readSetting(v: number | string, u: Unit, path: readonly string[], base: number, where: PathSegment[], out: Finding[]): number | undefined {
  const q = readQuantity(v);
  if (q === null) {
    out.push({ path: where, message: `expected a number in "${unitText(u) || 'plain numbers'}", found ${showFound(v)}`, hint: `write it like the scenario writes ${joinPath(path)}, e.g. ${example(base, u)}` });
    return undefined;
  }
  if (typeof v === 'string' && !sameUnit(q, u) && !(q.prefix === '' && q.suffix === '')) {
    out.push({ path: where, message: `${JSON.stringify(v)} is in "${unitText(q)}", but the scenario writes ${joinPath(path)} in "${unitText(u) || 'plain numbers'}"`, expected: unitText(u) || 'a plain number', found: unitText(q), hint: `write it in the scenario's unit, e.g. ${example(base, u)}` });
    return undefined;
  }
  return q.value;
}

/**
 * Rank correlations written as [a, b, r] between named parameters, as the
 * k × k matrix sampling imposes; null, with findings under `at`, when a name
 * is not one of `names` (`whose` words the message: "a parameter of this
 * sweep"), a parameter is paired with itself or a pair repeats, or the
 * correlations cannot hold together.
 */
export function correlationMatrix(list: readonly (readonly [string, string, number])[], names: readonly string[], at: PathSegment[], whose: string, out: Finding[]): number[][] | null {
  const k = names.length;
  const m = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j): number => (i === j ? 1 : 0)));
  const before = out.length;
  const seen = new Set<string>();
  list.forEach(([a, b, r], i) => {
    const ia = names.indexOf(a);
    const ib = names.indexOf(b);
    for (const [n, idx, j] of [[a, ia, 0], [b, ib, 1]] as const) {
      if (idx < 0) out.push({ path: [...at, i, j], message: `"${n}" is not ${whose}`, hint: closest(n, names) ? `did you mean "${closest(n, names)}"?` : `parameters: ${listNames([...names])}` });
    }
    if (ia < 0 || ib < 0) return;
    if (ia === ib) return void out.push({ path: [...at, i], message: `a parameter cannot be correlated with itself ("${a}")`, hint: 'name two different parameters' });
    const key = [a, b].sort().join('|');
    if (seen.has(key)) return void out.push({ path: [...at, i], message: `the correlation of "${a}" and "${b}" is given twice`, hint: 'keep one' });
    seen.add(key);
    m[ia][ib] = m[ib][ia] = r;
  });
  if (out.length > before) return null;
  const problem = correlationProblem(m);
  if (problem) {
    out.push({ path: at, message: problem });
    return null;
  }
  return m;
}
