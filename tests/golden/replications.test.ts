/**
 * Golden replications: every field of a replication's output, for every
 * bundled scenario and a scenario that exercises every mechanism, fingerprinted
 * (sha256 of its numbers' exact bits) and compared with the fingerprints the
 * simulation gave when they were frozen. Any change to how the pathway draws
 * its random numbers, orders its events or adds up its counts shows here, by
 * scenario and field. Refresh after a deliberate change with
 * CASECAST_GOLDEN_WRITE=1 npx vitest run tests/golden/replications.test.ts,
 * and say in the commit why the numbers moved.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../engine/des/rng.ts';
import { compile } from '../../engine/model/compile.ts';
import { simulateReplication } from '../../engine/model/pathway.ts';
import type { ReplicationOutput } from '../../engine/model/record.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { loadFile } from '../helpers/load.ts';
import { busy } from '../helpers/scenario.ts';

const goldenFile = new URL('./replications.json', import.meta.url);
const REPLICATIONS = 3;
/** How many events fired is how the engine works, not what it found: left out. */
const notResults = new Set(['events']);

/** Every numeric leaf of an output, by dotted field name. */
function leaves(o: unknown, prefix: string, into: Map<string, number[]>): void {
  if (typeof o === 'number') {
    const list = into.get(prefix) ?? [];
    list.push(o);
    into.set(prefix, list);
  } else if (ArrayBuffer.isView(o)) {
    const list = into.get(prefix) ?? [];
    list.push(...Array.from(o as unknown as ArrayLike<number>));
    into.set(prefix, list);
  } else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) leaves(v, prefix ? `${prefix}.${k}` : k, into);
  }
}

function fingerprint(outputs: ReplicationOutput[]): Record<string, string> {
  const fields = new Map<string, number[]>();
  for (const o of outputs) for (const [k, v] of Object.entries(o)) if (!notResults.has(k)) leaves(v, k, fields);
  const out: Record<string, string> = {};
  for (const k of [...fields.keys()].sort()) out[k] = bytesToHex(sha256(new Uint8Array(Float64Array.from(fields.get(k)!).buffer))).slice(0, 16);
  return out;
}

function cases(): [string, Scenario][] {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && f !== 'unit-costs.yaml').map((f) => `scenarios/${f}`);
  files.push('tests/golden/liverpool-format1.yaml', 'tests/scenarios/good/full.yaml');
  const list: [string, Scenario][] = files.map((f) => [f, loadFile(f).scenario]);
  list.push(['busy: no closed cases', busy('none')], ['busy: discharge, switching', busy('none', [{ at: 5, closure: 'discharge' }, { at: 8, closure: 'none' }])]);
  return list;
}

describe('golden replications', () => {
  const now: Record<string, Record<string, string>> = {};
  for (const [name, sc] of cases()) {
    const model = compile(sc);
    const outputs = Array.from({ length: REPLICATIONS }, (_, k) => simulateReplication(model, new RandomStreams('golden', k)));
    now[name] = fingerprint(outputs);
  }
  if (process.env.CASECAST_GOLDEN_WRITE === '1') writeFileSync(goldenFile, `${JSON.stringify(now, null, 1)}\n`);
  const frozen = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, Record<string, string>>;

  it('covers the same scenarios as when frozen', () => {
    expect(Object.keys(now).sort()).toEqual(Object.keys(frozen).sort());
  });
  for (const name of Object.keys(now)) {
    it(`${name}: every field as frozen`, () => {
      expect(now[name]).toEqual(frozen[name]);
    });
  }
});
