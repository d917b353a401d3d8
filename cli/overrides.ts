/**
 * --set path=value: overrides applied to the scenario file's data before
 * validation. They go into an in-memory file that `extends` the scenario, so
 * they are validated exactly like the file, the scenario hash covers them, and
 * a problem with an overridden value is reported against the --set that gave it.
 */
import type { LoadResult } from '../engine/model/load.ts';
import { joinPath, nearestPath, OverlayError, overlayFile, splitPath } from '../engine/model/overlay.ts';
import { OverrideError, overridePath, overridesOverlay, parseOverrideText, type Override } from '../engine/model/overrides.ts';
import { rawChain } from '../engine/model/raw.ts';
import { formatProblems, type ScenarioProblem } from '../engine/model/problems.ts';
import { InputError } from './errors.ts';
import { displayPath, readScenarioFile, readTextFile, realpath } from './files.ts';
import type { ScenarioSource } from '../engine/uncertainty/draws.ts';

/** Parses "a.b[0].c=value" (engine/model/overrides.ts), refusing a --set with no path or a path that cannot be written. */
export function parseOverride(text: string): Override {
  const o = parseOverrideText(text);
  const example = 'e.g. --set services.iss.staff.fte=20 or --set "horizon=5 years"';
  if (!o) throw new InputError(`--set expects path=value, ${example}; got ${JSON.stringify(text)}`);
  blamed(text, () => splitPath(text.slice(0, text.indexOf('='))));
  return o;
}

/** Runs f, turning an overlay problem into an input error headed by the --set that caused it. */
function blamed<T>(text: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof OverlayError) throw new InputError(`--set ${text}: ${err.message}`);
    throw err;
  }
}

/**
 * The --set overlay of a scenario file: its name and text (beside the file,
 * so it extends it). A value set is a decision: the uncertain figures it sets
 * leave the uncertainty section in the same overlay (`fixed` names them).
 */
function setOverlay(shown: string, overrides: readonly Override[]): { file: string; text: string; fixed: string[] } {
  const raw = rawChain(readTextFile(shown) ?? '', shown, (path) => readTextFile(path));
  try {
    const { overlay, fixed } = overridesOverlay(raw, overrides);
    return { ...overlayFile(shown, overlay, '(--set)'), fixed };
  } catch (err) {
    if (err instanceof OverrideError) throw new InputError(`--set ${err.override.text}: ${err.message}`);
    throw err;
  }
}

/** The uncertain figures the overrides fix (so they are not drawn), by name. */
export function fixedBySet(file: string, overrides: readonly Override[]): string[] {
  return overrides.length === 0 || readTextFile(file) === undefined ? [] : setOverlay(displayPath(file), overrides).fixed;
}

/** Where a loaded scenario (with its overrides) comes from, for laying parameter draws over it. */
export function scenarioSource(file: string, overrides: readonly Override[]): ScenarioSource {
  const shown = displayPath(file);
  const top = overrides.length === 0 ? { file: shown, text: readTextFile(shown) ?? '' } : setOverlay(shown, overrides);
  const read = (path: string): string | undefined => (path === top.file ? top.text : readTextFile(path));
  return { file: top.file, read, raw: rawChain(top.text, top.file, read, { realpath }), opts: { realpath, cache: new Map() } };
}

/** Loads a scenario file with overrides; without any, exactly as the file reads. */
export function loadWithOverrides(file: string, overrides: readonly Override[]): LoadResult {
  if (overrides.length === 0 || readTextFile(file) === undefined) return readScenarioFile(file);
  const { file: overlayName, text } = setOverlay(displayPath(file), overrides);
  const loaded = readScenarioFile(overlayName, new Map([[overlayName, text]]));
  if (loaded.ok) return { ...loaded, files: loaded.files.filter((f) => f !== overlayName) };
  return {
    ok: false,
    errors: loaded.errors.map((p) => (p.file === overlayName ? { ...p, file: `--set ${blame(p, overrides).text}` } : p)),
  };
}

/** The override a problem in the overlay comes from: the one whose path is nearest the problem's. */
function blame(p: ScenarioProblem, overrides: readonly Override[]): Override {
  return overrides[nearestPath(p.path, overrides.map((o) => joinPath(overridePath(o))))] ?? overrides[overrides.length - 1];
}

/** Problems as text; those from an override (or a calibrate --param) are headed by the --set or --param that caused them rather than a line number. */
export function formatLoadProblems(problems: readonly ScenarioProblem[]): string {
  return problems
    .map((p) => {
      if (!/^--(set|param) /.test(p.file)) return formatProblems([p]);
      return [`${p.file}${p.path ? `  ${p.path}` : ''}`, `  ${p.message}`, ...(p.hint ? [`  fix: ${p.hint}`] : [])].join('\n');
    })
    .join('\n\n');
}
