import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { loadScenario, type LoadResult } from '../engine/model/load.ts';
import { formatBytes } from '../engine/model/work.ts';
import { InputError } from './errors.ts';
import { errnoText } from './terminal.ts';

/** Largest scenario or sweep file, as the loader's limit: checked before reading, so a huge file is never read into memory. */
export const maxFileBytes = 1024 * 1024;

/**
 * Reads a scenario and the files it `extends`, from disk. The loader hands
 * over paths already resolved against the file that named them (and has
 * refused absolute ones); this refuses anything that is not a regular file.
 * `virtual` supplies files that exist only in memory (the --set overlay).
 */
export function readScenarioFile(file: string, virtual: ReadonlyMap<string, string> = new Map()): LoadResult {
  return loadScenario(displayPath(file), (path) => virtual.get(path) ?? readTextFile(path), { realpath });
}

/** A file's real path (symbolic links resolved), with forward slashes; the loader keeps `extends` and a sweep's base inside the folder tree with it. */
export function realpath(p: string): string | undefined {
  try {
    return realpathSync(resolve(p)).split(sep).join('/');
  } catch {
    return undefined;
  }
}

/** A regular file's text, or undefined when it cannot be read; an input error when it is larger than a scenario file may be. */
export function readTextFile(path: string): string | undefined {
  const full = resolve(path);
  let stats: Stats;
  try {
    stats = statSync(full);
  } catch {
    return undefined;
  }
  if (!stats.isFile()) return undefined;
  if (stats.size > maxFileBytes) {
    throw new InputError(
      `${displayPath(path)}: the file is ${formatBytes(stats.size)}; a scenario or sweep file may be at most ${formatBytes(maxFileBytes)}, so it was not read.\n  fix: check that this is the file you meant; scenario files hold parameters, not data (split a large one with extends)`,
    );
  }
  try {
    return readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}

/** A path as people typed it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

// ---------------------------------------------------------------------------
// Output folders, written whole

/** What a path is, when it is not a folder: "a file", "a device". */
function kindOf(st: Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isFIFO()) return 'a pipe';
  if (st.isSocket()) return 'a socket';
  return 'not a folder';
}

/** Our temporary siblings of an output folder `base`, and the process that made each: ".<base>.<pid>.tmp" (being written) and ".<base>.<pid>.old" (the folder it replaces). */
const sibling = (base: string, pid: number, kind: 'tmp' | 'old' | 'probe'): string => `.${base}.${pid}.${kind}`;
/** Per-file temporaries older casecast versions left inside a folder. */
const oldTemp = /^\..+\.\d+\.tmp$/;

