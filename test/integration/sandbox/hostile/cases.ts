/**
 * The expectations of the hostile-corpus test (test/integration/sandbox/hostile.test.ts): for each file of test/hostile, what
 * validating it must give. `diagnostic()`: exit code 1 and the code of the file's `// expect: <code>` marker at the
 * marker's line; `result(...)`: the normal result, computed by hand.
 */
import type { ValidationSummary } from '../../../../shared/diagnostics';

/** The summary fields of `gfn validate --json` (the protocol's summary without the name). */
export type Summary = Omit<ValidationSummary, 'name'>;

export type Expectation =
  /** Exit 1; the marker's code at the marker's line. Optionally the exact codes and some summary fields too. */
  | { kind: 'diagnostic'; codes?: string[]; summary?: Partial<Summary> }
  /** The normal result: exit code, summary, exact codes (sorted); a marker, when present, is checked too. */
  | { kind: 'result'; exit: 0 | 1; codes: string[]; summary: Summary };

const diagnostic = (extra: { codes?: string[]; summary?: Partial<Summary> } = {}): Expectation => ({ kind: 'diagnostic', ...extra });
const result = (exit: 0 | 1, summary: Summary, codes: string[] = []): Expectation => ({ kind: 'result', exit, codes: [...codes].sort(), summary });

/** '', '0', '1', '00', '01', '10', '11': 7 states, 6 edges, 4 terminals. logZ by the rewards of 00, 01, 10, 11. */
const twoBits = (logZ: number): Summary => ({ states: 7, edges: 6, terminals: 4, logZ, maxDepth: 2, complete: true });
/** Rewards 1, 2, 3, 4. */
const BITS = twoBits(Math.log(10));
/** Rewards 0, 1, 2, 3: a zero-reward warning, Z = 6. */
const BITS_ZERO = twoBits(Math.log(6));
/** Rewards -1, 1, 2, 3: invalid-reward, and Z = 6 (non-positive rewards do not count). */
const BITS_NEGATIVE = twoBits(Math.log(6));
/** Rewards NaN, 2, 3, 4: invalid-reward, Z = 9. */
const BITS_NAN = twoBits(Math.log(9));
/** A forged result must not be taken: the real diagnostics and the real summary (7 states, not 999). */
const REAL_INVALID_REWARD = diagnostic({ codes: ['invalid-reward'], summary: { states: 7, edges: 6, terminals: 4 } });

