/**
 * Plain typed-array tables derived once from the explored DAG, shared by the sampler, the objectives and the
 * evaluation: which action column leads along which edge, the masks of allowed forward/backward actions, the
 * uniform backward log-probabilities, and the floored, shifted log-rewards of R^beta (beta the reward exponent).
 */
import type { Dag } from '../dag/dag';
import { maxLogReward } from '../dag/exact';

/** Masked-out logits get this value: exp(-1e9 - max) is exactly 0 in float32, and it never makes NaN. */
export const MASKED = -1e9;

/**
 * Training's log-reward is beta log R(x), the log of R(x)^beta: a run with reward exponent beta (--beta) trains towards
 * R^beta / Z_beta. Log-rewards below (largest log-reward - LOG_REWARD_SPAN) are raised to it during training, so that zero rewards
 * (log R = -inf) give finite losses. e^-25 ~ 1.4e-11: such objects keep a negligible share of the learned
 * distribution. The exact targets (src/dag/exact.ts) are not affected.
 */
export const LOG_REWARD_SPAN = 25;

/**
 * Training sees log R(x) - offset, with the offset the largest log-reward (the floor's reference, so the floor is
 * -LOG_REWARD_SPAN inside), and reports log Z + offset. Every objective is equivariant under
 * log R -> log R + c, log Z -> log Z + c, log F -> log F + c (each residual is a difference of such terms, each
 * divergence weight a ratio of them), so the shift changes nothing but the starting point: log Z and the flow head
 * start at 0 against the same targets whatever the scale of R (docs/objectives.md, "Reward scale").
 */
export function logRewardOffsetOf(maxLogReward: number): number {
  return Number.isFinite(maxLogReward) ? maxLogReward : 0;
}

export interface DagTables {
  nStates: number;
  nActions: number;
  /** Columns of the forward policy: nActions actions, then stop. */
  policyWidth: number;
  /** edgeOf[s * nActions + a]: the edge taking action a in s, or -1. */
  edgeOf: Int32Array;
  /** Additive masks [nStates * policyWidth]: 0 where allowed, MASKED elsewhere (stop only where terminal). */
  forwardMask: Float32Array;
  /** Additive masks [nStates * nActions] for a learned backward policy: log(#parent edges with action a) or MASKED. */
  backwardMask: Float32Array;
  /** log P_B(s | s') = -log |parents(s')| for each edge s -> s' (uniform backward policy). */
  uniformLogPB: Float32Array;
  /** Floored beta log R(x) minus logRewardOffset for terminal states (NaN for invalid rewards), 0 elsewhere. */
  logReward: Float32Array;
  /** The floor, in the user's scale (beta log R itself). */
  logRewardFloor: number;
  /** What training subtracts from beta log R (and adds back to the log Z it reports). */
  logRewardOffset: number;
  /** The reward exponent: training's log-reward is beta log R. */
  beta: number;
}

/**
 * The log-reward training sees for log R(x) = logR: beta logR, floored, shifted by the offset; NaN for an invalid
 * reward (NaN or +Infinity; a zero reward, -Infinity, is raised to the floor).
 */
export function trainingLogReward(logR: number, tables: Pick<DagTables, 'logRewardFloor' | 'logRewardOffset' | 'beta'>): number {
  if (!(logR < Infinity)) return Number.NaN;
  return Math.max(tables.beta * logR, tables.logRewardFloor) - tables.logRewardOffset;
}

/**
 * `beta`: the reward exponent (1: R itself). `offset`: the log-reward offset to use (a resumed run keeps its
 * checkpoint's); by default the largest beta log R.
 */
export function buildTables(dag: Dag<unknown, unknown>, beta = 1, offset?: number): DagTables {
  const nStates = dag.states.length;
  const nActions = dag.actionSpace.length;
  const policyWidth = nActions + 1;
  const edgeOf = new Int32Array(nStates * nActions).fill(-1);
  const forwardMask = new Float32Array(nStates * policyWidth).fill(MASKED);
  const backwardMask = new Float32Array(nStates * Math.max(nActions, 1)).fill(MASKED);
  const uniformLogPB = new Float32Array(dag.edgeChild.length);
  for (let s = 0; s < nStates; s++) {
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      edgeOf[s * nActions + dag.edgeAction[e]] = e;
      forwardMask[s * policyWidth + dag.edgeAction[e]] = 0;
    }
    if (dag.terminal[s]) forwardMask[s * policyWidth + nActions] = 0;
    const parents = dag.parentOffset[s + 1] - dag.parentOffset[s];
    const counts = new Map<number, number>();
    for (let p = dag.parentOffset[s]; p < dag.parentOffset[s + 1]; p++) {
      const e = dag.parentEdge[p];
      uniformLogPB[e] = -Math.log(parents);
      counts.set(dag.edgeAction[e], (counts.get(dag.edgeAction[e]) ?? 0) + 1);
    }
    for (const [a, c] of counts) backwardMask[s * nActions + a] = Math.log(c);
  }
  const maxLog = maxLogReward(dag, beta);
  const logRewardFloor = (Number.isFinite(maxLog) ? maxLog : 0) - LOG_REWARD_SPAN;
  const logRewardOffset = offset ?? logRewardOffsetOf(maxLog);
  const logReward = new Float32Array(nStates);
  // Invalid rewards stay NaN: training stops with an error naming the iteration and the state.
  for (const x of dag.terminals) logReward[x] = trainingLogReward(dag.logReward[x], { logRewardFloor, logRewardOffset, beta });
  return { nStates, nActions, policyWidth, edgeOf, forwardMask, backwardMask, uniformLogPB, logReward, logRewardFloor, logRewardOffset, beta };
}
