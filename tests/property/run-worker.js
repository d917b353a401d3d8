// A worker thread for tests/property: runs one scenario for one replication
// (casecast run -r 1, in-process through the engine), so the test can stop a
// run that takes too long. Workers do not inherit the main thread's tsx, so
// register it here before loading the engine's TypeScript.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runScenario } = await import('../../engine/run.ts');

parentPort.on('message', ({ id, scenario, resolvedText }) => {
  const started = performance.now();
  try {
    runScenario(scenario, resolvedText, { seed: '1', replications: 1 });
    parentPort.postMessage({ id, ok: true, ms: performance.now() - started });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, ms: performance.now() - started, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
parentPort.postMessage({ ready: true });
