/**
 * One task of a run: a chunk of consecutive replications of a scenario,
 * simulated, priced and appraised. The same function runs in-process (one
 * worker) and inside each pool thread (dist/worker.js), so any split of a run
 * gives the same per-replication outputs.
 */
import type { Appraisal } from '../engine/economics/appraisal.ts';
import type { LedgerLine } from '../engine/economics/types.ts';
import { compile, type CompiledModel } from '../engine/model/compile.ts';
import type { ReplicationOutput } from '../engine/model/record.ts';
import type { Scenario } from '../engine/model/scenario.ts';
import { priceReplication, runBatch } from '../engine/run.ts';

export interface ChunkTask {
  /** Identifies the scenario (its sha256), so a thread compiles each scenario once. */
  key: string;
  scenario: Scenario;
  seed: string;
  first: number;
  count: number;
}

export interface ChunkResult {
  first: number;
  outputs: ReplicationOutput[];
  /** Per replication, when the scenario has economics; otherwise empty. */
  appraisals: Appraisal[];
  /** Per replication, each ledger's amounts[line][year]; the lines are the same for every replication. */
  ledgers: Float64Array[][];
  ledgerLines: LedgerLine[] | null;
  ledgerYears: number;
}

const models = new Map<string, CompiledModel>();

function modelFor(task: ChunkTask): CompiledModel {
  let m = models.get(task.key);
  if (!m) {
    if (models.size >= 8) models.clear();
    m = compile(task.scenario);
    models.set(task.key, m);
  }
  return m;
}

/**
 * Test hook, read only here: CASECAST_TEST_FAIL_REPLICATION=k makes replication
 * k throw, so tests can check that a failing worker is reported and never hangs.
 */
function injectedFailure(k: number): void {
  const v = process.env.CASECAST_TEST_FAIL_REPLICATION;
  if (v !== undefined && v !== '' && Number(v) === k) {
    throw new Error(`test failure injected at replication ${k} (CASECAST_TEST_FAIL_REPLICATION)`);
  }
}

/** Simulates, prices and appraises replications [first, first + count). */
export function runChunk(task: ChunkTask): ChunkResult {
  const model = modelFor(task);
  const result: ChunkResult = { first: task.first, outputs: [], appraisals: [], ledgers: [], ledgerLines: null, ledgerYears: 0 };
  for (let k = task.first; k < task.first + task.count; k++) {
    let out: ReplicationOutput;
    try {
      injectedFailure(k);
      [out] = runBatch(model, { seed: task.seed, replications: 1, first: k });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`replication ${k} of "${task.scenario.name}" failed: ${message}`, { cause: err });
    }
    result.outputs.push(out);
    const priced = priceReplication(model, out);
    if (priced) {
      result.appraisals.push(priced.appraisal);
      result.ledgers.push(priced.ledger.amounts);
      result.ledgerLines ??= priced.ledger.lines;
      result.ledgerYears = priced.ledger.years;
    }
  }
  return result;
}

/** The buffers behind a chunk's typed arrays, each once, to move (not copy) them across threads. */
export function transferables(r: ChunkResult): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  const add = (a: Float64Array): void => {
    if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) seen.add(a.buffer);
  };
  for (const o of r.outputs) {
    for (const v of Object.values(o)) {
      if (v instanceof Float64Array) {
        add(v);
      } else if (v && typeof v === 'object') {
        // Float64Array[] (per state, per service) or Record<string, Float64Array> (exits, transitions).
        for (const a of Object.values(v)) if (a instanceof Float64Array) add(a);
      }
    }
  }
  for (const l of r.ledgers) for (const a of l) add(a);
  return [...seen];
}
