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
