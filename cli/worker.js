// Fallback entry of each worker thread, used when the engine bundle cannot be
// built (cli/bundle.ts). A worker does not inherit the main thread's tsx
// registration, so register it here, then load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
const entry = await import('./worker-entry.ts');

export default entry.default;
export const variant = entry.variant;
export const calibrate = entry.calibrate;
