/**
 * The one check of what `encode(s)` returned, for validation (aggregated into invalid-encoding diagnostics) and for
 * training (a TrainingError at the first bad state). The guarded environment (src/userCode/guardedEnvironment.ts)
 * hands back an InvalidValue for a result that is not an array, and for each element that is not a number.
 */
import { InvalidValue } from '../userCode/errors';

export interface EncodingProblems {
  /** Not an array: what it was. */
  notArray?: string;
  /** The length, when it differs from the expected one. */
  length?: number;
  /** The first element that is not a finite number. */
  nonFinite?: { index: number; value: string };
}

/** What is wrong with `v` as the features of one state (`dim`: the expected length, when known), or null. */
export function checkEncoding(v: unknown, dim: number | undefined): EncodingProblems | null {
  if (v instanceof InvalidValue) return { notArray: v.description };
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return { notArray: String(v) };
  const values = v as ArrayLike<unknown>;
  const problems: EncodingProblems = {};
  if (dim !== undefined && values.length !== dim) problems.length = values.length;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      problems.nonFinite = { index: i, value: x instanceof InvalidValue ? x.description : String(x) };
      break;
    }
  }
  return problems.length === undefined && problems.nonFinite === undefined ? null : problems;
}

/** One sentence for the first problem, for training's errors. */
export function encodingMessage(problems: EncodingProblems, key: string, dim: number | undefined): string {
  if (problems.notArray !== undefined) return `encode returned ${problems.notArray}, not an array of numbers, for state ${key}`;
  if (problems.length !== undefined) return `encode gave ${problems.length} features for state ${key} but ${dim} for s0: the length must be fixed`;
  const bad = problems.nonFinite as { index: number; value: string };
  return `encode gave a non-finite feature (${bad.value}) at index ${bad.index} for state ${key}`;
}
