/**
 * casecast benchmarks. Every measurement prints one JSON line on stdout.
 *   npm run bench                          all suites
 *   npm run --silent bench -- hold --pending 1000 --events 2000000 --json
 *   npm run --silent bench -- model --workers 2 --replications 1000 --json
 *   npm run --silent bench -- sweep --workers 2 --json
 *   npm run --silent bench -- viewer --replications 200 --json
 *   npm run --silent bench -- calibrate --workers 2 --repeats 3
 *   npm run --silent bench -- startup --repeats 5
 *   npm run --silent bench -- run --repeats 5
 *   npm run --silent bench -- merge --repeats 3
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { holdBareHeap, holdEngine, type HoldResult } from './hold.ts';
import { defaultScenario, modelMedian, modelRun } from './model.ts';
import { calibrateMedian, defaultCalibration } from './calibrate.ts';
import { sweepRun } from './sweep.ts';
import { viewerRuns } from './viewer.ts';
import { runSuite, startupSuite } from './cli-suites.ts';
import { defaultMergeSweep, mergeSuite } from './merge.ts';

/** Median of several timed runs, after a warm-up run that lets the JIT settle. */
function timed(run: () => HoldResult, repeats: number, warmup: () => void): HoldResult {
  warmup();
  const runs = Array.from({ length: repeats }, run).sort((a, b) => a.seconds - b.seconds);
  return runs[runs.length >> 1];
}

