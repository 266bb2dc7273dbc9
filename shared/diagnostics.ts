/**
 * Diagnostics: what validation found in a `.gfn.ts` and where (1-based lines and columns), the summary of a valid
 * environment, and the result of a validation. The engine makes them (src/dag/explore.ts, src/validate/,
 * src/userCode/failures.ts, src/sandbox/host.ts); each face shows them its way.
 */
export type Severity = 'error' | 'warning' | 'information';

/** Stable diagnostic codes: each has a file in examples/broken/ and a unit test. */
export type DiagnosticCode =
  | 'compile-error'
  | 'missing-default-export'
  | 'invalid-environment'
  | 'user-exception'
  | 'time-limit'
  | 'memory-limit'
  | 'cycle'
  | 'nondeterministic-step'
  | 'action-outside-space'
  | 'duplicate-action'
  | 'invalid-reward'
  | 'zero-reward'
  | 'invalid-encoding'
  | 'parents-mismatch'
  | 'state-budget-exceeded'
  | 'process-exit'
  | 'async-function'
  | 'unidentifiable-state';

/** A place in the .gfn.ts file; lines and columns are 1-based. */
export interface SourceLocation {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedInformation extends SourceLocation {
  message: string;
}

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedInformation[];
}

export interface ValidationSummary {
  name: string;
  /** Distinct states reachable from s0, s0 included (explored ones when incomplete). */
  states: number;
  edges: number;
  /** Terminal objects: sinks and states where canStop holds. */
  terminals: number;
  /** log Z = log sum_x R(x) (of R itself: a run's reward exponent is not applied); null when the DAG is incomplete or has no positive reward. */
  logZ: number | null;
  maxDepth: number;
  complete: boolean;
}

export interface ValidationResult {
  ok: boolean;
  summary: ValidationSummary | null;
  diagnostics: Diagnostic[];
}