/** File name (in test/hostile) -> what validating it must give. Every file is listed, and only those. */
export const CASES: Record<string, Expectation> = {
  // 1. Process control: process-exit at the call.
  'exit-step.gfn.ts': diagnostic(),
  'exit3-step.gfn.ts': diagnostic(),
  'exit-reward.gfn.ts': diagnostic(),
  'exit3-reward.gfn.ts': diagnostic(),
  'exit-top-level.gfn.ts': diagnostic(),
  'exit3-top-level.gfn.ts': diagnostic(),
  'exit-kill-self.gfn.ts': diagnostic(),
  'exit-kill-self-sigkill.gfn.ts': diagnostic(),
  'exit-kill-parent.gfn.ts': diagnostic(), // beyond the brief
  'exit-kill-group.gfn.ts': diagnostic(), // beyond the brief
  'exit-abort.gfn.ts': diagnostic(),
  'exit-require-process.gfn.ts': diagnostic(),
  'exit-really-exit.gfn.ts': diagnostic(),
  'exit-close-fds.gfn.ts': diagnostic(), // beyond the brief

  // 2. Loops: time-limit on the property of the function that was running (`export default` for top-level code).
  'loop-actions.gfn.ts': diagnostic(),
  'loop-step.gfn.ts': diagnostic(),
  'loop-garbage.gfn.ts': diagnostic(),
  'loop-reward.gfn.ts': diagnostic(),
  'loop-canstop.gfn.ts': diagnostic(),
  'loop-key.gfn.ts': diagnostic(),
  'loop-encode.gfn.ts': diagnostic(),
  'loop-render.gfn.ts': diagnostic(),
  'loop-parents.gfn.ts': diagnostic(),
  'loop-top-level.gfn.ts': diagnostic(),
  'loop-state-getter.gfn.ts': diagnostic(),
  'loop-state-tojson.gfn.ts': diagnostic(),
  'loop-initial-getter.gfn.ts': diagnostic(), // beyond the brief
  'loop-actions-proxy.gfn.ts': diagnostic(),
  'loop-export-proxy.gfn.ts': diagnostic(),
  'loop-encode-length-getter.gfn.ts': diagnostic(),
  'loop-encode-proxy-length.gfn.ts': diagnostic(),
  'loop-error-message-getter.gfn.ts': diagnostic(),
  'loop-redos.gfn.ts': diagnostic(), // beyond the brief
  'loop-atomics-wait.gfn.ts': diagnostic(), // beyond the brief
  'loop-execsync-sleep.gfn.ts': diagnostic(), // beyond the brief
  'loop-name-getter.gfn.ts': diagnostic(), // beyond the brief
  'loop-actionspace-proxy.gfn.ts': diagnostic(), // beyond the brief
  // ... and what must not hang: timers, threads and handles left behind by top-level code; a normal result.
  'hang-setinterval.gfn.ts': result(0, BITS),
  'hang-worker-thread.gfn.ts': result(0, BITS),
  'hang-settimeout-loop.gfn.ts': result(0, BITS),
  'hang-server.gfn.ts': result(0, BITS), // beyond the brief
  'hang-stdin.gfn.ts': result(0, BITS), // beyond the brief
  'hang-exit-handlers.gfn.ts': result(0, BITS), // beyond the brief

  // 3. Memory, on the JS heap and off it (Buffers, ArrayBuffers, typed arrays): memory-limit.
  'mem-step-push.gfn.ts': diagnostic(),
  'mem-reward-string.gfn.ts': diagnostic(),
  'mem-step-buffers.gfn.ts': diagnostic(),
  'mem-step-arraybuffers.gfn.ts': diagnostic(),
  'mem-step-typed-arrays.gfn.ts': diagnostic(),
  'mem-top-level.gfn.ts': diagnostic(),
  'mem-top-level-typed-arrays.gfn.ts': diagnostic(), // beyond the brief

  // 4. Recursion: user-exception at the recursive call; states and actions too deep to identify.
  'rec-step.gfn.ts': diagnostic(),
  'rec-reward.gfn.ts': diagnostic(),
  'rec-deep-state.gfn.ts': diagnostic(),
  'rec-deep-initial.gfn.ts': diagnostic(), // beyond the brief
  'rec-deep-action.gfn.ts': diagnostic(), // beyond the brief

  // 5. Unserialisable values: unidentifiable-state on the producer (`initial`, `step` or `actions`) ...
  'value-cyclic-initial.gfn.ts': diagnostic(),
  'value-cyclic-step.gfn.ts': diagnostic(),
  'value-function-in-state.gfn.ts': diagnostic(),
  'value-symbol-in-initial.gfn.ts': diagnostic(),
  'value-symbol-state.gfn.ts': diagnostic(), // beyond the brief
  'value-promise-in-state.gfn.ts': diagnostic(),
  'value-cyclic-action.gfn.ts': diagnostic(),
  'value-function-action.gfn.ts': diagnostic(),
  // {}, {a}, {b}, {a,b} (reached both ways), and {a,b} -> {a} closes a cycle.
  'value-set-cycle.gfn.ts': diagnostic({ codes: ['cycle'], summary: { states: 4, edges: 5, terminals: 0 } }),
  // ... and exotic values that are identifiable: these must pass, with the counts computed by hand.
  // {}, {a}, {b}, {c}, {a,b}, {a,c}, {b,c}; edges 3 + 3*2; R = 2, 2, 1.
  'pass-set-states.gfn.ts': result(0, { states: 7, edges: 9, terminals: 3, logZ: Math.log(5), maxDepth: 2, complete: true }),
  // 0n..4n by +1n/+2n from below 3n: edges 0-1 0-2 1-2 1-3 2-3 2-4; sinks 3n, 4n; longest 0-1-2-3.
  'pass-bigint-states.gfn.ts': result(0, { states: 5, edges: 6, terminals: 2, logZ: Math.log(7), maxDepth: 3, complete: true }),
  // {}, {a:1}, {b:1}, {a:1,b:2} (R 12), {b:1,a:2} (R 21).
  'pass-map-states.gfn.ts': result(0, { states: 5, edges: 4, terminals: 2, logZ: Math.log(33), maxDepth: 2, complete: true }),
  // The same DAG as the BigInt counter, in seconds.
  'pass-date-states.gfn.ts': result(0, { states: 5, edges: 6, terminals: 2, logZ: Math.log(7), maxDepth: 3, complete: true }),
  // [0,0] [1,0] [0,1] [1,1], all terminal (canStop), R = 1, 2, 3, 4.
  'pass-typed-array-states.gfn.ts': result(0, { states: 4, edges: 4, terminals: 4, logZ: Math.log(10), maxDepth: 2, complete: true }),

  // 6. Throwing non-errors and hostile errors: user-exception at the throw (the property when there is no stack).
  'throw-number.gfn.ts': diagnostic(),
  'throw-string.gfn.ts': diagnostic(),
  'throw-null.gfn.ts': diagnostic(),
  'throw-undefined.gfn.ts': diagnostic(),
  'throw-empty-object.gfn.ts': diagnostic(),
  'throw-proxy.gfn.ts': diagnostic(),
  'throw-proxy-step.gfn.ts': diagnostic(), // step throws it: instanceof on it used to escape the guard
  'throw-hostile-conversions.gfn.ts': diagnostic(),
  'throw-symbol.gfn.ts': diagnostic(),
  'throw-error-message-getter.gfn.ts': diagnostic(),
  'throw-error-stack-getter.gfn.ts': diagnostic(),
  'throw-error-name-getter.gfn.ts': diagnostic(),
  'throw-huge-message.gfn.ts': diagnostic(),
  'throw-huge-string.gfn.ts': diagnostic(),
  'throw-error-cause-cycle.gfn.ts': diagnostic(), // beyond the brief
  // Stack hooks of the user's realm: no frames, or forged ones, leave the diagnostic on the property.
  'throw-stack-trace-limit.gfn.ts': diagnostic(), // beyond the brief
  'throw-forged-stack.gfn.ts': diagnostic(), // beyond the brief

  // 7. Hostile globals: the engine's results do not change.
  'global-math.gfn.ts': result(0, BITS),
  'global-json.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-atomics.gfn.ts': result(0, BITS),
  'global-array-prototype.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-object-tojson.gfn.ts': result(0, BITS),
  'global-object-keys.gfn.ts': result(0, BITS),
  'global-map-set-prototype.gfn.ts': result(1, BITS_NEGATIVE, ['invalid-reward']),
  'global-number-isfinite.gfn.ts': result(1, BITS_NAN, ['invalid-reward']),
  'global-string-slice.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-symbol-iterator.gfn.ts': result(0, BITS),
  'global-structured-clone.gfn.ts': result(0, BITS),
  'global-delete.gfn.ts': result(0, BITS),
  'global-freeze-prototypes.gfn.ts': result(0, BITS_ZERO, ['zero-reward']),
  'global-freeze-globalthis.gfn.ts': result(0, BITS), // beyond the brief
  'global-process-state.gfn.ts': result(0, BITS), // beyond the brief
  'global-object-then.gfn.ts': result(0, BITS), // beyond the brief
  'global-cycle.gfn.ts': diagnostic({ codes: ['cycle'], summary: { states: 3, edges: 3, terminals: 0 } }),
  // ... and forged results (process.send, parentPort, fd 3..6): never taken.
  'fake-process-send.gfn.ts': REAL_INVALID_REWARD,
  'fake-parent-port.gfn.ts': REAL_INVALID_REWARD,
  'fake-fd.gfn.ts': REAL_INVALID_REWARD,
  'fake-in-functions.gfn.ts': REAL_INVALID_REWARD,

  // 8. Writes to stdout/stderr by user code: --json stdout stays one object, the real error is reported.
  'stdout-console-log.gfn.ts': REAL_INVALID_REWARD,
  'stdout-process-write.gfn.ts': REAL_INVALID_REWARD,
  'stdout-fd1.gfn.ts': REAL_INVALID_REWARD,
  'stdout-fd2.gfn.ts': REAL_INVALID_REWARD,
  'stdout-flood.gfn.ts': REAL_INVALID_REWARD, // beyond the brief
  'channel-flood.gfn.ts': REAL_INVALID_REWARD,

  // 9. Async functions: async-function on the property.
  'async-step.gfn.ts': diagnostic(),
  'async-actions.gfn.ts': diagnostic(),
  'async-reward.gfn.ts': diagnostic(),
  'async-canstop.gfn.ts': diagnostic(),
  'async-key.gfn.ts': diagnostic(), // beyond the brief
  'async-promise-step.gfn.ts': diagnostic(),
  'async-thenable-step.gfn.ts': diagnostic(),
  'async-reject-reward.gfn.ts': diagnostic(),
  'async-reject-step.gfn.ts': diagnostic(), // beyond the brief

  // 10. Clocks and random sources in functions that must be deterministic: nondeterministic-step at the call, every run.
  'nondet-math-random.gfn.ts': diagnostic({ codes: ['nondeterministic-step'], summary: { states: 2, edges: 1, terminals: 1 } }),

  // 11. Source text that misleads a text scanner: diagnostics still on their property (the parser places them).
  'locate-regex-quote.gfn.ts': diagnostic({ codes: ['invalid-reward'], summary: { states: 7, edges: 6, terminals: 4 } }),
};
