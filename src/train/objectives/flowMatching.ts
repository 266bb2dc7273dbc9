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
import type { ObjectiveResult, Terms } from './terms';

export interface FlowMatchingRows {
  /** Distinct visited states other than s_0. */
  states: Int32Array;
  /** Row of each DAG state in the forward pass (parents included), -1 when absent. */
  rowOf: Int32Array;
}

export function flowMatching(
  terms: Terms,
  dag: Dag<unknown, unknown>,
  tables: DagTables,
  visit: FlowMatchingRows,
): ObjectiveResult {
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
  const loss = tf.mean(tf.square(tf.sub(logIn, logOut))) as tf.Scalar;
  const s0Row = take(edgeFlow, Int32Array.of(visit.rowOf[0]));
  const logZ = tf.reshape(tf.logSumExp(s0Row, 1), []) as tf.Scalar;
  return { loss, report: loss, logZ };
}
