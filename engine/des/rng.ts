import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Named random streams for one replication. Each stream is seeded from
 * (master seed, replication, name) alone, so draws on one stream never shift
 * another: the basis of common random numbers between scenarios.
 */
export class RandomStreams {
  readonly seed: string;
  readonly replication: number;
  private readonly streams = new Map<string, Rng>();

  constructor(seed: string | number, replication = 0) {
    if (!Number.isInteger(replication) || replication < 0) {
      throw new RangeError(`replication must be a whole number ≥ 0, got ${replication}`);
    }
    this.seed = String(seed);
    this.replication = replication;
  }

  /**
   * A family of cheap per-entity streams (one per person, say): entity k gets
   * the same draws in every scenario run with this seed and replication, which
   * keeps comparisons on common random numbers even when event orders differ.
   */
  family(name: string): (index: number) => Rng {
    const key = this.familyKey(name);
    return (index) => createSubstream(key, index);
  }

  /** The 32-bit key of a family, for substreams held in a typed array (`seedSubstream`). */
  familyKey(name: string): number {
    return (createStream(this.seed, this.replication, `family:${name}`) as seedrandom.PRNG).int32();
  }

  /** The stream with this name, created on first use. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      rng = createStream(this.seed, this.replication, name);
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** A fresh stream for (seed, replication, name); Alea: fast, 2^116 period, portable. */
export function createStream(seed: string | number, replication: number, name: string): Rng {
  return seedrandom.alea(`${seed}\u0000${replication}\u0000${name}`) as Rng;
}

/**
 * A small fast stream (xoshiro128**) for entity `index` under a 32-bit `key`,
 * seeded through splitmix32. Seeding costs nanoseconds, where a seedrandom
 * stream costs microseconds: it matters at one stream per person.
 */
export function createSubstream(key: number, index: number): Rng {
  const state = new Int32Array(4);
  seedSubstream(key, index, state, 0);
  return () => nextSubstream(state, 0);
}

/**
 * Seeds substream (key, index) into state[at .. at + 3], so many entities'
 * streams can sit in one typed array instead of a closure each.
 */
export function seedSubstream(key: number, index: number, state: Int32Array, at: number): void {
  // splitmix32 gives four well-mixed words from (key, index).
  const x = (key ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  state[at] = mix32((x + 0x9e3779b9) | 0);
  state[at + 1] = mix32((x + 2 * 0x9e3779b9) | 0);
  state[at + 2] = mix32((x + 3 * 0x9e3779b9) | 0);
  state[at + 3] = mix32((x + 4 * 0x9e3779b9) | 0) | 1; // the state must not be all zero
}

/** The next uniform in [0, 1) of the substream held at state[at .. at + 3]. */
export function nextSubstream(state: Int32Array, at: number): number {
  let a = state[at];
  let b = state[at + 1];
  let c = state[at + 2];
  let d = state[at + 3];
  const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
  const t = b << 9;
  c ^= a;
  d ^= b;
  b ^= c;
  a ^= d;
  c ^= t;
  d = rotl(d, 11);
  state[at] = a;
  state[at + 1] = b;
  state[at + 2] = c;
  state[at + 3] = d;
  return result * 2.3283064365386963e-10; // 2^-32
}

/** The splitmix32 output function: a well-mixed 32-bit word from a counter. */
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