/** Where a folder really is: symlinks resolved when it exists. */
function realTarget(out: string): string {
  const full = resolve(out);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

/** Where `path` lies inside folder `folder` ("" for the folder itself), after resolving symlinks; null when outside it. */
export function folderWithin(path: string, folder: string): string | null {
  const rel = relative(realTarget(folder), realTarget(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)) ? rel : null;
}

/** The nearest folder (or non-folder) on the way up from `full` that exists, and its stats. */
function nearestExisting(full: string): { path: string; stats: Stats } {
  for (let p = full; ; p = dirname(p)) {
    try {
      return { path: p, stats: statSync(p) };
    } catch {
      if (dirname(p) === p) throw new Error(`no part of ${full} exists`);
    }
  }
}

/**
 * Checks an output folder before any work is done, so a run is never wasted
 * on a destination it cannot write: it must be a folder or not exist yet, sit
 * under a folder that can be written, and hold only files casecast writes
 * there (`ours`), since writing replaces the folder as a whole. First clears
 * away what a killed casecast left beside it (see cleanStale).
 */
export function checkOutFolder(out: string, ours: readonly string[], flag = '--out'): void {
  const fix = `  fix: name a folder to write into (it is created if missing), e.g. ${flag} out/run`;
  if (out.trim() === '') throw new InputError(`${flag} is empty.\n${fix}`);
  const full = realTarget(out);
  if (dirname(full) === full) throw new InputError(`${flag} ${out} is the root folder, which casecast will not replace.\n${fix}`);
  cleanStale(full);
  const here = nearestExisting(full);
  if (here.path === full) {
    if (!here.stats.isDirectory()) throw new InputError(`${flag} ${out} is ${kindOf(here.stats)}, not a folder.\n${fix}`);
    const foreign = readdirSync(full).filter((f) => !ours.includes(f) && !oldTemp.test(f));
    if (foreign.length > 0) {
      const shown = foreign.slice(0, 5).map((f) => JSON.stringify(f)).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
      throw new InputError(`${flag} ${out} already holds files casecast does not write there (${shown}), and writing replaces the whole folder.\n  fix: choose a new or empty folder, or one casecast wrote`);
    }
  } else if (!here.stats.isDirectory()) {
    throw new InputError(`${flag} ${out} cannot be created: ${displayPath(here.path)} is ${kindOf(here.stats)}, not a folder.\n${fix}`);
  }
  // The folder is written as a sibling first, so the folder that will hold it must take a new folder.
  const parent = here.path === full ? dirname(full) : here.path;
  const probe = join(parent, sibling(basename(full), process.pid, 'probe'));
  try {
    mkdirSync(probe);
    rmSync(probe, { recursive: true, force: true });
  } catch (err) {
    throw new InputError(`${flag} ${out} cannot be written: creating a folder in ${displayPath(parent)} failed (${errnoText(err)}).\n  fix: choose a folder on a disk you can write to`);
  }
}

/** Creates `full` and any missing folders above it, one level at a time (a recursive mkdir can spin forever under /proc). */
function makeFolders(full: string): void {
  const missing: string[] = [];
  for (let p = full; !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) mkdirSync(p);
}

/** Whether a process is still running (so its temporary folder is not stale). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a killed casecast left beside an output folder: a half-written
 * ".tmp" folder is deleted; a ".old" folder (the previous output, moved aside
 * in the instant before the new one took its place) is put back if nothing
 * took its place, else deleted.
 */
function cleanStale(full: string): void {
  const parent = dirname(full);
  const base = basename(full);
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^\.(.*)\.(\d+)\.(tmp|old|probe)$/.exec(name);
    if (!m || m[1] !== base || Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
    const path = join(parent, name);
    if (m[3] === 'old' && !existsSync(full)) renameSync(path, full);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** Puts a folder back in order before it is read (a sweep's shard, or its --summary): see cleanStale. */
export function recoverFolder(out: string): void {
  if (out.trim() !== '') cleanStale(realTarget(out));
}

/**
 * Writes a set of files (text, or the bytes of a binary file such as a
 * workbook) as folder `out`, replacing whatever it held, so that
 * no reader ever sees a mix of two runs: the files go into a temporary sibling
 * folder, the old folder is moved aside, the new one renamed into its place,
 * and the old one removed. A kill at any point leaves either the old folder or
 * the new one (or, in the instant between the two renames, the old one beside
 * it, which the next write puts back or removes).
 */
export function writeFolder(out: string, files: Record<string, string | Uint8Array>): void {
  const f = stageFolder(out);
  try {
    for (const [name, contents] of Object.entries(files)) writeFileSync(join(f.tmp, name), contents);
    swapFolder(f);
  } catch (err) {
    abandonFolder(f, err);
  }
  doneFolder(f);
}

/**
 * writeFolder for files too large to hold as texts: `fill` writes them into
 * the empty temporary folder, which then replaces `out` whole, as writeFolder
 * does. If `fill` fails, nothing of `out` changes.
 */
export async function writeFolderWith(out: string, fill: (dir: string) => Promise<void> | void): Promise<void> {
  const f = stageFolder(out);
  try {
    await fill(f.tmp);
    swapFolder(f);
  } catch (err) {
    abandonFolder(f, err);
  }
  doneFolder(f);
}

/** A folder being replaced: where it is, its new contents' temporary sibling, the old one's, and whether it was moved aside. */
interface Staged {
  out: string;
  full: string;
  tmp: string;
  old: string;
  moved: boolean;
}

/** An empty temporary sibling of `out` for its new contents (stale ones from killed runs cleared first). */
function stageFolder(out: string): Staged {
  const full = realTarget(out);
  const parent = dirname(full);
  const base = basename(full);
  const f = { out, full, tmp: join(parent, sibling(base, process.pid, 'tmp')), old: join(parent, sibling(base, process.pid, 'old')), moved: false };
  try {
    makeFolders(parent);
    cleanStale(full);
    rmSync(f.tmp, { recursive: true, force: true });
    mkdirSync(f.tmp);
  } catch (err) {
    abandonFolder(f, err);
  }
  return f;
}

/** The old folder moved aside and the new one renamed into its place. */
function swapFolder(f: Staged): void {
  if (existsSync(f.full)) {
    if (!lstatSync(f.full).isDirectory()) throw new InputError(`${f.out} is ${kindOf(lstatSync(f.full))}, not a folder`);
    renameSync(f.full, f.old);
    f.moved = true;
  }
  renameSync(f.tmp, f.full);
}

/** Undoes a replacement that failed part-way, and says so. */
function abandonFolder(f: Staged, err: unknown): never {
  rmSync(f.tmp, { recursive: true, force: true });
  if (f.moved && !existsSync(f.full)) renameSync(f.old, f.full);
  if (err instanceof InputError) throw err;
  throw new Error(`cannot write ${f.out}: ${errnoText(err)}; nothing in it was changed`, { cause: err });
}

function doneFolder(f: Staged): void {
  if (f.moved) rmSync(f.old, { recursive: true, force: true });
}