/** The hold model on the engine and on the bare heap, in the same process. */
function hold(pending: number, events: number, repeats: number): Record<string, unknown> {
  const warm = Math.min(events, 200_000);
  const engine = timed(() => holdEngine(pending, events), repeats, () => holdEngine(pending, warm));
  const bare = timed(() => holdBareHeap(pending, events), repeats, () => holdBareHeap(pending, warm));
  return {
    name: 'hold',
    pending,
    events: engine.events,
    repeats,
    seconds: round(engine.seconds, 4),
    eventsPerSecond: engine.eventsPerSecond,
    bareHeapEventsPerSecond: bare.eventsPerSecond,
    overheadVsBareHeap: round(bare.eventsPerSecond / engine.eventsPerSecond, 3),
    maxRssMB: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const print = (o: unknown): void => console.log(JSON.stringify(o));

/**
 * A measurement on `workers` threads after a warm-up. With more than one, also
 * on one thread in this process (or the one-thread time given), so the line
 * carries the speed-up against a baseline measured in the same run.
 */
async function withSpeedUp<T extends { seconds: number }>(
  run: (workers: number) => Promise<T>,
  warmUp: () => Promise<unknown>,
  workers: number,
  baseline: boolean | number = true,
): Promise<Record<string, unknown>> {
  await warmUp();
  const r = await run(workers);
  if (workers === 1 || baseline === false) return { ...r };
  const one = typeof baseline === 'number' ? baseline : (await run(1)).seconds;
  return { ...r, oneWorkerSeconds: one, speedUp: round(one / r.seconds, 2) };
}

/** The model (1,000 replications of the default scenario as `casecast run` runs them); the median of `repeats` runs. */
const model = async (file: string, replications: number, workers: number, repeats: number, baseline?: number): Promise<Record<string, unknown>> => ({
  ...(await withSpeedUp((w) => modelMedian(file, replications, w, repeats), () => modelRun(file, 50, 1), workers, baseline)),
  repeats,
});

/** The one-way benchmark sweep (bench/sweep.ts). */
const sweep = (parameters: number, replications: number, workers: number, baseline: boolean, variants?: number): Promise<Record<string, unknown>> =>
  withSpeedUp((w) => sweepRun(parameters, replications, w, variants), () => sweepRun(2, 10, 1), workers, baseline);

const cli = yargs(hideBin(process.argv))
  .scriptName('npm run bench --')
  .command(
    'hold',
    'Hold model: N pending events, each rescheduling itself after U(0,2), against a bare typed-array heap',
    (y) =>
      y
        .option('pending', { type: 'number', default: 1000, describe: 'events pending at once' })
        .option('events', { type: 'number', default: 2_000_000, describe: 'events to fire' })
        .option('repeats', { type: 'number', default: 3, describe: 'timed runs; the median is reported' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    (a) => print(hold(a.pending, a.events, a.repeats)),
  )
  .command(
    'model',
    'The default scenario, 10 years: replications per second on N worker threads, and the speed-up over 1',
    (y) =>
      y
        .option('scenario', { type: 'string', default: defaultScenario, describe: 'scenario file' })
        .option('replications', { type: 'number', default: 1000, describe: 'replications per timed run' })
        .option('workers', { type: 'number', default: 2, describe: 'worker threads (1 runs in this thread)' })
        .option('repeats', { type: 'number', default: 1, describe: 'timed runs; the median is reported' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    async (a) => print(await model(a.scenario, a.replications, a.workers, a.repeats)),
  )
  .command(
    'sweep',
    'A one-way sweep of the default scenario (100 inputs ±20%: 201 variants × 100 replications): runs per second on N workers, and the speed-up over 1 in the same process',
    (y) =>
      y
        .option('parameters', { type: 'number', default: 100, describe: 'inputs varied (2 × parameters + 1 variants)' })
        .option('variants', { type: 'number', describe: 'run only the first N variants (a quicker measurement)' })
        .option('replications', { type: 'number', default: 100, describe: 'replications per variant' })
        .option('workers', { type: 'number', default: 2, describe: 'worker threads (1 runs in this thread)' })
        .option('baseline', { type: 'boolean', default: true, describe: 'with more than 1 worker, also time 1 worker in this process for the speed-up' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    async (a) => {
      print(await sweep(a.parameters, a.replications, a.workers, a.baseline, a.variants));
    },
  )
  .command(
    'viewer',
    'The built viewer in chromium: seconds from Run to results for the default scenario (median of fresh page loads)',
    (y) =>
      y
        .option('replications', { type: 'number', default: 200, describe: 'replications in the page' })
        .option('repeats', { type: 'number', default: 5, describe: 'timed runs after one warm-up; the median is reported' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    async (a) => print(await viewerRuns(a.replications, a.repeats)),
  )
  .command(
    'calibrate',
    'casecast calibrate of the default scenario (scenarios/calibration/liverpool.yaml): seconds on N workers and on 1 (median of --repeats runs each); not part of the full run (several minutes a run)',
    (y) =>
      y
        .option('file', { type: 'string', default: defaultCalibration, describe: 'calibration file' })
        .option('workers', { type: 'number', default: 2, describe: 'worker threads (1 runs in this thread)' })
        .option('repeats', { type: 'number', default: 3, describe: 'timed runs; the median is reported' })
        .option('baseline', { type: 'boolean', default: true, describe: 'with more than 1 worker, also time 1 worker for the speed-up' })
        .option('particles', { type: 'number', describe: "particles (over the file's), for a quicker measurement" })
        .option('moves', { type: 'number', describe: "moves (over the file's), for a quicker measurement" })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    async (a) => {
      const over = { ...(a.particles !== undefined && { particles: a.particles }), ...(a.moves !== undefined && { moves: a.moves }) };
      print(await withSpeedUp((w) => calibrateMedian(a.file, w, a.repeats, over), async () => {}, a.workers, a.baseline));
    },
  )
  .command(
    'startup',
    'Whole processes: casecast --version (target 0.25 s) and casecast validate of the default scenario (target 0.5 s), beside node -e 0, in turn; wall and CPU seconds, median of --repeats',
    (y) =>
      y
        .option('repeats', { type: 'number', default: 5, describe: 'rounds, each running every command once; the median is reported' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    (a) => startupSuite(a.repeats).forEach(print),
  )
  .command(
    'run',
    'Whole processes: casecast run of the default scenario, 1,000 replications over 10 years, on 1 worker and on 2 in turn (over draws, then --fixed); target 3.0 s on 1 worker and a speed-up of 1.6',
    (y) =>
      y
        .option('repeats', { type: 'number', default: 5, describe: 'rounds, each running 1 and 2 workers once; the median is reported' })
        .option('replications', { type: 'number', default: 1000, describe: 'replications per run (the targets are for 1,000)' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    (a) => runSuite(a.repeats, a.replications).forEach(print),
  )
  .command(
    'merge',
    'Whole processes: casecast merge of a synthetic 100,000-variant sweep split into 1,000 and into 2,000 shards, in turn; wall seconds and the peak memory (maxRSS) of each, median of --repeats, and the ratio of the peaks (about 1: memory does not grow with the shards)',
    (y) =>
      y
        .option('variants', { type: 'number', default: 100_000, describe: 'variants of the synthetic sweep (a multiple of 2: two options per draw)' })
        .option('shards', { type: 'number', array: true, default: [1000, 2000], describe: 'shard counts to merge, each the same variants' })
        .option('repeats', { type: 'number', default: 3, describe: 'rounds, each merging every shard count once; the median is reported' })
        .option('sweep', { type: 'string', default: defaultMergeSweep, describe: 'PSA whose parameters, groups and metrics the synthetic sweep copies' })
        .option('json', { type: 'boolean', default: true, describe: 'one JSON object per line (the only format)' }),
    (a) => print(mergeSuite(a.variants, a.shards, a.repeats, a.sweep)),
  )
  .command(
    '$0',
    'Run every benchmark suite but calibrate and merge (about 7 minutes)',
    () => {},
    async () => {
      startupSuite(5).forEach(print);
      runSuite(5).forEach(print);
      for (const pending of [100, 1_000, 100_000]) print(hold(pending, 2_000_000, 3));
      const one = await model(defaultScenario, 1000, 1, 1);
      print(one);
      print(await model(defaultScenario, 1000, 2, 1, one.seconds as number));
      print(await sweep(100, 100, 2, true));
      try {
        print(await viewerRuns(200, 5));
      } catch (err) {
        print({ name: 'viewer', skipped: err instanceof Error ? err.message : String(err) });
      }
    },
  )
  .example('npm run bench', 'every suite, one JSON line per measurement')
  .example('npm run --silent bench -- hold --pending 1000 --events 2000000 --json', 'one hold measurement')
  .example('npm run --silent bench -- model --workers 2 --replications 1000 --json', 'the model on 2 workers, with the speed-up over 1')
  .example('npm run --silent bench -- sweep --workers 2 --variants 40 --json', 'a shorter sweep measurement on 2 workers and on 1')
  .example('npm run --silent bench -- viewer --replications 200 --json', 'the viewer: 200 replications in the page, Run to results')
  .example('npm run --silent bench -- calibrate --repeats 3', 'calibrating the default scenario on 2 workers and on 1, median of 3 each')
  .example('npm run --silent bench -- startup', 'casecast --version and validate as whole processes, against their targets')
  .example('npm run --silent bench -- run --repeats 3', 'casecast run on 1 worker and on 2, in turn, against the targets')
  .example('npm run --silent bench -- merge --repeats 3', 'casecast merge of 100,000 variants in 1,000 and in 2,000 shards: wall time and peak memory')
  .strict()
  .help();

try {
  await cli.parseAsync();
} catch (err) {
  // A command that fails (a stale build, a bad flag) is reported in its own words, not as a stack trace.
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
