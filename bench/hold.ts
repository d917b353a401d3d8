import { Simulation } from '../engine/des/simulation.ts';
import { createStream } from '../engine/des/rng.ts';

/** One benchmark measurement, printed as a JSON line. */
export interface HoldResult {
  name: 'hold' | 'hold-bare-heap';
  pending: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  finalTime: number;
}

/**
 * The classic hold model on the engine: `pending` events, each rescheduling
 * itself after U(0, 2), until `events` have fired.
 */
export function holdEngine(pending: number, events: number, seed = 1): HoldResult {
  const rng = createStream(seed, 0, 'hold');
  const sim = new Simulation({ initialCapacity: pending });
  let left = events;
  const hold = (): void => {
    if (--left > 0) sim.schedule(2 * rng(), hold);
    else sim.stop();
  };
  for (let i = 0; i < pending; i++) sim.schedule(2 * rng(), hold);
  const t0 = performance.now();
  sim.run();
  const seconds = (performance.now() - t0) / 1000;
  return result('hold', pending, sim.eventsFired, seconds, sim.now);
}

/**
 * The same work on a bare typed-array heap of (time, id), with the same heap
 * algorithm as the engine (the fired root is replaced by its follow-up and
 * sifted down once; the smaller child is chosen without a branch) and none of
 * its bookkeeping: no slots, handles, priorities or callbacks. The floor the
 * engine's overhead is measured against.
 */
export function holdBareHeap(pending: number, events: number, seed = 1): HoldResult {
  const rng = createStream(seed, 0, 'hold');
  const time = new Float64Array(pending);
  const id = new Int32Array(pending);
  let size = 0;
  const push = (t: number, k: number): void => {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t >= time[p]) break;
      time[i] = time[p];
      id[i] = id[p];
      i = p;
    }
    time[i] = t;
    id[i] = k;
  };
  const replaceRoot = (t: number, k: number): void => {
    const n = size;
    const half = n >> 1;
    let i = 0;
    while (i < half) {
      let c = 2 * i + 1;
      if (c + 1 < n) c += +(time[c + 1] < time[c]);
      if (t <= time[c]) break;
      time[i] = time[c];
      id[i] = id[c];
      i = c;
    }
    time[i] = t;
    id[i] = k;
  };
  for (let k = 0; k < pending; k++) push(2 * rng(), k);
  const t0 = performance.now();
  let now = 0;
  let fired = 0;
  while (fired < events) {
    now = time[0];
    fired++;
    if (fired < events) replaceRoot(now + 2 * rng(), id[0]);
  }
  const seconds = (performance.now() - t0) / 1000;
  return result('hold-bare-heap', pending, fired, seconds, now);
}

function result(name: HoldResult['name'], pending: number, events: number, seconds: number, finalTime: number): HoldResult {
  return { name, pending, events, seconds, eventsPerSecond: Math.round(events / seconds), finalTime };
}
