/**
 * Evaluation of the learned policy. Exact (complete DAGs): the policy of every state in chunked batched forward
 * passes, then the topological pass of src/dag/exact.ts gives the learned terminal distribution, compared with
 * R(x)^beta / Z_beta (beta the run's reward exponent) by TV = 0.5 sum |p - q| and JSD. Empirical: the distribution
 * of recently sampled terminals.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dag } from '../dag/dag';
import { jensenShannon, targetDistribution, terminalDistribution, totalVariation, type ForwardPolicy } from '../dag/exact';
import type { PolicyEngine } from './engine';
import { computeHeads, type StopLogit } from './heads';
import { headValues } from './headValues';
import { outputWidth, type PolicyModel } from './model';
import type { DagTables } from './tables';

const CHUNK = 4096;

/** Raw outputs of a policy for given rows, row-major: the model's tfjs forward, or an engine's (policyOutputs). */
export type OutputRows = (rows: Int32Array) => Float32Array;

/**
 * The outputs of `policy` (the delivered one: the iterate or its moving average): on an engine that forwards other
 * weights (the native one) its graph with the policy's weights, read once here; otherwise the model's tfjs forward.
 */
export function policyOutputs(policy: PolicyModel, engine: PolicyEngine): OutputRows {
  if (!engine.forwardOf || policy.config.kind !== 'mlp') return (rows) => policy.outputValues(rows);
  const weights = policy.weights.map((w) => Float32Array.from(w.dataSync() as Float32Array));
  return (rows) => engine.forwardOf!(weights, rows);
}

/** Forward log-probabilities [nStates * (nActions + 1)] of every state, without gradients. */
export function allForwardLogProbs(model: PolicyModel, tables: DagTables, stop: StopLogit): Float32Array {
  return allLogProbs(model, tables, stop, false).logPF;
}

export interface AllLogProbs {
  /** [nStates * (nActions + 1)] log P_F(. | s) over [actions | stop]. */
  logPF: Float32Array;
  /** [nStates * nActions] learned log P_B(parent edge with action a | s), when asked for and the model has the head. */
  logPB: Float32Array | null;
}

/**
 * Every state's forward log-policy, and the learned backward one when `learnedBackward` (both from the same chunked
 * forward passes, so the inspector's P_B costs no second pass), without gradients.
 */
export function allLogProbs(model: PolicyModel, tables: DagTables, stop: StopLogit, learnedBackward: boolean, outputs: OutputRows = (rows) => model.outputValues(rows)): AllLogProbs {
  const w = tables.policyWidth;
  const a = tables.nActions;
  const withPB = learnedBackward && model.config.learnedBackward && a > 0;
  const width = outputWidth(model.config);
  const logPF = new Float32Array(tables.nStates * w);
  const logPB = withPB ? new Float32Array(tables.nStates * a) : null;
  for (let start = 0; start < tables.nStates; start += CHUNK) {
    const end = Math.min(tables.nStates, start + CHUNK);
    const rows = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const out = outputs(rows);
    if (stop === 'flow') {
      // Flow matching's heads (log edge flows) stay on tfjs: headValues has the policy's two stop forms only.
      tf.tidy(() => {
        const heads = computeHeads(tf.tensor2d(out, [rows.length, width]), rows, tables, stop, withPB);
        logPF.set(heads.logPF.dataSync(), start * w);
        if (logPB && heads.logPB) logPB.set(heads.logPB.dataSync(), start * a);
      });
    } else {
      const heads = headValues(out, width, rows, tables, stop, withPB);
      logPF.set(heads.logPF, start * w);
      if (logPB && heads.logPB) logPB.set(heads.logPB, start * a);
    }
  }
  return { logPF, logPB };
}

/**
 * The learned backward policy per edge id s -> s' from log P_B [nStates * nActions]: the head's probability of the
 * edge (src/train/heads.ts: already per edge, when two parent edges share an action too), normalised over the parent
 * edges of s' against float rounding.
 */
export function backwardFromLogProbs(dag: Dag<unknown, unknown>, tables: DagTables, logPB: Float32Array): Float64Array {
  const a = tables.nActions;
  const pb = new Float64Array(dag.edgeChild.length);
  for (let c = 0; c < dag.states.length; c++) {
    let sum = 0;
    for (let p = dag.parentOffset[c]; p < dag.parentOffset[c + 1]; p++) {
      const e = dag.parentEdge[p];
      pb[e] = Math.exp(logPB[c * a + dag.edgeAction[e]]);
      sum += pb[e];
    }
    if (sum > 0) for (let p = dag.parentOffset[c]; p < dag.parentOffset[c + 1]; p++) pb[dag.parentEdge[p]] /= sum;
  }
  return pb;
}

