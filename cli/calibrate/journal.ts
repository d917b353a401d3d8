/**
 * A calibration's output folder as its journal: journal.json holds every
 * finished generation's figures and the last one's particles, and the
 * folder is rewritten whole after each one, so a calibration killed at any
 * moment loses only the generation it was running. Run again, it reads the
 * journal back, checks that it is this same calibration (its hash and
 * casecast's version), and carries on from the next generation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Generation } from '../../engine/calibration/abc.ts';
import type { Calibration } from '../../engine/calibration/load.ts';
import { version } from '../../engine/version.ts';
import { InputError } from '../errors.ts';
import { recoverFolder } from '../files.ts';

export const JOURNAL = 'journal.json';

/** Every file a calibration writes in its folder. */
export const calibrationFiles = [JOURNAL, 'posterior.csv', 'posterior.json', 'calibrated.yaml', 'run-info.json'];

interface JournalFile {
  calibration: string;
  sha256: string;
  version: string;
  generations: readonly Generation[];
}

/**
 * The journal's text after `generations`: each one's figures, and the
 * particles of the last only, which is all the next generation starts from.
 */
export const journalText = (cal: Calibration, generations: readonly Generation[]): string => {
  const kept = generations.map((g, i) => (i === generations.length - 1 ? g : { ...g, theta: [], phi: [], distance: [], weight: [] }));
  return `${JSON.stringify({ calibration: cal.name, sha256: cal.sha256, version, generations: kept } satisfies JournalFile)}\n`;
};

/** The generations already finished in `out` for this calibration (none with `restart`); an input error when the folder holds another calibration's. */
export function readJournal(out: string, cal: Calibration, restart: boolean): Generation[] {
  recoverFolder(out);
  const path = join(out, JOURNAL);
  if (restart || !existsSync(path)) return [];
  const fix = 'run the same calibration again to continue it, add --restart to discard what is there, or choose another --out';
  let j: JournalFile;
  try {
    j = JSON.parse(readFileSync(path, 'utf8')) as JournalFile;
    if (typeof j.sha256 !== 'string' || !Array.isArray(j.generations)) throw new Error('not a calibration journal');
  } catch (err) {
    throw new InputError(`${path}: cannot read it as a calibration's journal (${err instanceof Error ? err.message : String(err)}).\n  fix: add --restart to start afresh, or choose another --out`);
  }
  if (j.sha256 !== cal.sha256 || j.version !== version) {
    throw new InputError(
      `${out} holds a different calibration (${j.calibration}, ${j.sha256.slice(0, 12)}, casecast ${j.version}); this one is ${cal.sha256.slice(0, 12)}, casecast ${version}. A change to the calibration file, its settings, the priors or the scenario makes it a different one.\n  fix: ${fix}`,
    );
  }
  return [...j.generations];
}
