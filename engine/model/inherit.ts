/**
 * `like:` state inheritance. A state that says `like: engaging` starts as a
 * copy of that state; the fields it gives override the copy's, and its
 * `exits`, `next` and `phases` merge with the copy's name by name, where a
 * null removes the inherited entry. Resolved on the positioned tree before
 * validation, so every problem in an inherited value still points at the line
 * where it was written. A null for a whole field (phases: null) drops it.
 */
import { didYouMean, listNames, type Finding } from './problems.ts';
import { childMap, isNull, mergeTrees, type MapTree, type Tree } from './tree.ts';

/** The named maps of a state that merge entry by entry. */
const keyedFields = ['exits', 'next', 'phases'] as const;
const MAX_DEPTH = 16;

/** The tree with every `like:` state replaced by its resolved copy; problems go to `out`. */
export function resolveLikes(tree: Tree, out: Finding[]): Tree {
  const states = childMap(tree, 'states');
  if (!states || ![...states.entries.values()].some((e) => e.value.kind === 'map' && e.value.entries.has('like'))) return tree;
  const done = new Map<string, Tree>();
  const resolve = (name: string, trail: string[]): Tree | undefined => {
    const hit = done.get(name);
    if (hit) return hit;
    const own = states.entries.get(name)?.value;
    if (!own || own.kind !== 'map' || !own.entries.has('like')) return own;
    const like = own.entries.get('like')!.value;
    const path = ['states', name, 'like'];
    const target = like.kind === 'scalar' && typeof like.value === 'string' ? like.value : undefined;
    const names = [...states.entries.keys()].filter((n) => n !== name);
    if (target === undefined) {
      out.push({ path, message: 'expected the name of another state to copy', expected: `a state name, one of ${listNames(names)}`, found: like.kind === 'scalar' ? String(like.value) : `a ${like.kind === 'seq' ? 'list' : 'map'}`, hint: 'write like: <state>, e.g. like: iss' });
      return undefined;
    }
    if (target === name || trail.includes(target)) {
      const loop = [...trail.slice(trail.indexOf(target)), name, target];
      out.push({ path, message: `like: loop: ${loop.join(' → ')}`, expected: 'a chain of like: that ends at a state without like:', found: 'a loop', hint: 'remove like: from one of these states' });
      return undefined;
    }
    if (!states.entries.has(target)) {
      out.push({ path, message: `unknown state "${target}" to copy; expected one of ${listNames(names)}`, expected: `one of ${listNames(names)}`, found: JSON.stringify(target), hint: didYouMean(target, names) ?? 'name a state defined under states' });
      return undefined;
    }
    if (trail.length >= MAX_DEPTH) {
      out.push({ path, message: `like: chain longer than ${MAX_DEPTH} states`, hint: 'copy from a state nearer the start of the chain' });
      return undefined;
    }
    const base = resolve(target, [...trail, name]);
    if (!base || base.kind !== 'map') return undefined;
    const resolved = inherit(base, own, name, target, out);
    done.set(name, resolved);
    return resolved;
  };
  const entries = new Map(states.entries);
  for (const [name, e] of states.entries) {
    if (e.value.kind !== 'map' || !e.value.entries.has('like')) continue;
    const r = resolve(name, []);
    // A state whose like: failed keeps its own fields (without like:), so its other problems are still found.
    entries.set(name, { key: e.key, value: r ?? withoutLike(e.value) });
  }
  const top = tree as MapTree;
  return { ...top, entries: new Map([...top.entries, ['states', { key: top.entries.get('states')!.key, value: { ...states, entries } }]]) };
}

function withoutLike(t: MapTree): MapTree {
  return { ...t, entries: new Map([...t.entries].filter(([k]) => k !== 'like')) };
}

/** `own` laid over the resolved `base`: keyed maps entry by entry (null removes), other fields replace. */
function inherit(base: MapTree, own: MapTree, name: string, target: string, out: Finding[]): MapTree {
  const entries = new Map(base.entries);
  for (const [k, e] of withoutLike(own).entries) {
    const b = base.entries.get(k);
    if (isNull(e.value)) {
      entries.delete(k); // e.g. phases: null or duration: null, to drop what the copy has
      continue;
    }
    if (!(keyedFields as readonly string[]).includes(k) || !b || b.value.kind !== 'map' || e.value.kind !== 'map') {
      entries.set(k, e);
      continue;
    }
    const merged = new Map(b.value.entries);
    const inherited = [...b.value.entries.keys()];
    for (const [entry, over] of e.value.entries) {
      const path = ['states', name, k, entry];
      if (!merged.has(entry) && (isNull(over.value) || !completeEntry(k, over.value))) {
        out.push({
          path,
          at: 'key',
          pos: over.key,
          message: `state "${target}" (copied by like:) has no ${k === 'phases' ? 'phase' : k === 'next' ? 'branch' : 'exit'} named "${entry}" to ${isNull(over.value) ? 'remove' : 'change'}; it has ${listNames(inherited, 'and')}`,
          expected: `one of ${listNames(inherited)}`,
          found: JSON.stringify(entry),
          hint: didYouMean(entry, inherited) ?? (isNull(over.value) ? 'remove this line' : `to add a new one, give it in full (${k === 'exits' ? 'rate, and to or reason' : k === 'next' ? 'p, and to or reason' : 'until'})`),
        });
        continue;
      }
      if (isNull(over.value)) merged.delete(entry);
      else merged.set(entry, { key: over.key, value: merged.has(entry) ? mergeTrees(merged.get(entry)!.value, over.value) : over.value });
    }
    entries.set(k, { key: e.key, value: { ...e.value, entries: merged } });
  }
  return { ...own, entries };
}

/** A new entry in a like: state must be given in full, so a misspelt name is not taken for a new exit. */
function completeEntry(field: string, t: Tree): boolean {
  if (t.kind !== 'map') return true; // not ours to judge: validation says what is wrong with it
  const has = (k: string): boolean => t.entries.has(k);
  if (field === 'exits') return has('rate') && (has('to') || has('reason'));
  if (field === 'next') return has('p') && (has('to') || has('reason'));
  return true;
}
