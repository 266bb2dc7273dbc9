/**
 * SIGINT and SIGTERM for a command that trains (gfn train, gfn compare): the first one asks the work to stop and save
 * (an AbortSignal), and the command's exit code says which it was (130 or 143). A second SIGINT kills, as Node does
 * once the listener is gone: the run's files are atomic anyway.
 */
export interface SignalStop {
  readonly signal: AbortSignal;
  /** The first signal received; null while none was. */
  readonly stoppedBy: NodeJS.Signals | null;
  /** The exit code of a stop: 143 for SIGTERM, 130 for SIGINT (or a stop without a signal). */
  exitCode(): number;
  dispose(): void;
}

export function stopOnSignals(): SignalStop {
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    get stoppedBy() {
      return stoppedBy;
    },
    exitCode: () => (stoppedBy === 'SIGTERM' ? 143 : 130),
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
