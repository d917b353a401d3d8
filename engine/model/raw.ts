import { readChain } from './load.ts';
import { mergePlain } from './tree.ts';

type Plain = Record<string, unknown>;

/** A plain map (not a list or null). */
export const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A scenario's data merged through its `extends` chain as plain values, before
 * validation: what overrides (`--set`, the viewer's panel) are applied to and
 * read from. Null if it cannot be read as data; the loader reports why. The
 * loader reads it, so it is guarded and merged exactly as loading is.
 */
export const rawChain = readChain;

/** Lays `over` on `base` as `extends` does: maps merge key by key, a null removes, everything else replaces. */
export const mergeRaw = mergePlain;
