/**
 * The one boundary between casecast and the terminal. Everything it prints
 * goes through here, so text that came from a scenario or sweep file (a name,
 * a label, an unknown key echoed in an error) can never move the cursor,
 * retitle or clear the terminal, or reorder a line with bidi overrides; and a
 * full disk or a closed pipe on stdout ends the program with one line.
 */
import { ExitCode } from './errors.ts';

/**
 * Characters that must not reach a terminal raw: C0 controls other than tab
 * and newline (ESC starts every escape sequence), DEL, C1 controls (0x9b is a
 * one-byte CSI), and the bidi embeddings, overrides and isolates.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Text safe for a terminal: each unsafe character shown as an escape ("\x1b", "\u202e"); newlines and tabs kept. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** A one-line version of `printable`: newlines and tabs escaped too, for a name shown inside a sentence. */
export function printableLine(text: string): string {
  return printable(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/**
 * JSON text safe for a terminal and still the same JSON: JSON.stringify leaves
 * DEL, C1 and bidi characters raw inside strings (the only place they can be),
 * and a \u escape there means the same character.
 */
export function printableJson(json: string): string {
  return json.replace(UNSAFE, (c) => `\\u${hex(c, 4)}`);
}

/** Writes to stdout: `json` output keeps its meaning, anything else is made printable. */
export function writeOut(text: string, kind: 'text' | 'json' = 'text'): void {
  process.stdout.write(kind === 'json' ? printableJson(text) : printable(text));
}

/** Writes a note or an error to stderr, made printable. */
export function writeErr(text: string): void {
  process.stderr.write(printable(text));
}

/** What an errno means, for people. */
const errnoWords: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EIO: 'an input/output error',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EFBIG: 'the file is too large for the file system',
  EBADF: 'the output is closed',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'part of the path is not a folder',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
};

/** "no space left on the device (ENOSPC)" for a system error (never its raw text, which names temporary paths), or the error's own message. */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code === 'string' && typeof e.syscall === 'string') return `${errnoWords[e.code] ?? 'the system refused'} (${e.code})`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Ends the program cleanly when stdout fails: a closed pipe (casecast run … |
 * head) is the reader's choice and exits 0; anything else (a full disk) is
 * told in one line and exits 1, never with a stack trace.
 */
export function guardStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(ExitCode.ok);
    try {
      process.stderr.write(`casecast: cannot write the output: ${errnoText(err)}\n`);
    } catch {
      // stderr may be the same full disk; the exit code still tells.
    }
    process.exit(ExitCode.failed);
  });
  process.stderr.on('error', () => process.exit(ExitCode.failed));
}
