/**
 * A value set by hand (--set, the viewer's panel) is a decision, not an
 * uncertainty: the uncertain figures it sets leave the scenario's uncertainty
 * section, in the same overlay that sets them, so the loader checks and the
 * draws use what is left. Works on the scenario's plain data; pure.
 */
import { splitPath } from '../model/overlay.ts';
import { isMap, type Plain } from '../model/plain.ts';

/** Whether a parameter at `path` is set by an override at `fixed` (the same field, or a map or list that holds it). */
const setBy = (path: readonly string[], fixed: readonly string[]): boolean => fixed.length <= path.length && fixed.every((s, i) => s === path[i]);

/** The written paths of an uncertainty entry: `path`, `paths`, or a posterior column's string. */
function pathsOf(entry: unknown): string[][] {
  const texts = typeof entry === 'string' ? [entry] : isMap(entry) ? (Array.isArray(entry.paths) ? entry.paths : [entry.path]) : [];
  return texts.flatMap((t) => {
    if (typeof t !== 'string') return [];
    try {
      return [splitPath(t)];
    } catch {
      return []; // the loader reports a bad path
    }
  });
}

/**
 * What an overlay must add so the figures `fixed` sets are no longer drawn:
 * their entries removed (and the correlations that name them), or the whole
 * section when nothing would be left. Null when no uncertain figure is set.
 */
export function fixedByOverrides(raw: unknown, fixed: readonly (readonly string[])[]): { patch: Plain; dropped: string[] } | null {
  const u = isMap(raw) ? raw.uncertainty : undefined;
  if (!isMap(u) || fixed.length === 0) return null;
  const hit = (entry: unknown): boolean => pathsOf(entry).some((p) => fixed.some((f) => setBy(p, f)));
  const params = isMap(u.parameters) ? u.parameters : {};
  const columns = isMap(u.posterior) && isMap(u.posterior.parameters) ? u.posterior.parameters : {};
  const droppedParams = Object.keys(params).filter((n) => hit(params[n]));
  const droppedColumns = Object.keys(columns).filter((n) => hit(columns[n]));
  const dropped = [...droppedParams, ...droppedColumns];
  if (dropped.length === 0) return null;
  const keptParams = Object.keys(params).length - droppedParams.length;
  const keptColumns = Object.keys(columns).length - droppedColumns.length;
  if (keptParams + keptColumns === 0) return { patch: { uncertainty: null }, dropped };
  const patch: Plain = {};
  if (droppedParams.length > 0) patch.parameters = Object.fromEntries(droppedParams.map((n) => [n, null]));
  if (droppedColumns.length > 0) patch.posterior = keptColumns === 0 ? null : { parameters: Object.fromEntries(droppedColumns.map((n) => [n, null])) };
  if (Array.isArray(u.correlations) && droppedParams.length > 0) {
    const gone = new Set(droppedParams);
    patch.correlations = u.correlations.filter((c) => !(Array.isArray(c) && (gone.has(c[0] as string) || gone.has(c[1] as string))));
  }
  return { patch: { uncertainty: patch }, dropped };
}
