/** The whole-process benchmarks' bookkeeping: commands run in turn, round after round, and each figure is the median with the fastest and slowest. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alternate, spread } from '../../bench/process.ts';

const dir = mkdtempSync(join(tmpdir(), 'casecast-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('whole-process benchmarks', () => {
  it('give the median, min and max (the middle pair averaged for an even count)', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 2, 3])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spread([0.12345])).toEqual({ median: 0.123, min: 0.123, max: 0.123 });
  });

  it('run the commands in turn, warm-up rounds first, and report each by its label', () => {
    const log = join(dir, 'order.txt');
    const mark = (label: string) => ({ label, argv: [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(log)}, '${label} ')`] });
    const { measured, byRound } = alternate([mark('a'), mark('b')], 2, 1);
    expect(readFileSync(log, 'utf8')).toBe('a b a b a b ');
    expect(measured.map((m) => m.label)).toEqual(['a', 'b']);
    expect(byRound).toHaveLength(2);
    expect(byRound.every((r) => r.length === 2 && r.every((s) => s > 0))).toBe(true);
    for (const m of measured) {
      expect(m.wall.min).toBeLessThanOrEqual(m.wall.median);
      expect(m.wall.median).toBeLessThanOrEqual(m.wall.max);
    }
  });

  it('stop with the command and its message when a command fails', () => {
    const fail = { label: 'bad', argv: [process.execPath, '-e', "console.error('no such scenario'); process.exit(2)"] };
    expect(() => alternate([fail], 1)).toThrow(/exited with 2:\nno such scenario/);
    expect(() => alternate([fail], 0)).toThrow(/at least 1/);
  });
});
