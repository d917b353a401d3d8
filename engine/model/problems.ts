/**
 * Problems found in a scenario file: where (file, line, column, field path), what was
 * expected, what was found and how to fix it. Also turns zod issues into such problems
 * and suggests close names for misspellings.
 */
import type { z } from 'zod';
import { nameProblem } from './names.ts';
import { durationPattern, editDistance, MAX_QUOTED, parseDuration, parseRate, quote, ratePattern, showFound, type UnitProblem } from './units.ts';

/** One problem in a scenario, placed in the file where the offending value was written. */
export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  /** Dot path in the file, e.g. "services.iss.staff.caseloadPerWorker" or "states.iss.exits[1].rate"; "" for the whole file. */
  path: string;
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
}

export type PathSegment = string | number;

/** A problem before it is placed: a path into the merged file tree, and where on it to point. */
export interface Finding {
  path: PathSegment[];
  message: string;
  expected?: string;
  found?: string;
  hint?: string;
  /** Point at the key (unknown fields), at the value (default), or at the parent (missing fields). */
  at?: 'key' | 'value' | 'parent';
  /** Where it was written, when the path no longer leads there (an entry a merge left out). */
  pos?: { file: string; line: number; column: number };
}

/** "states.iss.exits[1].rate" from ["states", "iss", "exits", 1, "rate"]. */
export function pathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    // A key longer than any name (a line of some other file read as a key) is shown cut short.
    const s = typeof seg === 'string' && seg.length > MAX_QUOTED ? `${seg.slice(0, MAX_QUOTED - 1)}…` : seg;
    out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  }
  return out;
}

/** Formats problems one block each: "file:line:col  path", the message, then "fix: ..." when there is a hint. */
export function formatProblems(problems: readonly ScenarioProblem[]): string {
  return problems
    .map((p) => {
      const head = `${p.file}:${p.line}:${p.column}${p.path ? `  ${p.path}` : ''}`;
      return [head, `  ${p.message}`, ...(p.hint ? [`  fix: ${p.hint}`] : [])].join('\n');
    })
    .join('\n\n');
}

/** The closest candidate to a misspelt word (case-insensitive Damerau–Levenshtein), if close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  // Allow about one edit per three letters, so short names only match near-exact spellings.
  return best !== undefined && bestD <= Math.max(1, Math.floor(Math.max(w.length, best.length) / 3)) ? best : undefined;
}

/** "did you mean "staff"?" when a candidate is close, else undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c === undefined ? undefined : `did you mean "${c}"?`;
}

/** Lists names for a message: "a, b or c". */
export function listNames(names: readonly string[], join = 'or'): string {
  return names.length <= 1 ? (names[0] ?? '(none)') : `${names.slice(0, -1).join(', ')} ${join} ${names[names.length - 1]}`;
}

// ---------------------------------------------------------------------------
// Structured details carried through zod error messages

const DETAIL = '\u0000detail:';

/** Packs a problem's parts into a zod error message, so a custom check (such as a unit parser) keeps expected/found/hint. */
export function encodeDetail(d: { message: string; expected?: string; found?: string; hint?: string }): string {
  return DETAIL + JSON.stringify(d);
}

function decodeDetail(message: string): Omit<Finding, 'path'> | undefined {
  return message.startsWith(DETAIL) ? (JSON.parse(message.slice(DETAIL.length)) as Omit<Finding, 'path'>) : undefined;
}

// ---------------------------------------------------------------------------
// zod issues → findings

/** The unit parser's problem with text that fails a duration or rate pattern (zod gives the pattern as /source/). */
function unitFormatProblem(pattern: string | undefined, text: string): UnitProblem | undefined {
  const source = pattern?.replace(/^\/|\/[a-z]*$/g, '');
  const r = source === durationPattern ? parseDuration(text) : source === ratePattern ? parseRate(text) : undefined;
  return r && !r.ok ? r.problem : undefined;
}

type AnySchema = z.core.$ZodType;

/** The value at a path in a plain tree, or undefined. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

function def(s: AnySchema): { type: string; [k: string]: unknown } {
  return s._zod.def as unknown as { type: string; [k: string]: unknown };
}

/** Strips optional/default/nullable wrappers, keeping the first description seen on the way down. */
function unwrap(s: AnySchema): { schema: AnySchema; description?: string } {
  let description: string | undefined;
  for (;;) {
    description ??= (s as { description?: string }).description;
    const d = def(s);
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'nonoptional'].includes(d.type)) s = d.innerType as AnySchema;
    else if (d.type === 'pipe') s = d.in as AnySchema;
    else return { schema: s, description };
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Which union option a value was written for: by discriminator, else the option whose type fits (and, among maps, shares most keys). */
function pickOption(union: AnySchema, value: unknown): AnySchema | undefined {
  const d = def(union);
  const options = d.options as AnySchema[];
  const shapeOf = (o: AnySchema): Record<string, AnySchema> => (def(unwrap(o).schema).shape as Record<string, AnySchema>) ?? {};
  if (typeof d.discriminator === 'string') {
    const key = d.discriminator;
    if (!isMap(value)) return undefined;
    return options.find((o) => {
      const k = shapeOf(o)[key];
      return k !== undefined && fits(unwrap(k).schema, value[key]);
    });
  }
  const fitting = options.filter((o) => fits(unwrap(o).schema, value));
  if (fitting.length > 1 && isMap(value)) {
    const overlap = (o: AnySchema): number => Object.keys(value).filter((k) => k in shapeOf(o)).length;
    return fitting.reduce((a, b) => (overlap(b) > overlap(a) ? b : a));
  }
  return fitting[0];
}

