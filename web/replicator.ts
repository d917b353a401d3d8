/// <reference lib="webworker" />
/**
 * A helper Web Worker: replicates chunks of the engine worker's run, handed
 * over a MessagePort (web/worker.ts owns the run, its accumulator and its
 * results). Each chunk is plain replications [first, first + count) of one
 * part under the run's seed, so where it runs never changes a number.
 */
import { compile, type CompiledModel } from '../engine/model/compile.ts';
import { replicateChunk } from '../engine/pipeline/pack.ts';
import type { HelperReply, HelperRequest, PartSpec } from './protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
/** The parts of the run being helped, by the engine worker's helper run number. */
let run = -1;
let seed = '';
let parts: PartSpec[] = [];
/**
 * The parts' models, compiled once per run: a part's key names its scenario
 * within a run only (draw d of another seed has the same key and other
 * numbers), so no model outlives its run.
 */
let models: Array<CompiledModel | undefined> = [];

scope.onmessage = (e: MessageEvent<{ type: 'port'; port: MessagePort }>) => {
  if (e.data.type !== 'port') return;
  const port = e.data.port;
  const send = (m: HelperReply, transfer: Transferable[] = []): void => port.postMessage(m, transfer);
  port.onmessage = (ev: MessageEvent<HelperRequest>) => {
    const m = ev.data;
    if (m.type === 'parts') {
      run = m.run;
      seed = m.seed;
      parts = m.parts;
      models = [];
      return;
    }
    if (m.run !== run) return; // a task of a run since superseded
    try {
      const model = (models[m.part] ??= compile(parts[m.part].scenario));
      const chunk = replicateChunk(model, seed, m.first, m.count);
      send({ type: 'chunk', run: m.run, task: m.task, chunk }, [chunk.data.buffer]);
    } catch (err) {
      send({ type: 'error', run: m.run, message: err instanceof Error ? err.message : String(err) });
    }
  };
};
