import { renameSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import type { Generation } from '../../engine/calibration/abc.ts';
import { loadCalibration, type Calibration } from '../../engine/calibration/load.ts';
import { calibrationResult, overlayText } from '../../engine/calibration/outputs.ts';
import { particleSetup } from '../../engine/calibration/particle.ts';
import type { ParseCache } from '../../engine/model/load.ts';
import { isMap } from '../../engine/model/raw.ts';
import { version } from '../../engine/version.ts';
import { calibrationFiles, journalText, JOURNAL, readJournal } from '../calibrate/journal.ts';
import { paramExample, parseParam } from '../calibrate/params.ts';
import { formatResult, generationLine } from '../calibrate/report.ts';
import { runGenerations } from '../calibrate/run.ts';
import { InputError } from '../errors.ts';
import { checkOutFolder, displayPath, readTextFile, realpath, writeFolder } from '../files.ts';
import { checkWhole, workersFrom } from '../options.ts';
import { formatLoadProblems } from '../overrides.ts';
import { Runner } from '../parallel.ts';
import { progressBar, progressEnabled, type Progress } from '../progress.ts';
import { writeErr, writeOut } from '../terminal.ts';

export interface CalibrateArgs {
  file: string;
  param?: string[];
  out?: string;
  overlay?: string;
  workers?: number;
  particles?: number;
  generations?: number;
  moves?: number;
  replications?: number;
  seed?: string;
  restart: boolean;
  quiet: boolean;
  format: 'table' | 'json';
}

/** The first line of an overlay written with --overlay, so a later run may replace it and nothing else. */
const OVERLAY_HEAD = '# Written by casecast calibrate';

/** Whether a file is a scenario rather than a calibration file (so its parameters come from --param). */
function isScenarioText(text: string): boolean {
  try {
    const data: unknown = parseYaml(text);
    return isMap(data) && !('calibration' in data) && ('states' in data || 'extends' in data || 'targets' in data);
  } catch {
    return false;
  }
}

export async function handler(argv: CalibrateArgs): Promise<void> {
  const startedAt = new Date();
  const file = displayPath(argv.file);
  const quiet = argv.quiet;
  const text = readTextFile(file);
  if (text === undefined) throw new InputError(`cannot read ${JSON.stringify(file)}.\n  fix: check the path; name a calibration file (see docs/calibration.md) or a scenario with targets`);
  const extra = (argv.param ?? []).map(parseParam);
  const names = new Set<string>();
  for (const e of extra) {
    if (names.has(e.name)) throw new InputError(`--param ${e.text}: "${e.name}" is given twice.\n  fix: give each parameter one --param`);
    names.add(e.name);
  }
  checkWhole('particles', argv.particles, 20);
  checkWhole('generations', argv.generations, 1);
  checkWhole('moves', argv.moves, 1);
  checkWhole('replications', argv.replications, 1);
  const method = {
    ...(argv.particles !== undefined && { particles: argv.particles }),
    ...(argv.generations !== undefined && { generations: argv.generations }),
    ...(argv.moves !== undefined && { moves: argv.moves }),
    ...(argv.replications !== undefined && { replications: argv.replications }),
    ...(argv.seed !== undefined && { seed: argv.seed }),
  };

  // A scenario with --param is a calibration file of one line, held in memory beside it.
  const scenarioMode = isScenarioText(text);
  if (scenarioMode && extra.length === 0) throw new InputError(`${file} is a scenario, so the parameters to fit come from --param.\n  fix: add e.g. ${paramExample}, or write a calibration file (docs/calibration.md)`);
  const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const calFile = scenarioMode ? `${dir}(command line)` : file;
  const virtualText = scenarioMode ? stringifyYaml({ calibration: `${basename(file, extname(file))} from the command line`, base: file.slice(dir.length), parameters: {} }) : '';
  const read = (p: string): string | undefined => (scenarioMode && p === calFile ? virtualText : readTextFile(p));
  const cache: ParseCache = new Map();
  const loaded = loadCalibration(calFile, read, { cache, extra, method, realpath });
  if (!loaded.ok) throw new InputError(formatLoadProblems(loaded.errors));
  const cal = loaded.calibration;
  const shown = scenarioMode ? [file, ...extra.map((e) => `--param '${e.text}'`)].join(' ') : file;

  const out = argv.out ?? join('out', basename(file, extname(file)) + (scenarioMode ? '-calibration' : ''));
  checkOutFolder(out, calibrationFiles);
  const overlayPath = argv.overlay === undefined ? undefined : checkOverlayName(argv.overlay, cal);
  const setup = particleSetup(cal, read, cache);
  const done: Generation[] = readJournal(out, cal, argv.restart);
  const s = cal.settings;
  if (!quiet && done.length > 0) writeErr(`continuing ${out}: ${done.length} generation${done.length === 1 ? '' : 's'} already done\n`);
  const workers = workersFrom(argv.workers, s.particles * s.replications, quiet);
  if (!quiet && setup.build.kind === 'load') writeErr('note: a parameter changes the scenario in a way that is not a straight line, so each particle is built through the scenario loader (slower)\n');

  let stop = false;
  const runner = new Runner(workers);
  const interrupt = (): void => {
    stop = true;
    void runner.close();
  };
  // Held until the files are written: a signal during the final check is heard once the check is done.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  // Time left: known once the moves start (each costs about the same); before, only what is still to come.
  const moveSeconds: number[] = [];
  const timeLeft = (g: Generation): string => {
    const movesLeft = s.kernel === 'gaussian' ? s.moves - done.filter((d) => d.kind === 'move').length : 0;
    if (g.kind !== 'move') return s.kernel === 'gaussian' ? `then at most ${s.generations - done.length} more generations and ${s.moves} moves` : `at most ${s.generations - done.length} more generations`;
    const each = moveSeconds.reduce((a, b) => a + b, 0) / moveSeconds.length;
    return movesLeft > 0 ? `about ${duration(movesLeft * each)} left` : 'done';
  };
  try {
    let bar: Progress | null = null;
    let stopped: string | null;
    try {
      stopped = await runGenerations(cal, setup, runner, done, {
        starting: (plan) => {
          const what = plan.kind === 'prior' ? 'from the priors' : plan.kind === 'uniform' ? `ABC-SMC, at most ${s.generations}` : `move ${plan.generation + 1 - done.filter((d) => d.kind !== 'move').length} of ${s.moves}`;
          bar = progressBar(s.particles, `generation ${plan.generation + 1} (${what})`, progressEnabled(quiet), { unit: 'particles', runsPer: s.replications });
        },
        progress: (filled) => bar?.update(filled),
        finished: (g, seconds) => {
          bar?.stop();
          writeFolder(out, { [JOURNAL]: journalText(cal, done) });
          if (g.kind === 'move') moveSeconds.push(seconds);
          if (!quiet) writeErr(generationLine(g, seconds, timeLeft(g)));
        },
        stopped: () => stop,
      });
    } finally {
      (bar as Progress | null)?.stop();
      await runner.close();
    }
    if (stopped === null || stop) return interrupted(out, done.length);
    if (done.length === 0) throw new InputError(`${stopped}.\n  fix: widen the priors, or check that the targets can be measured in the scenario`);

    const checkBar = progressBar(2 * cal.check, 'checking the targets at the posterior mean and at the base', progressEnabled(quiet));
    const result = calibrationResult(cal, done, stopped, shown, read, cache, (k) => checkBar.update(k));
    checkBar.stop();
    await yieldToEventLoop(); // a signal that came during the check is handled now
    if (stop) return interrupted(out, done.length);
    const record = `${JSON.stringify(result.record, null, 2)}\n`;
    const extendsFromOut = relative(resolve(out), resolve(cal.base.file)).split(sep).join('/');
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const runInfo = { calibration: file, command: ['casecast', ...process.argv.slice(2)], startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), seconds, workers, node: process.version, version, simulations: done.reduce((a, g) => a + g.simulations, 0) };
    writeFolder(out, {
      'posterior.csv': result.csv,
      'posterior.json': record,
      'calibrated.yaml': overlayText(cal, result.summaries, result.overlay, shown, extendsFromOut),
      [JOURNAL]: journalText(cal, done),
      'run-info.json': `${JSON.stringify(runInfo, null, 2)}\n`,
    });
    if (overlayPath !== undefined) {
      writeAtomically(overlayPath, overlayText(cal, result.summaries, result.overlay, shown, basename(cal.base.file)));
      if (!quiet) writeErr(`wrote ${overlayPath}\n`);
    }
    if (argv.format === 'json') writeOut(record, 'json');
    else writeOut(formatResult(cal, result, out, ['posterior.csv', 'posterior.json', 'calibrated.yaml']));
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/** Seconds for people: "40 s", "3 min 05 s". */
const duration = (seconds: number): string => {
  const t = Math.round(seconds);
  return t < 60 ? `${t} s` : `${Math.floor(t / 60)} min ${String(t % 60).padStart(2, '0')} s`;
};

/** Ctrl-C or a kill: the finished generations are in the journal. */
function interrupted(out: string, generations: number): void {
  writeErr(`interrupted: ${generations} finished generation${generations === 1 ? ' is' : 's are'} saved in ${out}; run the same command again to continue\n`);
  process.exitCode = 130;
}

/** The path beside the base scenario that --overlay names; refused when it is not a plain file name, or would replace a file casecast did not write. */
function checkOverlayName(name: string, cal: Calibration): string {
  const fix = '  fix: give a file name (no folders) ending .yaml, e.g. --overlay liverpool-waves-of-hope-calibrated.yaml';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/.test(name)) throw new InputError(`--overlay ${JSON.stringify(name)} is not a plain file name ending .yaml; it is written beside the base scenario.\n${fix}`);
  const path = join(dirname(cal.base.file), name);
  if (resolve(path) === resolve(cal.base.file)) throw new InputError(`--overlay ${name} is the base scenario itself.\n${fix}`);
  if (existsSync(path) && !readFileSync(path, 'utf8').startsWith(OVERLAY_HEAD)) throw new InputError(`--overlay ${name}: ${displayPath(path)} exists and casecast calibrate did not write it, so it is left alone.\n${fix}`);
  return path;
}

/** Writes a file whole: a temporary beside it, then renamed over it. */
function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