function fits(s: AnySchema, v: unknown): boolean {
  switch (def(s).type) {
    case 'string': case 'enum': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'literal': return (def(s).values as unknown[]).includes(v);
    case 'array': return Array.isArray(v);
    case 'object': case 'record': return isMap(v);
    case 'union': return (def(s).options as AnySchema[]).some((o) => fits(unwrap(o).schema, v));
    default: return true;
  }
}

/**
 * The schema (unwrapped) and description for a path, following union options by the value
 * written there; with `keepUnion`, a union at the end of the path is returned as is.
 */
export function schemaAt(root: AnySchema, path: readonly PathSegment[], tree: unknown, keepUnion = false): { schema: AnySchema; description?: string } | undefined {
  let cur = unwrap(root);
  for (let i = 0; ; i++) {
    while (def(cur.schema).type === 'union' && !(keepUnion && i === path.length)) {
      const opt = pickOption(cur.schema, valueAt(tree, path.slice(0, i)));
      if (!opt) return i === path.length ? cur : undefined;
      const u = unwrap(opt);
      cur = { schema: u.schema, description: cur.description ?? u.description };
    }
    if (i === path.length) return cur;
    const seg = path[i];
    const d = def(cur.schema);
    let next: AnySchema | undefined;
    if (d.type === 'object') next = (d.shape as Record<string, AnySchema>)[seg as string];
    else if (d.type === 'record') next = d.valueType as AnySchema;
    else if (d.type === 'array') next = d.element as AnySchema;
    if (!next) return undefined;
    cur = unwrap(next);
  }
}

/** Field names an object schema allows at a path. */
function allowedKeys(root: AnySchema, path: readonly PathSegment[], tree: unknown): string[] {
  const at = schemaAt(root, path, tree);
  return at && def(at.schema).type === 'object' ? Object.keys(def(at.schema).shape as object) : [];
}

/** What a schema expects, in words: "a number", "text", "a map", "true or false"... */
function expectedPhrase(s: AnySchema | undefined, zodType?: string): string {
  const d = s ? def(s) : { type: zodType ?? 'value' };
  switch (d.type) {
    case 'number': return 'a number';
    case 'string': return 'text';
    case 'boolean': return 'true or false';
    case 'object': case 'record': return 'a map of fields';
    case 'array': return 'a list';
    case 'enum': return `one of ${listNames(Object.values(d.entries as object) as string[])}`;
    case 'literal': return listNames((d.values as unknown[]).map(String));
    case 'union': return listNames([...new Set((d.options as AnySchema[]).map((o) => expectedPhrase(unwrap(o).schema)))]);
    default: return `a ${d.type}`;
  }
}

/** "did you mean "type" instead of "typ"?" when a map has a key close to a missing one. */
function misspeltKey(wanted: string, map: unknown): string | undefined {
  const near = isMap(map) ? Object.keys(map).find((k) => closest(k, [wanted]) !== undefined) : undefined;
  return near === undefined ? undefined : `did you mean "${wanted}" instead of "${near}"?`;
}

/** A field description as a "fix:" line: first letter lower-cased (unless an acronym), no final full stop. */
function asHint(description: string | undefined): string | undefined {
  if (!description) return undefined;
  const d = /^[A-Z][a-z]/.test(description) ? description[0].toLowerCase() + description.slice(1) : description;
  return d.replace(/\.$/, '');
}

