/**
 * The one rule for keys and names in scenario and sweep files (and in --set
 * paths): every key of every map, and every name a user chooses for an entry
 * (a service, a state, a referral stream, a sweep parameter), is checked here.
 *
 * Names an ordinary JavaScript object already answers to are reserved. Written
 * as a key, `__proto__` becomes an object's prototype and silently drops the
 * entry; `constructor`, `toString` and the like are found on every object, so a
 * lookup of a name that was never defined finds them. None can name anything.
 */
import { z } from 'zod';
import { quote } from './units.ts';

/** A chosen name starts with a letter, then letters, digits, "-" or "_" (docs/scenario-format.md). */
export const namePattern = '^[A-Za-z][A-Za-z0-9_-]*$';
const nameRe = new RegExp(namePattern);

/**
 * Object.prototype's own properties (ECMAScript 2023 plus the legacy
 * accessors every engine has), and `prototype`, which every function has. The
 * list is fixed rather than read from Object.prototype so a file means the same
 * in every engine; a test keeps it a superset of Object.prototype's properties.
 */
export const reservedNames: readonly string[] = Object.freeze([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);
const reserved = new Set(reservedNames);

export const isReservedName = (key: string): boolean => reserved.has(key);

/** Why a name cannot be used, in the words of a problem; undefined when it can. */
export interface NameProblem {
  message: string;
  expected: string;
  found: string;
  hint: string;
}

const renameHint = 'rename it and update every place that refers to it';

/** Why `key`, a key of any map in a file or a part of a --set path, cannot be used: it is reserved. */
export function reservedKeyProblem(key: string): NameProblem | undefined {
  if (!isReservedName(key)) return undefined;
  return {
    message: `"${key}" is a reserved name: every JavaScript object already has it, so it cannot name a field or an entry`,
    expected: 'a name other than __proto__, constructor, prototype, toString, valueOf and the other built-in names of objects',
    found: quote(key),
    hint: renameHint,
  };
}

/** Why `name`, a name a user chose (the key of a map of named entries), cannot be used; undefined when it can. */
export function nameProblem(name: string): NameProblem | undefined {
  const r = reservedKeyProblem(name);
  if (r) return r;
  if (nameRe.test(name)) return undefined;
  const fixed = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z]+/, '');
  const expected = 'a name that starts with a letter and uses only letters, digits, "-" and "_"';
  return { message: `expected ${expected}, found ${quote(name)}`, expected, found: quote(name), hint: `rename it${fixed ? `, e.g. "${fixed}",` : ''} and update every place that refers to it` };
}

/** Whether `name` may name an entry: it matches the name pattern and is not reserved. */
export const isSafeName = (name: string): boolean => nameProblem(name) === undefined;

/** The schema of a chosen name, for the keys of a map of named entries (z.record(nameKey(...), ...)). */
export const nameKey = (description: string) =>
  z
    .string()
    .regex(nameRe)
    .refine((k) => !isReservedName(k))
    .meta({ description });
