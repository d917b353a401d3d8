/**
 * A draw's scenario the long way: the drawn values laid over the scenario's
 * file as an overlay (as sweep variants and --set are), loaded and validated
 * like any file, with the uncertainty section removed so a draw is a plain,
 * fixed scenario. It is the reference the fast path is held to, and the path
 * every draw it cannot vouch for takes, so problems read as for any file.
 */
import { parseScenarioText, type LoadOptions, type LoadResult, type ReadFile } from '../model/load.ts';
import { addOverride, overlayFile } from '../model/overlay.ts';
import { isMap, type Plain } from '../model/plain.ts';
import { writeQuantity } from '../sweep/quantity.ts';
import type { UncertainParameter } from './resolve.ts';

/** Where a scenario was read from, so its draws can be laid over it. */
export interface ScenarioSource {
  /** The top file (possibly an in-memory overlay, such as --set's). */
  file: string;
  read: ReadFile;
  /** The scenario's data through extends and like:, as overlays see it. */
  raw: unknown;
  opts?: LoadOptions;
}

/** The overlay of one draw on the scenario's data: every path of each parameter set to its value, the uncertainty section removed. */
export function drawOverlay(parameters: readonly UncertainParameter[], raw: unknown, values: readonly number[]): Plain {
  const overlay: Plain = {};
  parameters.forEach((p, j) => {
    for (const path of p.paths) addOverride(overlay, raw, path, writeQuantity(values[j], p.unit));
  });
  if (isMap(raw) && raw.uncertainty !== undefined) overlay.uncertainty = null;
  return overlay;
}

/** Draw `index` (0-based) loaded from its overlay's text, as a file is. */
export function loadDraw(src: ScenarioSource, parameters: readonly UncertainParameter[], values: readonly number[], index: number): LoadResult {
  const { file, text } = overlayFile(src.file, drawOverlay(parameters, src.raw, values), `(parameter draw ${index + 1})`);
  return parseScenarioText(text, file, (path, from) => (path === file ? text : src.read(path, from)), src.opts);
}
