/**
 * Flow matching (Bengio et al., "Flow Network based Generative Models for Non-Iterative Diverse Candidate
 * Generation", NeurIPS 2021, Eq. 12, in log space as in the GFlowNet tutorial): for every visited state s' != s_0,
 *   L_FM(s') = ( log sum_{s -> s'} F(s -> s') - log( R(s') + sum_{s' -> s''} F(s' -> s'') ) )^2,
 * with the network's forward outputs read as log edge flows and R(s') the flow of the stop action (0 for
 * non-terminal states). Averaged over the distinct states of the batch. log Z = log of the out-flow of s_0.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dag } from '../../dag/dag';
import { take } from '../ops';
import type { DagTables } from '../tables';
import { MASKED } from '../tables';
import type { Objective, ObjectiveResult, Terms } from './terms';

/** The distinct visited states other than s_0 and the row of each DAG state in the forward pass (parents included). */
interface FlowMatchingRows {
  states: Int32Array;
  rowOf: Int32Array;
}

/** Over the distinct states s_1 .. s_n of the batch's trajectories; the trainer forwards their parents too (needs.parents). */
export const flowMatching: Objective = (terms, rowOf, { dag, tables }) => {
  const batch = terms.batch;
  const stateOfRow = new Int32Array(batch.rowCount);
  for (let s = 0; s < rowOf.length; s++) if (rowOf[s] >= 0) stateOfRow[rowOf[s]] = s;
  const seen = new Uint8Array(tables.nStates);
  const states: number[] = [];
  for (const idx of batch.flowIndex) {
    if (idx >= batch.rowCount) continue;
    const s = stateOfRow[idx];
    if (s !== 0 && !seen[s]) {
      seen[s] = 1;
      states.push(s);
    }
  }
  return balance(terms, dag, tables, { states: Int32Array.from(states), rowOf });
};

function balance(terms: Terms, dag: Dag<unknown, unknown>, tables: DagTables, visit: FlowMatchingRows): ObjectiveResult {
  const edgeFlow = terms.heads.logEdgeFlow;
  if (!edgeFlow) throw new Error('flow matching needs the edge-flow head');
  const w = tables.policyWidth;
  const u = visit.states.length;
  let maxParents = 1;
  for (const s of visit.states) maxParents = Math.max(maxParents, dag.parentOffset[s + 1] - dag.parentOffset[s]);
  const r = edgeFlow.shape[0];
  const pad = r * w; // index of an appended MASKED entry
  const inIndex = new Int32Array(u * maxParents).fill(pad);
  const outRows = new Int32Array(u);
  visit.states.forEach((s, i) => {
    outRows[i] = visit.rowOf[s];
    for (let k = dag.parentOffset[s]; k < dag.parentOffset[s + 1]; k++) {
      const e = dag.parentEdge[k];
      inIndex[i * maxParents + (k - dag.parentOffset[s])] = visit.rowOf[dag.edgeSource[e]] * w + dag.edgeAction[e];
    }
  });
  const flat = tf.concat([tf.reshape(edgeFlow, [-1]), tf.tensor1d([MASKED])]);
  const inFlows = tf.reshape(take(flat, inIndex), [u, maxParents]);
  const logIn = tf.logSumExp(inFlows, 1);
  const outFlows = take(edgeFlow, outRows);
  const logOut = tf.logSumExp(outFlows, 1);
  const loss = tf.mean<tf.Scalar>(tf.square(tf.sub(logIn, logOut)));
  const logZ = edgeFlowLogZ(take(edgeFlow, Int32Array.of(visit.rowOf[0])) as tf.Tensor2D);
  return { loss, report: loss, logZ };
}

/** log Z of edge flows: the log out-flow of s_0, from its row [1, width] of the edge-flow head (MASKED where no edge). */
export function edgeFlowLogZ(s0EdgeFlows: tf.Tensor2D): tf.Scalar {
  return tf.reshape<tf.Rank.R0>(tf.logSumExp(s0EdgeFlows, 1), []);
}
