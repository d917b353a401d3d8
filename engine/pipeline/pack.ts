/**
 * Replicate and price a chunk: replications [first, first + count) of a
 * compiled model, each simulated, priced and written into its row of one
 * Float64Array. After the rows come the chunk's spells of intensive support,
 * two numbers each (cell = reason × years + year, length in days), in
 * replication order: each row's `spells` field says how many are its own.
 */
import type { Appraisal } from '../economics/appraisal.ts';
import { agencies } from '../economics/types.ts';
import { RandomStreams } from '../des/rng.ts';
import type { CompiledModel } from '../model/compile.ts';
import { simulateReplication } from '../model/pathway.ts';
import type { ReplicationOutput } from '../model/record.ts';
import { firstOver } from '../results.ts';
import { agencyField, agencyWidth, layoutOf, totalField, type AppraisalLayout, type Layout } from './layout.ts';
import { priceReplication } from './price.ts';

/** A chunk of rows: replications [first, first + count), `rowLength` numbers each, then their spells. */
export interface Chunk {
  first: number;
  count: number;
  rowLength: number;
  data: Float64Array;
}

/** Writes one appraisal's figures into `row` at `a`. */
export function writeAppraisal(row: Float64Array, a: AppraisalLayout, ap: Appraisal): void {
  const y = ap.byYear;
  row.set(y.costs, a.byYear.costs);
  row.set(y.grossSavings, a.byYear.grossSavings);
  row.set(y.netBenefits, a.byYear.netBenefits);
  row.set(y.cumulativeDiscountedCosts, a.byYear.cumulativeDiscountedCosts);
  row.set(y.cumulativeDiscountedBenefits, a.byYear.cumulativeDiscountedBenefits);
  agencies.forEach((ag, i) => {
    const f = ap.byAgency[ag];
    const o = a.agency + i * agencyWidth;
    row[o + agencyField.lines] = f.lines;
    row[o + agencyField.pvCosts] = f.pvCosts;
    row[o + agencyField.pvBenefits] = f.pvBenefits;
    row[o + agencyField.npv] = f.npv;
    row[o + agencyField.roi] = f.roi;
    row[o + agencyField.paybackYear] = f.paybackYear ?? NaN;
  });
  const t = a.totals;
  row[t + totalField.npv] = ap.npv;
  row[t + totalField.bcr] = ap.bcr;
  row[t + totalField.fiscalRoi] = ap.fiscalRoi;
  row[t + totalField.publicValueRoi] = ap.publicValueRoi;
  row[t + totalField.pvCosts] = ap.pvCosts;
  row[t + totalField.pvBenefits] = ap.pvBenefits;
  row[t + totalField.cashable] = ap.pvCashableBenefits;
  row[t + totalField.nonCashable] = ap.pvNonCashableBenefits;
  row[t + totalField.paybackYear] = ap.paybackYear ?? NaN;
  row[t + totalField.personSupported] = ap.costPer?.personSupported ?? NaN;
  row[t + totalField.moveOn] = ap.costPer?.moveOn ?? NaN;
  row[t + totalField.intensiveYear] = ap.costPer?.intensiveYear ?? NaN;
  row[t + totalField.hasCostPer] = ap.costPer ? 1 : 0;
}

