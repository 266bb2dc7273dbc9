/** An error for the user: bad environment data or a diverging run (its own module so every training module can throw it). */
export class TrainingError extends Error {}

/**
 * `call()`, a call of the user's code through the guarded environment; what it throws becomes a TrainingError
 * `${failure()}: ${message}` (e.g. "actions threw for state 3,1: ..."), worded only when it fails.
 */
export function userCall<T>(call: () => T, failure: () => string): T {
  try {
    return call();
  } catch (error) {
    throw new TrainingError(`${failure()}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
