/**
 * Objectives whose loss and gradient are written out in plain JS on the output table, beside their tfjs expression
 * (losses.ts lists both): on a batch's few hundred rows the tfjs path costs more in per-op dispatch than in
 * arithmetic (a third of a native HyperGrid 8x8 step, docs/performance.md). Each is held to its tfjs expression's
 * autodiff by test/unit/train/directGradients.test.ts.
 */
import type { Batch } from '../batch';
import type { StopLogit } from '../heads';
import type { DagTables } from '../tables';

export interface DirectInput {
  batch: Batch;
  /** The engine's outputs [rows x width], row-major; rows as batch.rows (null: every state in id order). */
  outputs: Float32Array;
  width: number;
  tables: DagTables;
  stop: StopLogit;
  learnedBackward: boolean;
  /** The current log Z (the variable's value, before the log-reward offset). */
  logZ: number;
}

export interface DirectResult {
  loss: number;
  report: number;
  logZ: number;
  /** d loss / d outputs, the layout of the outputs. */
  dOutputs: Float32Array;
  /** d loss / d log Z. */
  dLogZ: number;
}

export type DirectObjective = (input: DirectInput) => DirectResult;
