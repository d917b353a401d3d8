/**
 * A scenario file as a plain tree that remembers where each value was written,
 * so a problem found after merging (`extends`, `like:`) still points at the
 * file, line and column of the value it is about.
 */
export interface Pos {
  file: string;
  line: number;
  column: number;
}

export type Tree =
  | { kind: 'map'; pos: Pos; entries: Map<string, { key: Pos; value: Tree }> }
  | { kind: 'seq'; pos: Pos; items: Tree[] }
  | { kind: 'scalar'; pos: Pos; value: unknown };

export type MapTree = Extract<Tree, { kind: 'map' }>;

/** A `null` written as a value: in an overlay or a `like:` state it removes the entry it names. */
export const isNull = (t: Tree): boolean => t.kind === 'scalar' && t.value === null;

/** The map at `key` of a map tree, if there is one. */
export function childMap(t: Tree | undefined, key: string): MapTree | undefined {
  const v = t?.kind === 'map' ? t.entries.get(key)?.value : undefined;
  return v?.kind === 'map' ? v : undefined;
}

/**
 * Lays `over` on `base`: maps merge key by key, lists and scalars replace, and
 * a null removes the entry of the base it names. Each value keeps the position
 * where it was written.
 */
export function mergeTrees(base: Tree, over: Tree): Tree {
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries = new Map(base.entries);
  for (const [k, e] of over.entries) {
    const b = entries.get(k);
    if (b && isNull(e.value)) entries.delete(k);
    else entries.set(k, b ? { key: e.key, value: mergeTrees(b.value, e.value) } : e);
  }
  return { kind: 'map', pos: over.pos, entries };
}
