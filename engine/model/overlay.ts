/**
 * Overrides of a scenario's values by field path ("services.iss.staff.fte"),
 * gathered into an overlay: a file in memory that `extends` the scenario. So an
 * overridden scenario is validated exactly like a file, its hash covers the
 * overrides, and a bad value gets the loader's usual message. The CLI's --set,
 * the viewer's panel and sweep variants all build their scenarios this way.
 */
import { stringify as stringifyYaml } from 'yaml';
import { reservedKeyProblem } from './names.ts';
import { pathText } from './problems.ts';
import { isMap } from './plain.ts';

type Plain = Record<string, unknown>;

/** A path or value that cannot be applied; the message says why and how to write it. */
export class OverlayError extends Error {}

/** "a.b[0].c" → ["a", "b", "0", "c"]; list indices stay digit strings. */
export function splitPath(text: string): string[] {
  const path = text.trim().replace(/\[(\d+)\]/g, '.$1').split('.');
  if (path.some((s) => s === '')) throw new OverlayError(`the path ${JSON.stringify(text)} has an empty part; write it as a.b.c or a.b[0].c`);
  if (path[0] === 'extends') throw new OverlayError('extends cannot be overridden; use the other scenario file instead');
  for (const seg of path) {
    const reserved = reservedKeyProblem(seg);
    if (reserved) throw new OverlayError(reserved.message);
  }
  return path;
}

/** The path as people write it: "states.iss.exits[0].rate". */
export const joinPath = (path: readonly string[]): string => pathText(path.map((s, i) => (i > 0 && /^\d+$/.test(s) ? Number(s) : s)));

/** The value at a path of plain data, or undefined when the path leads nowhere. */
export function valueAtPath(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const seg of path) {
    if (Array.isArray(v)) v = /^\d+$/.test(seg) ? v[Number(seg)] : undefined;
    else if (isMap(v)) v = Object.hasOwn(v, seg) ? v[seg] : undefined;
    else return undefined;
  }
  return v;
}

/** Sets a value at a path inside plain data, indexing lists by number. */
function setInside(container: unknown, path: string[], value: unknown, shown: string[]): void {
  const [head, ...rest] = path;
  if (Array.isArray(container)) {
    const i = Number(head);
    if (!/^\d+$/.test(head) || i >= container.length) {
      const at = joinPath(shown);
      throw new OverlayError(`${at} is a list of ${container.length}; use an index from 0 to ${container.length - 1}, e.g. ${at}[0]`);
    }
    if (rest.length === 0) container[i] = value;
    else setInside(container[i], rest, value, [...shown, head]);
    return;
  }
  if (!isMap(container)) throw new OverlayError(`${joinPath(shown)} is a single value, not a map or list, so it has no ${JSON.stringify(head)}`);
  if (rest.length === 0) container[head] = value;
  else {
    if (!isMap(container[head]) && !Array.isArray(container[head])) container[head] = {};
    setInside(container[head], rest, value, [...shown, head]);
  }
}

/**
 * Adds one override to `overlay`, a map laid over `raw` (the scenario's data
 * through its extends chain). Maps merge key by key with the file, so the
 * overlay holds only the path; a list is replaced whole, so a path through a
 * list copies the file's list into the overlay and sets the item there.
 */
export function addOverride(overlay: Plain, raw: unknown, path: readonly string[], value: unknown, shown: string[] = []): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    overlay[head] = value;
    return;
  }
  const rawChild = isMap(raw) ? raw[head] : undefined;
  if (Array.isArray(rawChild) || Array.isArray(overlay[head])) {
    if (!Array.isArray(overlay[head])) overlay[head] = structuredClone(rawChild);
    setInside(overlay[head], rest, value, [...shown, head]);
    return;
  }
  if (!isMap(overlay[head])) overlay[head] = {};
  addOverride(overlay[head] as Plain, rawChild, rest, value, [...shown, head]);
}

/** The overlay file's name (beside the scenario, so `extends` resolves) and its YAML text. */
export function overlayFile(scenarioFile: string, overlay: Plain, label: string): { file: string; text: string } {
  const slash = scenarioFile.lastIndexOf('/');
  const dir = slash < 0 ? '' : scenarioFile.slice(0, slash + 1);
  return { file: `${dir}${label}`, text: stringifyYaml({ extends: scenarioFile.slice(dir.length), ...overlay }) };
}

/**
 * Of `paths` (as people write them), the index of the one a problem at
 * `problemPath` most likely comes from: on the same branch of the file (one
 * is a prefix of the other), sharing the most of it, then nearest in length;
 * -1 when none is.
 */
export function nearestPath(problemPath: string, paths: readonly string[]): number {
  let best = -1;
  let shared = -1;
  let gap = Infinity;
  paths.forEach((text, i) => {
    if (!(problemPath.startsWith(text) || text.startsWith(problemPath))) return;
    const s = Math.min(text.length, problemPath.length);
    const g = Math.abs(text.length - problemPath.length);
    if (s > shared || (s === shared && g < gap)) [best, shared, gap] = [i, s, g];
  });
  return best;
}
