/**
 * What casecast merge needs to merge many shards in bounded memory: a shard's
 * results.jsonl read line by line through one small buffer (one file open at
 * a time), files written piece by piece, and a folder written as a whole from
 * such files, with writeFolder's guarantee (cli/files.ts) that no reader ever
 * sees it half-written.
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { recoverFolder } from '../files.ts';
import { errnoText } from '../terminal.ts';

/** Bytes read from a shard's file at a time. */
const chunkBytes = 256 * 1024;

export interface LinesRead {
  /** Complete lines (ending in a newline) read. */
  lines: number;
  /** Bytes after the last newline: a line cut off mid-write (0 when the file ends in a newline). */
  cutOff: number;
}

/** A buffer for eachLine, to reuse across files (one per reader: a buffer serves one file at a time). */
export const lineBuffer = (): Buffer => Buffer.allocUnsafe(chunkBytes);

/**
 * Calls `each` with every complete line of a file (without its newline) and
 * its 1-based number, in order, reading a buffer's worth at a time; a missing
 * file has no lines. What follows the last newline (a line cut off mid-write)
 * is not passed on, only counted in `cutOff`, as readRecords (journal.ts)
 * drops it. Reading many files, pass one `buffer` (lineBuffer) to them all:
 * a new one for each file would be garbage the collector frees only in its
 * own time, so memory would grow with the number of files.
 */
export async function eachLine(path: string, each: (line: string, number: number) => void, buffer: Buffer = lineBuffer()): Promise<LinesRead> {
  if (!existsSync(path)) return { lines: 0, cutOff: 0 };
  const file = await open(path, 'r');
  const chunkBytes = buffer.length;
  let carry: Buffer | null = null; // the start of a line begun in an earlier chunk
  let lines = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      let from = 0;
      // A newline byte is never part of a longer UTF-8 character, so lines can be cut out of the bytes before decoding.
      for (let nl = buffer.indexOf(10, from); nl !== -1 && nl < bytesRead; nl = buffer.indexOf(10, from)) {
        const piece = buffer.subarray(from, nl);
        const line = carry ? Buffer.concat([carry, piece]).toString('utf8') : piece.toString('utf8');
        carry = null;
        each(line, ++lines);
        from = nl + 1;
      }
      if (from < bytesRead) {
        const rest = buffer.subarray(from, bytesRead);
        carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      }
    }
  } finally {
    await file.close();
  }
  return { lines, cutOff: carry?.length ?? 0 };
}

/** Characters encoded and written at a time. */
const sliceChars = 1024 * 1024;

/** A file written piece by piece: text is gathered up to about a megabyte, then written out. */
export class FileSink {
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string | Uint8Array): void {
    if (typeof text !== 'string') {
      this.flush();
      this.writeAll(text);
      return;
    }
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= 1024 * 1024) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    // A long text (a whole file given at once) is encoded a slice at a time, never cutting a character's two halves apart.
    for (let at = 0; at < text.length; ) {
      let end = Math.min(text.length, at + sliceChars);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      this.writeAll(Buffer.from(text.slice(at, end), 'utf8'));
      at = end;
    }
  }

  /** Writes every byte (a write may take only part of them). */
  private writeAll(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/** Where a folder really is: symbolic links resolved when it exists (as writeFolder resolves it). */
function realTarget(out: string): string {
  const full = resolve(out);
  try {
    return realpathSync(full);
  } catch {
    return full;
  }
}

/** Creates `full` and any missing folders above it, one level at a time (as writeFolder does). */
function makeFolders(full: string): void {
  const missing: string[] = [];
  for (let p = full; !existsSync(p); p = dirname(p)) {
    missing.push(p);
    if (dirname(p) === p) break;
  }
  for (const p of missing.reverse()) mkdirSync(p);
}

/**
 * writeFolder for files too large to hold as texts: `fill` writes them into
 * an empty temporary folder beside `out` (with the names writeFolder uses, so
 * what a killed casecast leaves there is cleared the same way), which then
 * replaces `out` whole. If `fill` fails, nothing of `out` changes and the
 * temporary folder is removed.
 */
export async function writeFolderWith(out: string, fill: (dir: string) => Promise<void> | void): Promise<void> {
  const full = realTarget(out);
  const parent = dirname(full);
  const base = basename(full);
  const tmp = join(parent, `.${base}.${process.pid}.tmp`);
  const old = join(parent, `.${base}.${process.pid}.old`);
  let moved = false;
  try {
    makeFolders(parent);
    recoverFolder(full);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp);
    await fill(tmp);
    if (existsSync(full)) {
      if (!lstatSync(full).isDirectory()) throw new InputError(`${out} is not a folder`);
      renameSync(full, old);
      moved = true;
    }
    renameSync(tmp, full);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (moved && !existsSync(full)) renameSync(old, full);
    if (err instanceof InputError) throw err;
    throw new Error(`cannot write ${out}: ${errnoText(err)}; nothing in it was changed`, { cause: err });
  }
  if (moved) rmSync(old, { recursive: true, force: true });
}
