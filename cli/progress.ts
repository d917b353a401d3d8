/**
 * A progress bar on stderr for runs that take more than about a second:
 * replications done, rate and time left. Never on stdout; off under --quiet,
 * when stderr is not a terminal, and under CI.
 */
import { SingleBar } from 'cli-progress';
import { num } from '../present/format.ts';
import { printableLine, writeErr } from './terminal.ts';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const none: Progress = { update() {}, stop() {} };

/** Seconds left at the rate so far, for people: "12s", "3m 05s"; "–" until a first replication is done. */
function timeLeft(done: number, total: number, rate: number): string {
  if (done === 0 || rate <= 0) return '–';
  const s = Math.round((total - done) / rate);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function progressEnabled(quiet: boolean): boolean {
  const ci = process.env.CI;
  return !quiet && process.stderr.isTTY === true && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}

export interface BarOptions {
  /** What is counted (default "replications"). */
  unit?: string;
  /** Replications per counted item, to show runs per second (a sweep counts variants). */
  runsPer?: number;
  /** Items already done before this run started (a resumed sweep). */
  start?: number;
  delayMs?: number;
}

/** A bar that appears only once the run has taken `delayMs`, so quick runs print nothing. */
export function progressBar(total: number, label: string, enabled: boolean, opts: BarOptions = {}): Progress {
  if (!enabled) return none;
  label = printableLine(label);
  const { unit = 'replications', runsPer = 1, start: before = 0, delayMs = 1000 } = opts;
  const start = Date.now();
  let bar: SingleBar | null = null;
  let last = before;
  const payload = (done: number, rate: number): Record<string, string> => ({ rate: num(rate * runsPer), left: timeLeft(done - before, total - before, rate) });
  const draw = (done: number): void => {
    last = done;
    const elapsed = (Date.now() - start) / 1000;
    const rate = elapsed > 0 ? (done - before) / elapsed : 0;
    if (!bar) {
      if (elapsed * 1000 < delayMs) return;
      bar = new SingleBar({
        stream: process.stderr,
        format: `${label} {bar} {value}/{total} ${unit} · {rate} ${runsPer === 1 ? `${unit}/s` : 'runs/s'} · ETA {left}`,
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        noTTYOutput: false,
      });
      bar.start(total, done, payload(done, rate));
    } else {
      bar.update(done, payload(done, rate));
    }
  };
  const timer = setInterval(() => draw(last), 250);
  timer.unref();
  return {
    update: draw,
    stop() {
      clearInterval(timer);
      bar?.stop();
    },
  };
}

/**
 * Progress of a long check that runs without yielding (a sweep's variants):
 * once it has taken a second, a bar on a terminal, otherwise a line on stderr
 * every few seconds. Nothing under --quiet.
 */
export function checkProgress(total: number, label: string, quiet: boolean, everyMs = 5000): Progress {
  if (quiet) return none;
  if (progressEnabled(false)) return progressBar(total, label, true, { unit: 'variants' });
  let last = Date.now();
  return {
    update(done: number): void {
      const now = Date.now();
      if (now - last < everyMs || done >= total) return;
      last = now;
      writeErr(`${label}: ${num(done, 0)} of ${num(total, 0)} checked\n`);
    },
    stop(): void {},
  };
}
