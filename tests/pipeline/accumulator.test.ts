/**
 * The accumulator gives the same results, byte for byte, however a run is cut
 * into chunks and in whatever order the chunks arrive; and the same as the
 * outputs summarised whole.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/model/compile.ts';
import { Accumulator } from '../../engine/pipeline/accumulator.ts';
import { packOutputs, type Chunk } from '../../engine/pipeline/pack.ts';
import { chunkTasks, drawParts, runChunkTask, runHereSync, type Part } from '../../engine/pipeline/plan.ts';
import { manifestFor, runBatch } from '../../engine/run.ts';
import { drawManifest, drawScenarios } from '../../engine/uncertainty/run.ts';
import type { Scenario } from '../../engine/model/scenario.ts';
import { loadWithOverrides, parseOverride, scenarioSource } from '../../cli/overrides.ts';
import { createStream } from '../../engine/des/rng.ts';

const FILE = 'scenarios/liverpool-waves-of-hope.yaml';
const OVERRIDES = [parseOverride('horizon=2 years')];
const R = 20;

function load(): { scenario: Scenario; resolvedText: string } {
  const l = loadWithOverrides(FILE, OVERRIDES);
  if (!l.ok) throw new Error('the default scenario does not load');
  return l;
}

/** The chunks of `parts` cut `size` replications at most, shuffled by a fixed seed when asked. */
function chunks(parts: Part[], seed: string, size: number, shuffle: boolean): Chunk[] {
  const out = chunkTasks(parts, seed, size).tasks.map((t) => runChunkTask(t));
  if (shuffle) {
    const rng = createStream('shuffle', size, 'order');
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
  }
  return out;
}

describe('the accumulator', () => {
  const { scenario, resolvedText } = load();
  const manifest = manifestFor(scenario, resolvedText, { seed: '7', replications: R });
  const model = compile(scenario);
  const part: Part = { scenario, key: `${manifest.sha256}:test`, first: 0, count: R };
  const finished = (cs: Chunk[]): string => {
    const acc = new Accumulator(model, R);
    for (const c of cs) acc.add(c);
    return JSON.stringify(acc.finish(manifest));
  };

  it('gives byte-identical results at the point estimate for chunks of 1, 7 and 1000, in order or shuffled', () => {
    const one = finished(chunks([part], '7', 1, false));
    expect(one.length).toBeGreaterThan(10_000);
    expect(JSON.parse(one).economics.summary.npv.mean).toEqual(expect.any(Number));
    for (const size of [1, 7, 1000]) {
      expect(finished(chunks([part], '7', size, false)), `chunks of ${size}`).toBe(one);
      expect(finished(chunks([part], '7', size, true)), `chunks of ${size}, shuffled`).toBe(one);
    }
  });

  it('gives the results of the raw outputs packed whole', () => {
    const outputs = runBatch(model, { seed: '7', replications: R });
    expect(finished([packOutputs(model, outputs)])).toBe(finished(chunks([part], '7', 7, true)));
  });

  it("a thread's compiled draws are told apart by their values: another seed's draw d is never reused", () => {
    const finishedFor = (seed: string, viaCache: boolean): string => {
      const plan = { seed, draws: 4, perDraw: 5 };
      const drawn = drawScenarios(scenarioSource(FILE, OVERRIDES), scenario, plan);
      if (!drawn.ok) throw new Error('a draw does not load');
      const parts = drawParts(drawn.scenarios, drawn.values, manifest.sha256, plan.perDraw);
      const acc = new Accumulator(compile(drawn.scenarios[0]), R);
      if (viaCache) for (const c of chunks(parts, seed, 5, false)) acc.add(c);
      else runHereSync(parts, seed, acc, 5);
      return JSON.stringify(acc.finish(drawManifest(manifest, plan), plan, scenario));
    };
    finishedFor('71', true); // compiles seed 71's draws 0-3 into the cache
    expect(finishedFor('72', true)).toBe(finishedFor('72', false));
  });

  it('gives byte-identical results over parameter draws, with the uncertainty summary, for any chunking and order', () => {
    const plan = { seed: '7', draws: 4, perDraw: 5 };
    const drawn = drawScenarios(scenarioSource(FILE, OVERRIDES), scenario, plan);
    if (!drawn.ok) throw new Error('a draw does not load');
    const parts = drawParts(drawn.scenarios, drawn.values, manifest.sha256, plan.perDraw);
    const m = drawManifest(manifest, plan);
    const over = (cs: Chunk[]): string => {
      const acc = new Accumulator(compile(drawn.scenarios[0]), R);
      for (const c of cs) acc.add(c);
      return JSON.stringify(acc.finish(m, plan, scenario));
    };
    const one = over(chunks(parts, '7', 1, false));
    const parsed = JSON.parse(one);
    expect(parsed.intervals.kind).toBe('spread');
    expect(parsed.uncertainty.draws).toBe(4);
    expect(parsed.uncertainty.replicationsPerDraw).toBe(5);
    for (const size of [1, 7, 1000]) expect(over(chunks(parts, '7', size, true)), `chunks of ${size}, shuffled`).toBe(one);
  });

  it('refuses a replication twice, one outside the run, and a summary before every row has come', () => {
    const [c] = chunks([part], '7', 1000, false);
    const acc = new Accumulator(model, R);
    expect(() => acc.finish(manifest)).toThrow(/20 of 20 replications have not arrived/);
    acc.add(c);
    expect(() => acc.add(c)).toThrow(/arrived twice/);
    expect(() => new Accumulator(model, R - 1).add(c)).toThrow(/outside/);
  });
});
