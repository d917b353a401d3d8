/**
 * Collects a run's chunks in any order, each row placed by its replication
 * index, and summarises the whole matrix in replication order: the same
 * results, byte for byte, for any number of workers and any chunk size.
 */
import type { IntervalKind } from '../des/statistics.ts';
import type { Ledger } from '../economics/types.ts';
import type { CompiledModel } from '../model/compile.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Manifest, Results } from '../results.ts';
import { summarizeUncertainty, type ReplicationFigures } from '../uncertainty/summary.ts';
import { summarizeAppraisals } from './economics.ts';
import { layoutOf, totalField, type Layout } from './layout.ts';
import { Matrix } from './matrix.ts';
import type { Chunk } from './pack.ts';
import { summarizeMatrix } from './summary.ts';

/** How a run's replications are summarised: at the point estimate, or over draws of `perDraw` replications each. */
export type Pooling = { draws?: undefined } | { draws: number; perDraw: number };

export class Accumulator {
  readonly model: CompiledModel;
  readonly layout: Layout;
  readonly replications: number;
  readonly matrix: Matrix;
  private readonly tails: (Float64Array | undefined)[];
  private filled = 0;

  /** `model` is the run's (over draws, any draw's: draws differ in numbers only); rows are replications [0, replications). */
  constructor(model: CompiledModel, replications: number) {
    if (!Number.isInteger(replications) || replications < 1) throw new RangeError(`replications must be a whole number ≥ 1, got ${replications}`);
    this.model = model;
    this.layout = layoutOf(model);
    this.replications = replications;
    this.matrix = new Matrix(this.layout.rowLength, replications);
    this.tails = new Array(replications);
  }

  /** Every row has arrived. */
  get complete(): boolean {
    return this.filled === this.replications;
  }

  /** Places a chunk's rows at their replication indices, and keeps each row's spells. */
  add(chunk: Chunk): void {
    const L = this.layout.rowLength;
    if (chunk.rowLength !== L) throw new RangeError(`a chunk of rows of ${chunk.rowLength} numbers does not fit rows of ${L}: its scenario differs in shape`);
    if (chunk.first < 0 || chunk.first + chunk.count > this.replications) throw new RangeError(`replications [${chunk.first}, ${chunk.first + chunk.count}) lie outside [0, ${this.replications})`);
    for (let i = 0; i < chunk.count; i++) if (this.tails[chunk.first + i]) throw new RangeError(`replication ${chunk.first + i} arrived twice`);
    const rows = chunk.count * L;
    this.matrix.data.set(chunk.data.subarray(0, rows), chunk.first * L);
    let at = rows;
    for (let i = 0; i < chunk.count; i++) {
      const n = 2 * chunk.data[i * L + this.layout.spells];
      this.tails[chunk.first + i] = chunk.data.slice(at, at + n);
      at += n;
    }
    this.filled += chunk.count;
  }

  private check(): void {
    if (!this.complete) throw new Error(`${this.replications - this.filled} of ${this.replications} replications have not arrived`);
  }

  /**
   * The results contract. At the point estimate, 95% intervals of the mean;
   * over draws, uncertainty intervals (the central 90%) and the uncertainty
   * summary of `scenario`'s section, draw d being rows [d·R, (d + 1)·R).
   */
  finish(manifest: Manifest, pooling: Pooling = {}, scenario: Scenario = this.model.scenario): Results {
    this.check();
    const interval: IntervalKind = pooling.draws === undefined ? 'mean' : 'spread';
    const L = this.layout;
    const results = summarizeMatrix(this.model, L, this.matrix, this.tails as Float64Array[], manifest, interval);
    if (L.appraisal) results.economics = summarizeAppraisals(this.matrix, L.appraisal, interval);
    if (pooling.draws !== undefined) {
      if (!scenario.uncertainty) throw new Error(`scenario "${scenario.name}" has no uncertainty section`);
      if (pooling.draws * pooling.perDraw !== this.replications) throw new RangeError(`${pooling.draws} draws × ${pooling.perDraw} is not ${this.replications} replications`);
      results.uncertainty = summarizeUncertainty(scenario.uncertainty, this.figuresByDraw(pooling.perDraw));
    }
    return results;
  }

  /** Each replication's headline figures, by draw. */
  private figuresByDraw(perDraw: number): ReplicationFigures[][] {
    const L = this.layout;
    const m = this.matrix;
    const last = L.periods - 1;
    const a = L.appraisal;
    const t = a?.totals ?? 0;
    const byDraw: ReplicationFigures[][] = [];
    for (let r = 0; r < this.replications; r++) {
      const row = m.row(r);
      const v = (k: number): number => (a ? row[t + k] : NaN);
      const f: ReplicationFigures = {
        values: {
          npv: v(totalField.npv),
          pvCosts: v(totalField.pvCosts),
          pvBenefits: v(totalField.pvBenefits),
          bcr: v(totalField.bcr),
          roi: v(totalField.fiscalRoi),
          costPerPersonSupported: v(totalField.personSupported),
          costPerMoveOn: v(totalField.moveOn),
          costPerIntensiveYear: v(totalField.intensiveYear),
          openCaseload: row[L.total + last],
          weightedCaseload: row[L.weighted + last],
          waiting: row[L.waitingTotal + last],
        },
        cumulativeCosts: a ? Array.from(row.subarray(a.byYear.cumulativeDiscountedCosts, a.byYear.cumulativeDiscountedCosts + a.years)) : null,
        cumulativeBenefits: a ? Array.from(row.subarray(a.byYear.cumulativeDiscountedBenefits, a.byYear.cumulativeDiscountedBenefits + a.years)) : null,
      };
      (byDraw[Math.floor(r / perDraw)] ??= []).push(f);
    }
    return byDraw;
  }

  /** Each replication's ledger, as views into the matrix; null without economics. */
  ledgers(): Ledger[] | null {
    this.check();
    const led = this.layout.ledger;
    if (!led) return null;
    const out: Ledger[] = [];
    for (let r = 0; r < this.replications; r++) {
      const row = this.matrix.row(r);
      out.push({ years: led.years, lines: led.lines, amounts: led.lines.map((_, i) => row.subarray(led.at + i * led.years, led.at + (i + 1) * led.years)) });
    }
    return out;
  }
}