/** The forward policy of src/dag/exact.ts from log-probabilities [nStates * (nActions + 1)]. */
export function policyFromLogProbs(dag: Dag<unknown, unknown>, tables: DagTables, logPF: Float32Array): ForwardPolicy {
  const w = tables.policyWidth;
  const edgeProb = new Float64Array(dag.edgeChild.length);
  const stopProb = new Float64Array(tables.nStates);
  for (let e = 0; e < edgeProb.length; e++) edgeProb[e] = Math.exp(logPF[dag.edgeSource[e] * w + dag.edgeAction[e]]);
  for (let s = 0; s < tables.nStates; s++) stopProb[s] = dag.terminal[s] ? Math.exp(logPF[s * w + tables.nActions]) : 0;
  return { edgeProb, stopProb };
}

export interface ExactEvaluation {
  policy: ForwardPolicy;
  /** Learned P(x), indexed like dag.terminals. */
  learned: Float64Array;
  tv: number;
  jsd: number;
}

export class Evaluator {
  /** p*(x) = R(x)^beta / Z_beta indexed like dag.terminals, when the DAG is complete and acyclic. */
  readonly target: Float64Array | null;
  /** Position of each terminal state in dag.terminals (-1 elsewhere). */
  readonly terminalIndex: Int32Array;
  /** Ring buffer of the last `window` sampled terminals (state ids). */
  private readonly recent: Int32Array;
  private recentCount = 0;
  private recentNext = 0;

  /** `beta`: the run's reward exponent; the target and the TV are those of R^beta. */
  constructor(
    private readonly dag: Dag<unknown, unknown>,
    window = 4096,
    beta = 1,
  ) {
    this.target = dag.complete && dag.topoOrder ? targetDistribution(dag, beta) : null;
    this.terminalIndex = new Int32Array(dag.states.length).fill(-1);
    dag.terminals.forEach((x, i) => (this.terminalIndex[x] = i));
    this.recent = new Int32Array(window);
  }

  get exact(): boolean {
    return this.target !== null;
  }

  record(terminals: ArrayLike<number>): void {
    for (let i = 0; i < terminals.length; i++) {
      const x = terminals[i];
      this.recent[this.recentNext] = x;
      this.recentNext = (this.recentNext + 1) % this.recent.length;
      this.recentCount = Math.min(this.recentCount + 1, this.recent.length);
    }
  }

  /** The most frequent of the recent samples, most frequent first: [state id, frequency]. */
  topRecent(k: number): [number, number][] {
    const counts = new Map<number, number>();
    for (let i = 0; i < this.recentCount; i++) counts.set(this.recent[i], (counts.get(this.recent[i]) ?? 0) + 1);
    return [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([x, c]) => [x, c / this.recentCount]);
  }

  /** Frequency of each state among the recent samples (state-indexed). */
  recentFrequency(): Float64Array {
    const f = new Float64Array(this.dag.states.length);
    for (let i = 0; i < this.recentCount; i++) f[this.recent[i]] += 1 / this.recentCount;
    return f;
  }

  /** How many samples the recent window holds. */
  get recentSize(): number {
    return this.recentCount;
  }

  /** Whether any terminal was recorded. */
  get hasSamples(): boolean {
    return this.recentCount > 0;
  }

  /** TV between the recent samples and the target, or null when not enumerable or nothing sampled yet. */
  empiricalTv(): number | null {
    if (!this.target || this.recentCount === 0) return null;
    const f = this.recentFrequency();
    const q = Float64Array.from(this.dag.terminals, (x) => f[x]);
    return totalVariation(q, this.target);
  }

  exactEvaluation(logPF: Float32Array, tables: DagTables): ExactEvaluation | null {
    if (!this.target) return null;
    const policy = policyFromLogProbs(this.dag, tables, logPF);
    const learned = terminalDistribution(this.dag, policy);
    return { policy, learned, tv: totalVariation(learned, this.target), jsd: jensenShannon(learned, this.target) };
  }
}
