import { readChain } from './load.ts';
import { isMap, type Plain } from './plain.ts';

export { isMap };

/**
 * A scenario's data merged through its `extends` chain as plain values, before
 * validation: what overrides (`--set`, the viewer's panel) are applied to and
 * read from. Null if it cannot be read as data; the loader reports why. The
 * loader reads it, so it is guarded and merged exactly as loading is.
 */
export const rawChain = readChain;

/** Lays `over` on `base` as `extends` lays trees (mergeTrees): maps merge key by key, a null removes what it names, everything else replaces. */
export function mergeRaw(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null && Object.hasOwn(base, k)) delete out[k];
    else out[k] = Object.hasOwn(base, k) ? mergeRaw(base[k], v) : v;
  }
  return out;
}