/** Turns zod issues into findings with plain-language messages, using the schema's descriptions as hints. */
export function issuesToFindings(issues: readonly z.core.$ZodIssue[], schema: AnySchema, tree: unknown, base: PathSegment[] = []): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as PathSegment[])];
    const here = schemaAt(schema, path, tree);
    const found = showFound(valueAt(tree, path));
    const detail = decodeDetail(issue.message);
    if (detail) {
      out.push({ path, ...detail });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeys(schema, path, tree);
        for (const key of issue.keys) {
          out.push({
            path: [...path, key],
            at: 'key',
            message: `unknown field ${quote(key)}; expected one of ${listNames(allowed)}`,
            expected: `one of ${listNames(allowed)}`,
            found: quote(key),
            hint: didYouMean(key, allowed) ?? 'remove it, or move it to the section where it belongs (field names are case-sensitive)',
          });
        }
        break;
      }
      case 'invalid_type': {
        const expected = expectedPhrase(here?.schema, issue.expected);
        if (valueAt(tree, path) === undefined) {
          const name = path[path.length - 1];
          const hint = misspeltKey(String(name), valueAt(tree, path.slice(0, -1))) ?? asHint(here?.description);
          out.push({ path, at: 'parent', message: `missing required field "${name}": expected ${expected}`, expected, found: 'nothing', hint });
        } else {
          const v = valueAt(tree, path);
          // zod says "expected int" for 2.5, and "expected number" for .inf: say which number is wanted.
          const wanted = issue.expected === 'int' ? 'a whole number' : typeof v === 'number' && !Number.isFinite(v) ? 'a finite number' : expected;
          out.push({ path, message: `expected ${wanted}, found ${found}`, expected: wanted, found, hint: asHint(here?.description) });
        }
        break;
      }
      case 'invalid_format': {
        // A text field with a pattern: a unit field is explained by its parser; no message shows a pattern itself.
        const v = valueAt(tree, path);
        const unit = issue.format === 'regex' && typeof v === 'string' ? unitFormatProblem(issue.pattern, v) : undefined;
        if (unit) out.push({ path, ...unit });
        else out.push({ path, message: `expected text in the form this field takes, found ${found}`, expected: 'text in the documented form', found, hint: asHint(here?.description) ?? 'see docs/scenario-format.md for how to write this field' });
        break;
      }
      case 'invalid_value': {
        const values = issue.values.map(String);
        const v = valueAt(tree, path);
        if (v === undefined) {
          const expected = listNames(values);
          out.push({ path, at: 'parent', message: `missing required field "${path[path.length - 1]}": expected ${expected}`, expected, found: 'nothing', hint: asHint(here?.description) });
          break;
        }
        out.push({
          path,
          message: `expected ${listNames(values)}, found ${found}`,
          expected: listNames(values),
          found,
          hint: (typeof v === 'string' ? didYouMean(v, values) : undefined) ?? asHint(here?.description),
        });
        break;
      }
      case 'invalid_union': {
        if ('discriminator' in issue && issue.discriminator !== undefined) {
          // A distribution (or other tagged map) with a missing or unknown `type`.
          const options = ('options' in issue && issue.options ? issue.options : []).map(String);
          const v = valueAt(tree, path);
          const expected = `one of ${listNames(options)}`;
          out.push(
            v === undefined
              ? {
                  path,
                  at: 'parent',
                  message: `missing required field "${issue.discriminator}": expected ${expected}`,
                  expected,
                  found: 'nothing',
                  hint: misspeltKey(issue.discriminator, valueAt(tree, path.slice(0, -1))) ?? `add ${issue.discriminator}: ${options[0]} (or another of those)`,
                }
              : { path, message: `expected ${expected}, found ${found}`, expected, found, hint: (typeof v === 'string' ? didYouMean(v, options) : undefined) ?? `choose one of ${listNames(options)}` },
          );
          break;
        }
        // Report the option the user evidently meant (its type fits); else say which kinds of value are accepted.
        const u = schemaAt(schema, path, tree, true);
        const options = u && def(u.schema).type === 'union' ? (def(u.schema).options as AnySchema[]) : [];
        const chosen = u && options.length ? pickOption(u.schema, valueAt(tree, path)) : undefined;
        const i = chosen ? options.indexOf(chosen) : -1;
        const detail = issue.errors.flat().map((x) => decodeDetail(x.message)).find(Boolean);
        if (i >= 0 && issue.errors[i]) out.push(...issuesToFindings(issue.errors[i], schema, tree, path));
        else if (detail) out.push({ path, ...detail });
        else {
          const expected = u ? expectedPhrase(u.schema) : 'another kind of value';
          out.push({ path, message: `expected ${expected}, found ${found}`, expected, found, hint: asHint(u?.description) });
        }
        break;
      }
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        const problem = nameProblem(key) ?? { message: `${issue.message}, found ${quote(key)}`, found: quote(key), hint: 'rename it and update every place that refers to it' };
        out.push({ path, at: 'key', ...problem });
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const expected = issue.origin === 'string' ? `text of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} characters` : `${issue.origin === 'array' ? 'a list of ' : 'a value '}${issue.code === 'too_small' ? '>=' : '<='} ${bound}${issue.origin === 'array' ? ' items' : ''}`;
        out.push({ path, message: `expected ${expected}, found ${found}`, expected, found, hint: asHint(here?.description) });
        break;
      }
      default:
        out.push({ path, message: `${issue.message}, found ${found}`, found, hint: asHint(here?.description) });
    }
  }
  return out;
}
