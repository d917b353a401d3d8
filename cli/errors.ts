/** Exit codes: 0 ok, 1 the run failed, 2 bad input. */
export const ExitCode = { ok: 0, failed: 1, badInput: 2 } as const;

/** Bad input from the user: printed as is, exit code 2, never a stack trace. */
export class InputError extends Error {}
