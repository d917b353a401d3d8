import { describe, expect, it } from 'vitest';
import { Simulation, Priority } from '../../engine/des/simulation.ts';
import { createStream } from '../../engine/des/rng.ts';

describe('Simulation event order', () => {
  it('fires events in time order and moves the clock to each', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    for (const [t, name] of [[5, 'e'], [1, 'a'], [3, 'c'], [2, 'b'], [4, 'd']] as const) {
      sim.schedule(t, () => seen.push(`${name}@${sim.now}`));
    }
    sim.run();
    expect(seen).toEqual(['a@1', 'b@2', 'c@3', 'd@4', 'e@5']);
    expect(sim.eventsFired).toBe(5);
  });

  it('breaks ties by priority class, then by insertion order', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const log = (s: string) => () => seen.push(s);
    sim.schedule(1, log('normal-1'));
    sim.schedule(1, log('late-1'), undefined, Priority.late);
    sim.schedule(1, log('normal-2'));
    sim.schedule(1, log('urgent-1'), undefined, Priority.urgent);
    sim.schedule(1, log('normal-3'));
    sim.schedule(1, log('urgent-2'), undefined, Priority.urgent);
    sim.schedule(0.5, log('earlier'), undefined, Priority.late);
    sim.run();
    expect(seen).toEqual(['earlier', 'urgent-1', 'urgent-2', 'normal-1', 'normal-2', 'normal-3', 'late-1']);
  });

  it('keeps insertion order for thousands of simultaneous events', () => {
    const sim = new Simulation({ initialCapacity: 16 });
    const seen: number[] = [];
    for (let i = 0; i < 5000; i++) sim.schedule(7, (k: number) => seen.push(k), i);
    sim.run();
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('orders events scheduled from inside handlers after those already due at the same time', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    sim.schedule(1, () => {
      seen.push('first');
      sim.schedule(0, () => seen.push('zero-delay'));
    });
    sim.schedule(1, () => seen.push('second'));
    sim.run();
    expect(seen).toEqual(['first', 'second', 'zero-delay']);
  });

  it('passes the scheduled argument to the handler', () => {
    const sim = new Simulation();
    const got: unknown[] = [];
    sim.schedule(1, (p: { id: number }) => got.push(p.id), { id: 42 });
    sim.run();
    expect(got).toEqual([42]);
  });

  it('matches a sort of random times exactly', () => {
    const rng = createStream('order', 0, 'times');
    const sim = new Simulation({ initialCapacity: 8 });
    const times = Array.from({ length: 20_000 }, () => Math.floor(rng() * 500) / 4);
    const fired: number[] = [];
    times.forEach((t, i) => sim.schedule(t, (k: number) => fired.push(k), i));
    sim.run();
    const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
    expect(fired).toEqual(expected);
  });
});

describe('Simulation cancellation', () => {
  it('never fires a cancelled event, and a handle cancels once', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const a = sim.schedule(1, () => seen.push('a'));
    const b = sim.schedule(2, () => seen.push('b'));
    sim.schedule(3, () => seen.push('c'));
    expect(sim.pending).toBe(3);
    expect(sim.cancel(b)).toBe(true);
    expect(sim.cancel(b)).toBe(false);
    expect(sim.pending).toBe(2);
    sim.run();
    expect(seen).toEqual(['a', 'c']);
    expect(sim.cancel(a)).toBe(false); // already fired
  });

  it('a stale handle does not cancel the event that reused its slot', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    const old = sim.schedule(1, () => seen.push('old'));
    sim.run(1.5);
    sim.schedule(1, () => seen.push('new')); // reuses the freed slot
    expect(sim.cancel(old)).toBe(false);
    sim.run();
    expect(seen).toEqual(['old', 'new']);
  });

  it('cancels from inside a handler, including an event at the same time', () => {
    const sim = new Simulation();
    const seen: string[] = [];
    let victim = 0;
    sim.schedule(1, () => {
      seen.push('killer');
      sim.cancel(victim);
    });
    victim = sim.schedule(1, () => seen.push('victim'));
    sim.run();
    expect(seen).toEqual(['killer']);
  });

  it('stays correct and compact under mass cancellation', () => {
    const rng = createStream('cancel', 0, 'times');
    const sim = new Simulation();
    const handles: number[] = [];
    const fired = new Set<number>();
    for (let i = 0; i < 50_000; i++) handles.push(sim.schedule(rng() * 100, (k: number) => fired.add(k), i));
    const kept = new Set<number>();
    handles.forEach((h, i) => (i % 10 === 3 ? kept.add(i) : sim.cancel(h)));
    expect(sim.pending).toBe(kept.size);
    let last = -1;
    let ordered = true;
    sim.runUntil(() => {
      if (sim.now < last) ordered = false;
      last = sim.now;
      return false;
    });
    expect(ordered).toBe(true);
    expect([...fired].sort((a, b) => a - b)).toEqual([...kept]);
  });
});

describe('Simulation run control', () => {
  it('run(until) fires events at or before until and leaves the clock there', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    for (const t of [1, 2, 3, 4]) sim.schedule(t, () => seen.push(t));
    sim.run(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.now).toBe(3);
    sim.run(3.5);
    expect(sim.now).toBe(3.5);
    expect(sim.peek()).toBe(4);
    sim.run();
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.now).toBe(4);
  });

  it('runUntil stops as soon as the condition holds', () => {
    const sim = new Simulation();
    let count = 0;
    const tick = (): void => {
      count++;
      sim.schedule(1, tick);
    };
    sim.schedule(0, tick);
    sim.runUntil(() => count === 10);
    expect(count).toBe(10);
    expect(sim.now).toBe(9);
  });

  it('stop() ends a run after the current event', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    for (const t of [1, 2, 3]) sim.schedule(t, () => (seen.push(t), t === 2 && sim.stop()));
    sim.run(10);
    expect(seen).toEqual([1, 2]);
    expect(sim.now).toBe(2);
  });

  it('rejects negative delays, past times and NaN', () => {
    const sim = new Simulation({ start: 5 });
    expect(() => sim.schedule(-1, () => {})).toThrow(/delay must be a number ≥ 0, got -1/);
    expect(() => sim.schedule(Number.NaN, () => {})).toThrow(/got NaN/);
    expect(() => sim.at(4, () => {})).toThrow(/must be ≥ now \(5\)/);
    expect(() => sim.run(1)).toThrow(/already at 5/);
  });
});

describe('Simulation determinism', () => {
  const trace = (seed: number, rep: number): string => {
    const rng = createStream(seed, rep, 'hold');
    const sim = new Simulation();
    const out: string[] = [];
    let left = 2000;
    const hold = (k: number): void => {
      out.push(`${k}:${sim.now}`);
      if (--left > 0) sim.schedule(2 * rng(), hold, k);
    };
    for (let k = 0; k < 50; k++) sim.schedule(2 * rng(), hold, k);
    sim.run(30);
    return out.join('\n');
  };

  it('gives byte-identical traces for the same seed and replication', () => {
    expect(trace(7, 3)).toBe(trace(7, 3));
  });

  it('gives different traces for different replications and seeds', () => {
    expect(trace(7, 3)).not.toBe(trace(7, 4));
    expect(trace(7, 3)).not.toBe(trace(8, 3));
  });
});
