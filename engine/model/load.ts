/**
 * Loads a scenario: reads the file (and its `extends` chain) through a caller-supplied callback,
 * parses YAML/JSON with positions, merges, validates, converts and checks, returning either the
 * `Scenario` or every problem found, each placed at the file and line where the value was written.
 * Pure: no fs or process, so it runs in browsers and workers.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { checkEconomics } from '../economics/check.ts';
import { checkScenario } from './check.ts';
import { issuesToFindings, pathText, type Finding, type PathSegment, type ScenarioProblem } from './problems.ts';
import type { Scenario } from './scenario.ts';
import { scenarioFileSchema, sectionEntrySchemas, toScenario, type ScenarioFile } from './schema.ts';
import { reservedKeyProblem } from './names.ts';
import { showFound } from './units.ts';
import { resolveLikes } from './inherit.ts';
import { childMap, mergeTrees as merge, type Pos, type Tree } from './tree.ts';
import { resolveUncertainty } from '../uncertainty/resolve.ts';

/** Reads a file. `path` is already resolved (POSIX separators, normalised) against the directory of `from`, the file that asked for it ("" for the top file); undefined = cannot be read. */
export type ReadFile = (path: string, from: string) => string | undefined;

export type LoadResult = { ok: true; scenario: Scenario; resolvedText: string; files: string[] } | { ok: false; errors: ScenarioProblem[] };

export interface LoadOptions {
  /** Largest file accepted, in bytes of UTF-8 (default 1 MiB). */
  maxBytes?: number;
  /**
   * Parsed files kept between loads (make one with `new Map()`): a sweep loads
   * hundreds of variants of the same files, and parsing YAML is most of a load.
   * Only files reached through `extends` are kept.
   */
  cache?: ParseCache;
  /**
   * The folder every file reached through `extends` must be inside ("" is the
   * folder relative paths start from). Default: `defaultRoot` of the top file.
   */
  root?: string;
  /**
   * The real path of a file or folder, with symbolic links resolved, or
   * undefined when there is none. Given it, a file reached through `extends`
   * must also really be inside the root: a link that leads out is refused.
   */
  realpath?: (path: string) => string | undefined;
}

/** Parsed files by name and text; opaque to callers. */
export type ParseCache = Map<string, { tree: Tree | undefined; problems: ScenarioProblem[] }>;

const DEFAULT_MAX_BYTES = 1024 * 1024;
const MAX_NODES = 100_000; // bounds alias expansion ("billion laughs")
const MAX_EXTENDS_DEPTH = 16;
/** Deepest nesting of maps and lists (a scenario needs about 8); bounds every recursive step after parsing. */
const MAX_DEPTH = 32;

function toPlain(t: Tree): unknown {
  if (t.kind === 'scalar') return t.value;
  if (t.kind === 'seq') return t.items.map(toPlain);
  // Maps without a prototype: looking up a name that was never written finds nothing, not a member of Object.prototype.
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, e] of t.entries) out[k] = toPlain(e.value);
  return out;
}

/** The position for a finding and the path to show: the longest prefix of the path that exists in the tree. */
function locate(root: Tree, path: readonly PathSegment[], at: Finding['at'] = 'value'): { pos: Pos; shown: readonly PathSegment[] } {
  let node = root;
  let keyPos: Pos | undefined;
  const trail: { node: Tree; keyPos?: Pos }[] = [{ node }];
  let depth = 0;
  for (const seg of path) {
    let next: { value: Tree; key?: Pos } | undefined;
    if (node.kind === 'map' && typeof seg === 'string') next = node.entries.get(seg);
    else if (node.kind === 'seq' && typeof seg === 'number' && node.items[seg]) next = { value: node.items[seg] };
    if (!next) break;
    node = next.value;
    keyPos = next.key;
    trail.push({ node, keyPos });
    depth++;
  }
  const complete = depth === path.length;
  if (at === 'parent' || !complete) {
    const t = complete ? trail[trail.length - 2] ?? trail[0] : trail[trail.length - 1];
    // A missing field is reported with its full path; a shorthand (e.g. rate: "x per year" for rate[0].rate) with the part that was written.
    return { pos: t.keyPos ?? t.node.pos, shown: at === 'parent' ? path : path.slice(0, depth) };
  }
  if (at === 'key') return { pos: keyPos ?? node.pos, shown: path };
  return { pos: node.kind === 'scalar' ? node.pos : (keyPos ?? node.pos), shown: path };
}

