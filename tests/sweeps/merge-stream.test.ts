/**
 * casecast merge reading shards line by line: 50 synthetic shards (folders as
 * casecast sweep --shard writes them) merge into exactly the bytes finalFiles
 * gives for the same records, and a damaged line, a shard cut off mid-line or
 * a variant in the wrong shard is refused naming the file (and the line),
 * leaving nothing at --out. Timings and memory are the merge benchmark's
 * (bench/merge.ts), not this test's.
 */
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../cli/handlers/merge.ts';
import { eachLine, FileSink } from '../../cli/sweep/merge-stream.ts';
import { finalFiles, streamedOutputs, sweepManifest } from '../../cli/sweep/outputs.ts';
import type { SweepInfo } from '../../engine/sweep/info.ts';
import { syntheticInfo, syntheticRecord, writeSyntheticShards } from '../../bench/merge.ts';

const VARIANTS = 200; // 100 draws of 2 options
const SHARDS = 50;

let root: string;
let info: SweepInfo;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'casecast-merge-stream-'));
  info = syntheticInfo(VARIANTS);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs merge in this process with its stdout (the summary) caught. */
async function merge(dirs: string[], out: string): Promise<string> {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  try {
    await handler({ dirs, out, quiet: true, format: 'json' });
  } finally {
    spy.mockRestore();
  }
  return stdout;
}

/** Fresh shard folders under their own folder. */
const shards = (name: string): string[] => writeSyntheticShards(join(root, name), info, VARIANTS, SHARDS);

/** Nothing at `out`, and nothing of ours left beside it. */
function nothingWritten(out: string): void {
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(root).filter((f) => f.startsWith('.'))).toEqual([]);
}

describe('casecast merge, streaming', () => {
  it('merges 50 shards into the bytes finalFiles gives for the same records, given in any order', async () => {
    const dirs = shards('good');
    const records = Array.from({ length: VARIANTS }, (_, v) => syntheticRecord(info, v));
    const { files } = finalFiles(sweepManifest(info, VARIANTS), records);
    const out = join(root, 'merged');
    const stdout = await merge([...dirs].reverse(), out);
    expect(readdirSync(out).sort()).toEqual([...Object.keys(files), 'casecast.xlsx'].sort());
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(out, name), 'utf8'), name).toBe(text);
    expect(stdout).toBe(files['summary.json']);
    // The streamed files are the large ones, and what finalFiles leaves out for a streaming writer.
    const { files: rest } = finalFiles(sweepManifest(info, VARIANTS), records, { results: false });
    expect(Object.keys(files).filter((f) => !(f in rest)).sort()).toEqual([...streamedOutputs].sort());
    expect(rest).toEqual(Object.fromEntries(Object.entries(files).filter(([f]) => !streamedOutputs.includes(f))));
  });

  it('refuses a damaged line, naming the file and the line', async () => {
    const dirs = shards('damaged');
    const path = join(dirs[6], 'results.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[2] = lines[2].slice(0, 40); // a complete line, but not a whole record
    writeFileSync(path, lines.join('\n'));
    const out = join(root, 'merged-damaged');
    await expect(merge(dirs, out)).rejects.toThrow(`${path}:3: this line is damaged`);
    nothingWritten(out);
  });

  it('refuses a shard cut off mid-line, naming the file and the line cut off', async () => {
    const dirs = shards('cut');
    const path = join(dirs[11], 'results.jsonl');
    truncateSync(path, statSync(path).size - 100);
    const out = join(root, 'merged-cut');
    await expect(merge(dirs, out)).rejects.toThrow(`${dirs[11]}: 3 of its 4 variants are done (${path}:4 is cut off mid-line`);
    nothingWritten(out);
  });

  it('refuses a variant in the wrong shard, and a shard missing', async () => {
    const dirs = shards('stray');
    appendFileSync(join(dirs[0], 'results.jsonl'), `${JSON.stringify(syntheticRecord(info, 1))}\n`);
    const out = join(root, 'merged-stray');
    await expect(merge(dirs, out)).rejects.toThrow(`${dirs[0]}: variant 1 does not belong to shard 1/${SHARDS}`);
    nothingWritten(out);
    await expect(merge(dirs.slice(1), out)).rejects.toThrow(`shard 1 of ${SHARDS} is missing`);
    nothingWritten(out);
  });

  it('reads lines across its buffer, whole characters included, and drops a line without its newline', async () => {
    const path = join(root, 'lines.jsonl');
    const long = `"${'é'.repeat(200_000)}"`; // longer than a read, with two-byte characters across the cut
    writeFileSync(path, `1\n${long}\n\n3\nhalf`);
    const seen: [string, number][] = [];
    const read = await eachLine(path, (line, n) => void seen.push([line, n]));
    expect(seen).toEqual([['1', 1], [long, 2], ['', 3], ['3', 4]]);
    expect(read).toEqual({ lines: 4, cutOff: 4 });
    expect(await eachLine(join(root, 'none.jsonl'), () => {})).toEqual({ lines: 0, cutOff: 0 });
  });

  it('writes pieces, long texts and bytes whole, a character split across its slices included', () => {
    const path = join(root, 'sink.txt');
    const long = `${'a'.repeat(1024 * 1024 - 1)}😀${'é'.repeat(10)}`; // the emoji's two halves either side of a slice
    const sink = new FileSink(path);
    sink.write('x\n');
    sink.write(long);
    sink.write(new TextEncoder().encode('\nbytes'));
    sink.write('\n');
    sink.close();
    expect(readFileSync(path, 'utf8')).toBe(`x\n${long}\nbytes\n`);
  });
});
