import type { ReadFile } from './load.ts';
import { resolveRelative } from './load.ts';
import { parse as parseYaml } from 'yaml';
import { mergePlain } from './tree.ts';

type Plain = Record<string, unknown>;

/** A plain map (not a list or null). */
export const isMap = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A scenario's data merged through its `extends` chain as plain values, before
 * validation: what overrides (`--set`, the viewer's panel) are applied to and
 * read from. Null if it cannot be read as data; the loader reports why.
 */
export function rawChain(text: string, file: string, read: ReadFile, depth = 0): unknown {
  if (depth > 16) return null;
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    return null;
  }
  if (!isMap(data) || typeof data.extends !== 'string') return data;
  const { extends: base, ...rest } = data;
  const target = resolveRelative(file, base as string);
  const baseText = read(target, file);
  return mergeRaw(baseText === undefined ? null : rawChain(baseText, target, read, depth + 1), rest);
}

/** Lays `over` on `base` as `extends` does: maps merge key by key, a null removes, everything else replaces. */
export const mergeRaw = mergePlain;
