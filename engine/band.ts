/**
 * The two shapes every summary across replications takes. They sit below the
 * model, the economics and the results contract so that each can use them
 * without importing another.
 */

/** A series across reporting periods: mean and interval across replications. */
export interface Band {
  mean: number[];
  lo: number[];
  hi: number[];
}

/** A single figure across replications. */
export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
}
