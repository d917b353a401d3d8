/**
 * path=value overrides, as `casecast --set` and the viewer's parameter panel
 * and links write them, and the overlay they make over a scenario's data:
 * each value read as YAML and set at its path, and the uncertain figures it
 * sets taken out of the draws (a value set is a decision). The overlay goes
 * into a file that `extends` the scenario, so the loader validates it like
 * any file. Pure: each shell reads its files and words its own errors.
 */
import { parse as parseYaml } from 'yaml';
import { fixedByOverrides } from '../uncertainty/fix.ts';
import { addOverride, OverlayError, splitPath } from './overlay.ts';
import { mergeRaw } from './raw.ts';

export interface Override {
  /** As typed: "services.iss.staff.fte=20". */
  text: string;
  /** The path as written, trimmed: "services.iss.staff.fte", "states.iss.exits.move-on.rate[1].rate". */
  path: string;
  /** The value as written; read as YAML when applied, so 20 is a number and "5 years" text. */
  value: string;
}

/** An override whose path cannot be set in the data: `message` says why, `override` which one. */
export class OverrideError extends Error {
  constructor(
    readonly override: Override,
    message: string,
  ) {
    super(message);
  }
}

/** The override that sets `path` to `value`. */
export const override = (path: string, value: string): Override => ({ text: `${path}=${value}`, path, value });

/** "path=value" again, from the path and value. */
export const overrideText = (o: Pick<Override, 'path' | 'value'>): string => `${o.path}=${o.value}`;

/** Splits "a.b[0].c=value" at its first "="; undefined when no path comes before one. */
export function parseOverrideText(text: string): Override | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return { text, path: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/** The path's segments; list indices are digits. Throws an OverlayError for a path that cannot be written. */
export const overridePath = (o: Pick<Override, 'path'>): string[] => splitPath(o.path);

/** The value read as YAML; text that is not YAML stays text. */
export function overrideValue(o: Pick<Override, 'value'>): unknown {
  try {
    return parseYaml(o.value);
  } catch {
    return o.value;
  }
}

/**
 * The overrides set into one overlay over the scenario's raw data (its
 * extends chain resolved). Throws an OverrideError naming the first override
 * that cannot be set.
 */
export function applyOverrides(raw: unknown, overrides: readonly Override[]): Record<string, unknown> {
  const overlay: Record<string, unknown> = {};
  for (const o of overrides) {
    try {
      addOverride(overlay, raw, overridePath(o), overrideValue(o));
    } catch (err) {
      if (err instanceof OverlayError) throw new OverrideError(o, err.message);
      throw err;
    }
  }
  return overlay;
}

/**
 * The overlay a scenario is loaded through: the overrides applied, and the
 * uncertain figures they set moved out of the uncertainty section (`fixed`
 * names them).
 */
export function overridesOverlay(raw: unknown, overrides: readonly Override[]): { overlay: Record<string, unknown>; fixed: string[] } {
  const overlay = applyOverrides(raw, overrides);
  const fix = fixedByOverrides(raw, overrides.map(overridePath));
  return fix ? { overlay: mergeRaw(overlay, fix.patch) as Record<string, unknown>, fixed: fix.dropped } : { overlay, fixed: [] };
}
