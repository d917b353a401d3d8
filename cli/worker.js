// Entry point of each worker thread. A worker does not inherit the main
// thread's tsx registration, so register it here, then load the TypeScript task.
import { register } from 'tsx/esm/api';
import { move, transferableSymbol, valueSymbol } from 'piscina';

register();
const { runChunk, transferables } = await import('./task.ts');

/** Runs one chunk of replications; the typed arrays are moved to the main thread, not copied. */
export default function chunk(task) {
  const result = runChunk(task);
  return move({
    get [transferableSymbol]() {
      return transferables(result);
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
