/** The README is what a new user reads first: its two commands must be there, and it must stay a document, not a runaway edit. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('gives the two commands a fresh machine needs', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('stays a readable size, with no paragraph repeated', () => {
    // A session once committed a README of 88 MB: one paragraph inserted between every character.
    expect(readme.length).toBeLessThan(200_000);
    const paragraphs = readme.split(/\n\s*\n/).filter((p) => p.trim().length > 80 && !p.trimStart().startsWith('```'));
    const counts = new Map<string, number>();
    for (const p of paragraphs) counts.set(p, (counts.get(p) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1).map(([p]) => p.slice(0, 60))).toEqual([]);
  });
});