/** A finding placed at the file, line and column where its value was written. */
function placeFinding(tree: Tree, f: Finding): ScenarioProblem {
  const { pos, shown } = f.pos ? { pos: f.pos, shown: f.path } : locate(tree, f.path, f.at);
  return {
    file: pos.file,
    line: pos.line,
    column: pos.column,
    path: pathText(shown),
    message: f.message,
    ...(f.expected !== undefined && { expected: f.expected }),
    ...(f.found !== undefined && { found: f.found }),
    ...(f.hint !== undefined && { hint: f.hint }),
  };
}

// ---------------------------------------------------------------------------
// YAML / JSON → tree

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) (n += 4), i++;
    else n += 3;
  }
  return n;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - nl };
}

/**
 * Why text cannot be read as a scenario or sweep file at all, said without
 * quoting it: it is UTF-16, binary, or not UTF-8. Readers decode files as
 * UTF-8, so a UTF-16 file arrives with NULs between its letters (and its
 * byte-order mark as two U+FFFD), and bytes that are not UTF-8 as U+FFFD.
 */
function unreadableText(text: string, file: string): ScenarioProblem | undefined {
  const at = (offset: number): Pick<ScenarioProblem, 'file' | 'line' | 'column' | 'path'> => ({ file, ...lineColumn(text, offset), path: '' });
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const head = text.replace(/^\uFFFD{1,2}/, '').slice(0, 2048);
    let even = 0;
    let odd = 0;
    for (let i = 0; i < head.length; i++) if (head[i] === '\0') i % 2 === 0 ? even++ : odd++;
    if (Math.max(even, odd) >= head.length * 0.4 && Math.min(even, odd) <= head.length * 0.05) {
      return { file, line: 1, column: 1, path: '', message: 'this file is UTF-16 text; scenario and sweep files are read as UTF-8', hint: 'save it as UTF-8 (in most editors: Save As, then choose the encoding UTF-8)' };
    }
    return { ...at(nul), message: 'this is not a text file: it contains NUL bytes', hint: 'name a YAML or JSON scenario file; if this one is text, save it as UTF-8' };
  }
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    return { ...at(bad), message: 'this file is not UTF-8 text: some bytes here are not UTF-8 (a character such as \u00a3 or \u00e9 saved in another encoding)', hint: 'save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8)' };
  }
  return undefined;
}

/** The offset of the first comment (// or /*) outside a string in JSON text, or -1. */
function jsonCommentAt(text: string): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return i;
  }
  return -1;
}

const yamlHints: Record<string, string> = {
  BAD_INDENT: 'indent nested fields with spaces, each level further in than its parent',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BLOCK_AS_IMPLICIT_KEY: 'put a nested map on its own lines, or quote a value that contains ": "',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line; check for a missing ":" or an unclosed quote on the line before',
  MISSING_CHAR: 'add the missing character: a comma between items, or the closing bracket, brace or quote',
  UNEXPECTED_TOKEN: 'check the punctuation on this line; quote values that start with a special character such as @, ` or %',
  MULTIPLE_DOCS: 'a scenario file holds one document; remove the "---" separator',
  BAD_ALIAS: 'an alias (*name) must refer to an anchor (&name) defined earlier',
};

