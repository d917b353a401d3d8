/**
 * What casecast merge needs to merge many shards in bounded memory: a shard's
 * results.jsonl read line by line through one small buffer (one file open at
 * a time), and files written piece by piece (into writeFolderWith's folder,
 * cli/files.ts, so that no reader ever sees it half-written).
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

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