/** Writes one replication's output (and its pricing) into `row`; its spells go to `spells`. */
export function writeReplication(model: CompiledModel, L: Layout, out: ReplicationOutput, row: Float64Array, spells: number[]): void {
  const P = L.periods;
  const put = (at: number, xs: ArrayLike<number> | undefined): void => {
    if (xs) for (let k = 0; k < P; k++) row[at + k] = xs[k];
  };
  L.states.forEach((at, i) => put(at, out.states[i]));
  L.tiers.forEach((at, i) => put(at, out.tiers[i]));
  put(L.total, out.total);
  put(L.weighted, out.weighted);
  put(L.waitingForFirstPlace, out.waitingForFirstPlace);
  for (let k = 0; k < P; k++) row[L.openIncludingWaiting + k] = out.total[k] + out.waitingNotOpen[k];
  const period = model.scenario.period;
  const capacity = new Float64Array(P);
  const demand = new Float64Array(P);
  L.services.forEach((s, f) => {
    put(s.capacity, out.capacity[f]);
    put(s.load, out.load[f]);
    put(s.demand, out.demand[f]);
    put(s.waiting, out.waiting[f]);
    for (let k = 0; k < P; k++) {
      const c = out.capacity[f][k];
      row[s.utilisation + k] = c > 0 ? out.load[f][k] / c : 0;
      if (!s.inTotal) continue;
      capacity[k] += c;
      demand[k] += out.demand[f][k];
    }
    row[s.firstOver] = firstOver(out.demand[f], out.capacity[f], period);
  });
  put(L.capacityTotal, capacity);
  row[L.firstOverTotal] = firstOver(demand, capacity, period);
  put(L.waitingTotal, out.waitingTotal);
  put(L.reneged, out.reneged);
  const perYear = Math.round(1 / period);
  for (let y = 0; y < L.years; y++) {
    let sum = 0;
    let n = 0;
    for (let k = y * perYear; k < Math.min(P, (y + 1) * perYear); k++) {
      sum += out.waitSum[k];
      n += out.waitCount[k];
    }
    row[L.waitDays + y] = n > 0 ? (sum / n) * 365.25 : NaN;
  }
  L.entries.forEach((at, i) => put(at, out.entries[i]));
  L.exits.forEach((at, i) => put(at, out.exits[L.exitNames[i]]));
  L.transitions.forEach((at, i) => put(at, out.transitions[model.reasons[i]]));
  L.moves.forEach((at, i) => put(at, out.moves[i]));
  L.bySource.forEach((s, i) => {
    put(s.referrals, out.bySource.referrals[i]);
    put(s.eligible, out.bySource.eligible[i]);
    put(s.started, out.bySource.started[i]);
  });
  L.spellCount.forEach((at, i) => put(at, out.spellCount[L.spellReasons[i]]));
  put(L.cumulativeSupported, out.cumulativeSupported);
  L.dynamics.forEach((at, i) => put(at, out.dynamics[i]));
  row[L.events] = out.events;
  row[L.people] = out.people;

  // Spells: only the reasons the results report, each placed in its year.
  const codes = L.spellReasons.map((r) => model.reasons.indexOf(r));
  const log = out.spellLog;
  let n = 0;
  for (let i = 0; i < log.reason.length; i++) {
    const j = codes.indexOf(log.reason[i]);
    if (j < 0) continue;
    spells.push(j * L.years + Math.min(L.years - 1, Math.floor(log.at[i] - 1e-12)), log.length[i] * 365.25);
    n++;
  }
  row[L.spells] = n;

  if (L.ledger && L.appraisal) {
    const priced = priceReplication(model, out)!;
    const Y = L.ledger.years;
    priced.ledger.amounts.forEach((a, i) => row.set(a, L.ledger!.at + i * Y));
    writeAppraisal(row, L.appraisal, priced.appraisal);
  }
}

/** Options for a chunk: a hook called before each replication (tests inject failures through it), and the scenario's name for messages. */
export interface ChunkOptions {
  before?: (replication: number) => void;
  name?: string;
}

/** Simulates, prices and packs replications [first, first + count) of `model` under `seed`. */
export function replicateChunk(model: CompiledModel, seed: string, first: number, count: number, opts: ChunkOptions = {}): Chunk {
  const L = layoutOf(model);
  const rows = new Float64Array(count * L.rowLength);
  const spells: number[] = [];
  for (let i = 0; i < count; i++) {
    const k = first + i;
    try {
      opts.before?.(k);
      const out = simulateReplication(model, new RandomStreams(seed, k));
      writeReplication(model, L, out, rows.subarray(i * L.rowLength, (i + 1) * L.rowLength), spells);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`replication ${k} of "${opts.name ?? model.scenario.name}" failed: ${message}`, { cause: err });
    }
  }
  return joined(first, count, L, rows, spells);
}

function joined(first: number, count: number, L: Layout, rows: Float64Array, spells: readonly number[]): Chunk {
  const data = new Float64Array(rows.length + spells.length);
  data.set(rows);
  data.set(spells, rows.length);
  return { first, count, rowLength: L.rowLength, data };
}

/** Packs outputs already simulated (replications [first, first + outputs.length)) into a chunk, pricing each. */
export function packOutputs(model: CompiledModel, outputs: readonly ReplicationOutput[], first = 0): Chunk {
  const L = layoutOf(model);
  const rows = new Float64Array(outputs.length * L.rowLength);
  const spells: number[] = [];
  outputs.forEach((out, i) => writeReplication(model, L, out, rows.subarray(i * L.rowLength, (i + 1) * L.rowLength), spells));
  return joined(first, outputs.length, L, rows, spells);
}
