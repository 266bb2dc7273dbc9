/** The features of an enumerated DAG's states from the environment's encode(s), checked (src/validate/encoding.ts). */
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { checkEncoding, encodingMessage } from '../validate/encoding';
import { TrainingError } from './trainingError';

/** Features [nStates * d] from encode(s), or null for the default one-hot encoding. */
export function encodeStates<S, A>(env: EnvironmentSpec<S, A>, dag: Dag<S, A>): { data: Float32Array; dim: number } | null {
  if (!env.encode) return null;
  let dim = -1;
  let data = new Float32Array(0);
  dag.states.forEach((s, i) => {
    let v: readonly number[];
    try {
      v = env.encode!(s);
    } catch (error) {
      throw new TrainingError(`encode threw for state ${dag.keys[i]}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const problems = checkEncoding(v, dim < 0 ? undefined : dim);
    if (problems) throw new TrainingError(encodingMessage(problems, dag.keys[i], dim));
    if (dim < 0) {
      dim = v.length;
      data = new Float32Array(dag.states.length * dim);
    }
    for (let k = 0; k < dim; k++) data[i * dim + k] = v[k];
  });
  return dim > 0 ? { data, dim } : null;
}
