/**
 * --set path=value: overrides applied to the scenario file's data before
 * validation. They go into an in-memory file that `extends` the scenario, so
 * they are validated exactly like the file, the scenario hash covers them, and
 * a problem with an overridden value is reported against the --set that gave it.
 */
import { dirname } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { LoadResult } from '../engine/model/load.ts';
import { isMap, rawChain } from '../engine/model/raw.ts';
import { formatProblems, pathText, type ScenarioProblem } from '../engine/model/problems.ts';
import { InputError } from './errors.ts';
import { displayPath, readScenarioFile, readTextFile } from './files.ts';

export interface Override {
  /** As typed: "services.iss.staff.fte=20". */
  text: string;
  /** Segments, e.g. ["services", "iss", "staff", "fte"]; list indices are digits. */
  path: string[];
  value: unknown;
}

/** Parses "a.b[0].c=value"; the value is read as YAML, so 20 is a number and "5 years" text. */
export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  const example = 'e.g. --set services.iss.staff.fte=20 or --set "horizon=5 years"';
  if (eq <= 0) throw new InputError(`--set expects path=value, ${example}; got ${JSON.stringify(text)}`);
  const raw = text.slice(0, eq).trim();
  const path = raw.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (path.some((s) => s === '')) throw new InputError(`--set ${text}: the path ${JSON.stringify(raw)} has an empty part; write it as a.b.c or a.b[0].c`);
  if (path[0] === 'extends') throw new InputError(`--set ${text}: extends cannot be overridden; run the other scenario file instead`);
  const valueText = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(valueText);
  } catch {
    value = valueText;
  }
  return { text, path, value };
}

type Plain = Record<string, unknown>;

/** Sets a value at a path inside plain data, indexing lists by number. */
function setInside(container: unknown, path: string[], value: unknown, o: Override, shown: string[]): void {
  const [head, ...rest] = path;
  if (Array.isArray(container)) {
    const i = Number(head);
    if (!/^\d+$/.test(head) || i >= container.length) {
      throw new InputError(`--set ${o.text}: ${pathText(shown)} is a list of ${container.length}; use an index from 0 to ${container.length - 1}, e.g. ${pathText(shown)}[0]`);
    }
    if (rest.length === 0) container[i] = value;
    else setInside(container[i], rest, value, o, [...shown, head]);
    return;
  }
  if (!isMap(container)) throw new InputError(`--set ${o.text}: ${pathText(shown)} is a single value, not a map or list, so it has no ${JSON.stringify(head)}`);
  if (rest.length === 0) container[head] = value;
  else {
    if (!isMap(container[head]) && !Array.isArray(container[head])) container[head] = {};
    setInside(container[head], rest, value, o, [...shown, head]);
  }
}

/**
 * Adds one override to the overlay. Maps merge key by key with the file, so
 * the overlay holds only the path; a list is replaced whole, so a path through
 * a list copies the file's list into the overlay and sets the item there.
 */
function addToOverlay(overlay: Plain, raw: unknown, path: string[], o: Override, shown: string[] = []): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    overlay[head] = o.value;
    return;
  }
  const rawChild = isMap(raw) ? raw[head] : undefined;
  if (Array.isArray(rawChild) || Array.isArray(overlay[head])) {
    if (!Array.isArray(overlay[head])) overlay[head] = structuredClone(rawChild);
    setInside(overlay[head], rest, o.value, o, [...shown, head]);
    return;
  }
  if (!isMap(overlay[head])) overlay[head] = {};
  addToOverlay(overlay[head] as Plain, rawChild, rest, o, [...shown, head]);
}

/** Loads a scenario file with overrides; without any, exactly as the file reads. */
export function loadWithOverrides(file: string, overrides: readonly Override[]): LoadResult {
  if (overrides.length === 0 || readTextFile(file) === undefined) return readScenarioFile(file);
  const shown = displayPath(file);
  const raw = rawChain(readTextFile(shown) ?? '', shown, (path) => readTextFile(path));
  const overlay: Plain = {};
  for (const o of overrides) addToOverlay(overlay, raw, o.path, o);
  const dir = dirname(shown);
  const overlayName = dir === '.' ? '(--set)' : `${dir}/(--set)`;
  const text = stringifyYaml({ extends: shown.slice(dir === '.' ? 0 : dir.length + 1), ...overlay });
  const loaded = readScenarioFile(overlayName, new Map([[overlayName, text]]));
  if (loaded.ok) return { ...loaded, files: loaded.files.filter((f) => f !== overlayName) };
  return {
    ok: false,
    errors: loaded.errors.map((p) => (p.file === overlayName ? { ...p, file: `--set ${blame(p, overrides).text}` } : p)),
  };
}

/** The override a problem in the overlay comes from: the one whose path is nearest the problem's. */
function blame(p: ScenarioProblem, overrides: readonly Override[]): Override {
  const text = (o: Override): string => pathText(o.path.map((s, i) => (i > 0 && /^\d+$/.test(s) ? Number(s) : s)));
  const under = overrides.filter((o) => p.path.startsWith(text(o)) || text(o).startsWith(p.path));
  const best = under.sort((a, b) => Math.abs(text(a).length - p.path.length) - Math.abs(text(b).length - p.path.length))[0];
  return best ?? overrides[overrides.length - 1];
}

/** Problems as text; those from an override are headed by the --set that caused them rather than a line number. */
export function formatLoadProblems(problems: readonly ScenarioProblem[]): string {
  return problems
    .map((p) => {
      if (!p.file.startsWith('--set ')) return formatProblems([p]);
      return [`${p.file}${p.path ? `  ${p.path}` : ''}`, `  ${p.message}`, ...(p.hint ? [`  fix: ${p.hint}`] : [])].join('\n');
    })
    .join('\n\n');
}