/** Parses one file into a tree; problems are appended with positions. Returns undefined if the text could not be read as data. */
function parseTree(text: string, file: string, problems: ScenarioProblem[], topHint = 'start the file with name: <scenario name>'): Tree | undefined {
  const unreadable = unreadableText(text, file);
  if (unreadable) {
    problems.push(unreadable);
    return undefined;
  }
  const isJson = file.endsWith('.json');
  const comment = isJson ? jsonCommentAt(text) : -1;
  if (comment >= 0) {
    problems.push({ file, ...lineColumn(text, comment), path: '', message: 'this is not valid JSON: JSON does not allow comments (// or /* */)', hint: 'remove the comments, or save the file as YAML (.yaml), where a comment starts with #' });
    return undefined;
  }
  const tooDeep = { message: `the file nests maps and lists more than ${MAX_DEPTH} levels deep`, hint: `a scenario needs fewer than ${MAX_DEPTH} levels; check for unclosed brackets, or flatten the data` };
  const lc = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false, merge: false });
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    problems.push({ file, line: 1, column: 1, path: '', ...tooDeep });
    return undefined;
  }
  const posOf = (offset: number): Pos => {
    const { line, col } = lc.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({
        ...posOf(e.pos[0]),
        path: '',
        ...(/call stack/i.test(e.message)
          ? tooDeep
          : {
              message: `this is not valid ${isJson ? 'JSON' : 'YAML'}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
              hint: yamlHints[e.code] ?? 'check indentation (spaces, not tabs), and quote values that contain ": " or start with a special character',
            }),
      });
    }
    return undefined;
  }
  // The walk bounds alias expansion ("billion laughs") by counting values, and nesting by depth.
  let budget = MAX_NODES;
  let overBudget = false;
  let deepAt: Pos | undefined;
  const walk = (node: unknown, path: PathSegment[]): Tree => {
    if (--budget < 0) {
      overBudget = true;
      return { kind: 'scalar', pos: { file, line: 1, column: 1 }, value: null };
    }
    if (path.length > MAX_DEPTH) {
      deepAt ??= posOf((node as YamlNode | null)?.range?.[0] ?? 0);
      return { kind: 'scalar', pos: deepAt, value: null };
    }
    if (node === null || node === undefined) return { kind: 'scalar', pos: posOf(0), value: null };
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      return walk(target, path);
    }
    const n = node as YamlNode;
    const pos = posOf(n.range?.[0] ?? 0);
    if (n.tag) {
      problems.push({
        ...pos,
        path: pathText(path),
        message: `YAML tags such as ${n.tag.startsWith('tag:yaml.org,2002:') ? `!!${n.tag.slice(18)}` : n.tag} are not allowed: scenario files are plain data`,
        expected: 'a value without a tag',
        found: n.tag,
        hint: 'remove the tag and write the value itself (quote it if it must be text)',
      });
    }
    if (isMap(n)) {
      const entries = new Map<string, { key: Pos; value: Tree }>();
      for (const pair of n.items) {
        const k = pair.key as YamlNode | null;
        const keyPos = k?.range ? posOf(k.range[0]) : pos;
        if (!isScalar(k) || k.value === null) {
          problems.push({ ...keyPos, path: pathText(path), message: 'expected a field name (text) as the key, found a map, list or nothing', hint: 'write keys as plain names, e.g. staff:' });
          continue;
        }
        // Keys are names as written: "000" stays "000" even though YAML would read it as a number.
        const key = typeof k.value === 'string' ? k.value : text.slice(k.range![0], k.range![1]).trim();
        const reserved = reservedKeyProblem(key);
        if (reserved) {
          problems.push({ ...keyPos, path: pathText([...path, key]), ...reserved });
          continue;
        }
        const first = entries.get(key);
        if (first) {
          problems.push({
            ...keyPos,
            path: pathText([...path, key]),
            message: `duplicate key "${key}": it is already given at line ${first.key.line}`,
            expected: 'each key once in a map',
            found: `"${key}" twice`,
            hint: 'remove one of the two; to change a value from a base file, use extends and give the new value in this file',
          });
          continue;
        }
        const valuePath = [...path, key];
        const v = pair.value as YamlNode | null;
        const value = v === null ? { kind: 'scalar' as const, pos: keyPos, value: null } : walk(v, valuePath);
        entries.set(key, { key: keyPos, value });
      }
      return { kind: 'map', pos, entries };
    }
    if (isSeq(n)) return { kind: 'seq', pos, items: n.items.map((item, i) => walk(item, [...path, i])) };
    if (isScalar(n)) return { kind: 'scalar', pos, value: n.value };
    return { kind: 'scalar', pos, value: null };
  };
  const tree = walk(doc.contents, []);
  if (deepAt) {
    problems.push({ ...deepAt, path: '', ...tooDeep });
    return undefined;
  }
  if (overBudget) {
    problems.push({ file, line: 1, column: 1, path: '', message: `the file expands to more than ${MAX_NODES} values (through YAML aliases)`, hint: 'write the values out instead of repeating aliases (*name) of large anchors' });
    return undefined;
  }
  if (tree.kind !== 'map') {
    problems.push({ ...tree.pos, path: '', message: `expected a map of fields (name:, states:, ...) at the top of the file, found ${tree.kind === 'seq' ? 'a list' : showFound(tree.value)}`, hint: topHint });
    return undefined;
  }
  return tree;
}

/** A data file read with positions: its plain data, and where to point for a finding about any path in it. */
export interface PlacedData {
  data: Record<string, unknown>;
  place(f: Finding): ScenarioProblem;
}

/**
 * Reads a YAML or JSON data file of another kind (a sweep file) with the
 * scenario loader's safeguards and positions, so its problems read like a
 * scenario's: file:line:col, field, expected, found and fix.
 */
export function readDataFile(text: string, file: string, topHint: string, opts: LoadOptions = {}): { ok: true; placed: PlacedData } | { ok: false; errors: ScenarioProblem[] } {
  const problems: ScenarioProblem[] = [];
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = utf8Length(text);
  if (size > maxBytes) return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `the file is ${size} bytes; the limit is ${maxBytes} bytes`, hint: 'split the file' }] };
  const tree = parseTree(text, file, problems, topHint);
  if (!tree || problems.length > 0) return { ok: false, errors: problems };
  return { ok: true, placed: { data: toPlain(tree) as Record<string, unknown>, place: (f) => placeFinding(tree, f) } };
}

// ---------------------------------------------------------------------------
// extends

/** Joins a relative path onto the directory of `from`, resolving "." and ".." (POSIX). */
/** `rel` resolved against the folder of `from`, with POSIX separators. */
export function resolveRelative(from: string, rel: string): string {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const absolute = dir.startsWith('/');
  const out: string[] = [];
  for (const part of `${dir}/${rel}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/** Why a path to another file (`extends`, a sweep's base) is not acceptable, or undefined if it is a plain relative path. */
function badRelativePath(p: string): string | undefined {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(p)) return 'URLs and drive letters are not allowed';
  if (p.startsWith('/') || p.startsWith('\\')) return 'absolute paths are not allowed';
  if (p.includes('\\')) return 'use forward slashes (/) in paths';
  if (p.trim() === '') return 'the path is empty';
  return undefined;
}

/**
 * The folder tree the files a file names must stay inside, when the caller
 * gives none: the folder relative paths start from ("") for a name inside it,
 * else the file's own folder (a name that is absolute or starts with "..").
 */
export function defaultRoot(file: string): string {
  const outside = file.startsWith('/') || file === '..' || file.startsWith('../');
  return outside ? file.slice(0, Math.max(file.lastIndexOf('/'), file.startsWith('/') ? 1 : 0)) : '';
}

/** Whether `path` (normalised, as `resolveRelative` gives it) is inside the folder `root`. */
export function insideRoot(path: string, root: string): boolean {
  if (root === '') return !path.startsWith('/') && path !== '..' && !path.startsWith('../');
  return path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

const rootText = (root: string): string => (root === '' ? 'the current folder' : `the folder ${root}`);

/**
 * The one guard for a path written in a file to another file (`extends`, a
 * sweep's base and alternatives): a plain relative path, resolved against the
 * folder of `from`, that stays inside the root, also once symbolic links are
 * resolved. Files outside are never read, so no message can quote them.
 */
export function guardPath(
  rel: string,
  from: string,
  example: string,
  opts: Pick<LoadOptions, 'root' | 'realpath'>,
): { ok: true; target: string } | { ok: false; message: string; expected: string; hint?: string } {
  const bad = badRelativePath(rel);
  if (bad) return { ok: false, message: `expected a relative path such as "${example}", found ${showFound(rel)}: ${bad}`, expected: 'a relative path' };
  const target = resolveRelative(from, rel);
  const root = opts.root ?? defaultRoot(from);
  const outside = { expected: `a file inside ${rootText(root)}`, hint: `keep every file that a scenario or sweep names inside ${rootText(root)}, and run casecast from a folder that holds them all` };
  if (!insideRoot(target, root)) return { ok: false, message: `${showFound(rel)} leads outside ${rootText(root)}; files outside it are never read`, ...outside };
  const real = opts.realpath?.(target);
  const realRoot = real === undefined ? undefined : opts.realpath?.(root === '' ? '.' : root);
  if (real !== undefined && realRoot !== undefined && !insideRoot(real, realRoot)) return { ok: false, message: `${showFound(rel)} is a symbolic link to a file outside ${rootText(root)}; files outside it are never read`, ...outside };
  return { ok: true, target };
}

interface Loaded {
  tree?: Tree;
  files: string[];
  fatal: boolean;
}

/** A file's tree and parse problems, from the cache when the same text was parsed before (trees are never changed after parsing). */
function cachedParse(text: string, file: string, cache: ParseCache | undefined): { tree: Tree | undefined; problems: ScenarioProblem[] } {
  const key = `${file}\0${text}`;
  const hit = cache?.get(key);
  if (hit) return hit;
  const problems: ScenarioProblem[] = [];
  const out = { tree: parseTree(text, file, problems), problems };
  cache?.set(key, out);
  return out;
}

/** Reads and parses `file` and, through `extends`, its bases; returns the merged tree. */
function loadChain(text: string, file: string, readFile: ReadFile | undefined, chain: string[], opts: LoadOptions, problems: ScenarioProblem[]): Loaded {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = utf8Length(text);
  if (size > maxBytes) {
    problems.push({ file, line: 1, column: 1, path: '', message: `the file is ${size} bytes; the limit is ${maxBytes} bytes`, expected: `at most ${maxBytes} bytes`, found: `${size} bytes`, hint: 'scenario files hold parameters, not data; move large tables elsewhere or split the file with extends' });
    return { files: [file], fatal: true };
  }
  // Only files reached through extends are kept: the top file is often a one-off (a sweep variant's overlay).
  const parsed = cachedParse(text, file, chain.length > 0 ? opts.cache : undefined);
  problems.push(...parsed.problems);
  const whole = parsed.tree;
  if (!whole || whole.kind !== 'map') return { files: [file], fatal: true };
  const ext = whole.entries.get('extends');
  if (!ext) return { tree: whole, files: [file], fatal: false };
  const tree: Tree = { ...whole, entries: new Map([...whole.entries].filter(([k]) => k !== 'extends')) };

  const at = { file, line: ext.value.pos.line, column: ext.value.pos.column, path: 'extends' };
  const rel = ext.value.kind === 'scalar' ? ext.value.value : undefined;
  if (typeof rel !== 'string') {
    problems.push({ ...at, message: `expected the relative path of a scenario file, found ${ext.value.kind === 'scalar' ? showFound(rel) : ext.value.kind === 'seq' ? 'a list' : 'a map'}`, expected: 'a relative path', found: showFound(rel), hint: 'write extends: base.yaml (one file; chain further in that file)' });
    return { files: [file], fatal: true };
  }
  // The root is the top file's (chain[0]), so a base cannot widen it for the files it names in turn.
  const guard = guardPath(rel, file, 'base.yaml', { root: opts.root ?? defaultRoot(chain[0] ?? file), realpath: opts.realpath });
  if (!guard.ok) {
    problems.push({ ...at, message: guard.message, expected: guard.expected, found: showFound(rel), hint: guard.hint ?? 'name the base file relative to this one, e.g. extends: base.yaml or extends: ../common/base.yaml' });
    return { files: [file], fatal: true };
  }
  const target = guard.target;
  if (chain.includes(target) || target === file) {
    const loop = [...chain.slice(chain.indexOf(target)), file, target];
    problems.push({ ...at, message: `extends loop: ${loop.join(' → ')}`, expected: 'a chain of files that ends', found: 'a loop', hint: 'remove extends from one of these files; a base file must not extend the files built on it' });
    return { files: [file], fatal: true };
  }
  if (chain.length >= MAX_EXTENDS_DEPTH) {
    problems.push({ ...at, message: `extends chain longer than ${MAX_EXTENDS_DEPTH} files`, hint: 'flatten the chain' });
    return { files: [file], fatal: true };
  }
  const baseText = readFile?.(target, file);
  if (baseText === undefined) {
    problems.push({ ...at, message: `cannot read ${JSON.stringify(rel)} (looked for ${target})`, expected: 'an existing scenario file', found: JSON.stringify(rel), hint: 'check the spelling; the path is relative to the folder of this file' });
    return { files: [file], fatal: true };
  }
  const base = loadChain(baseText, target, readFile, [...chain, file], opts, problems);
  const files = [file, ...base.files];
  if (!base.tree || base.fatal) return { files, fatal: true };
  return { tree: merge(base.tree, tree), files, fatal: false };
}

// ---------------------------------------------------------------------------
// Validation

/** Validates sections (and named entries) one by one after a failure, so sections that did validate can still be converted and checked. */
function validSections(plain: Record<string, unknown>, badPaths: PathSegment[][]): Partial<ScenarioFile> {
  const shape = scenarioFileSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const bad = badPaths.filter((p) => p[0] === key);
    if (bad.length === 0) {
      const r = shape[key].safeParse(plain[key]);
      if (r.success) out[key] = r.data;
      continue;
    }
    const entry = sectionEntrySchemas[key];
    const section = plain[key];
    if (!entry || typeof section !== 'object' || section === null || Array.isArray(section) || bad.some((p) => p.length < 2)) continue;
    const kept: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(section)) {
      if (bad.some((p) => p[1] === name)) continue;
      const r = entry.safeParse(v);
      if (r.success) kept[name] = r.data;
    }
    out[key] = kept;
  }
  return out as Partial<ScenarioFile>;
}

const mapKeys = (v: unknown): string[] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : []);

/** Sorted-key JSON with non-finite numbers as strings ("Infinity"), for hashing the resolved scenario. */
export function canonicalJson(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Parses scenario text as if read from `file`; `readFile` is needed only to follow `extends`. */
export function parseScenarioText(text: string, file: string, readFile?: ReadFile, opts: LoadOptions = {}): LoadResult {
  const problems: ScenarioProblem[] = [];
  const loaded = loadChain(text, file, readFile, [], opts, problems);
  if (!loaded.tree || loaded.fatal) return { ok: false, errors: finish(problems, loaded.files) };
  const inherited: Finding[] = [];
  const tree = resolveLikes(loaded.tree, inherited);
  const plain = toPlain(tree) as Record<string, unknown>;

  const parsed = scenarioFileSchema.safeParse(plain);
  const issues = parsed.success ? [] : parsed.error.issues;
  const findings: Finding[] = [...inherited, ...issuesToFindings(issues, scenarioFileSchema, plain)];
  const fileData = parsed.success ? parsed.data : validSections(plain, issues.map((i) => i.path as PathSegment[]));
  const partial = toScenario(fileData, findings);
  const written = (path: PathSegment[]): unknown => {
    let v: unknown = plain;
    for (const seg of path) {
      const next = typeof v === 'object' && v !== null ? (v as Record<PathSegment, unknown>)[seg] : undefined;
      if (next === undefined) break;
      v = next;
    }
    return v;
  };
  findings.push(...checkScenario(partial, { stateNames: mapKeys(plain.states), serviceNames: mapKeys(plain.services), written }));
  if (partial.economics) findings.push(...checkEconomics(partial.economics, partial));
  if (fileData.uncertainty) {
    const uncertainty = resolveUncertainty(fileData.uncertainty, {
      plain,
      sampleFrom: childMap(childMap(tree, 'uncertainty'), 'posterior')?.entries.get('sample')?.value.pos.file ?? file,
      readBeside: (rel, from) => {
        const guard = guardPath(rel, from, 'calibration/posterior.csv', { root: opts.root ?? defaultRoot(file), realpath: opts.realpath });
        return guard.ok ? { ok: true, file: guard.target, text: readFile?.(guard.target, from) } : guard;
      },
    }, findings);
    if (uncertainty) partial.uncertainty = uncertainty;
  }

  for (const f of findings) problems.push(placeFinding(tree, f));
  if (problems.length > 0) return { ok: false, errors: finish(problems, loaded.files) };
  const scenario = partial as Scenario;
  const sample = scenario.uncertainty?.posterior?.file;
  return { ok: true, scenario, resolvedText: canonicalJson(scenario), files: sample ? [...loaded.files, sample] : loaded.files };
}

/**
 * A scenario's data merged through its `extends` chain as plain values, before
 * validation: what overlays (`--set`, the viewer's panel, sweep variants) are
 * laid on and read from. Read as loading reads it (the same guards, merge and
 * root), so an overlay sees exactly what the loader will; null when the chain
 * cannot be read as data (loading the scenario says why).
 */
export function readChain(text: string, file: string, readFile: ReadFile, opts: LoadOptions = {}): unknown {
  const loaded = loadChain(text, file, readFile, [], opts, []);
  // States that copy another (like:) are read as the copies they are, so a path into an inherited entry exists.
  return loaded.tree && !loaded.fatal ? toPlain(resolveLikes(loaded.tree, [])) : null;
}

/** Loads a scenario file and its `extends` chain through `readFile`. */
export function loadScenario(file: string, readFile: ReadFile, opts: LoadOptions = {}): LoadResult {
  const text = readFile(file, '');
  if (text === undefined) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `cannot read the scenario file ${JSON.stringify(file)}`, hint: 'check the path and that the file exists' }] };
  }
  return parseScenarioText(text, file, readFile, opts);
}

/** Orders problems by file (top file first), line and column, dropping exact repeats. */
function finish(problems: ScenarioProblem[], files: string[]): ScenarioProblem[] {
  const rank = (f: string): number => (files.indexOf(f) + files.length + 1) % (files.length + 1);
  const seen = new Set<string>();
  return problems
    .slice()
    .sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path))
    .filter((p) => {
      const k = JSON.stringify(p);
      return seen.has(k) ? false : (seen.add(k), true);
    });
}
