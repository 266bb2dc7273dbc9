/**
 * One training run over an explored DAG: the policy model, its optimizers, sampling, the objective and the
 * bookkeeping, one `step()` per iteration. Two strategies, both exact (each distinct state is computed once per
 * pass, and the gradients are exactly those of the objective):
 *  - stepwise (default): trajectories are sampled first without gradients (one forward of the distinct current
 *    states per step), then the distinct visited states are forwarded once with gradients;
 *  - whole DAG (DAGs with <= wholeDagStates states): every state is forwarded once inside tf.variableGrads, the
 *    trajectories are sampled from those very rows, and the loss gathers from them.
 * Stepwise measured several times faster on wasm, so the whole-DAG strategy is off by default (docs/performance.md).
 */
import * as tf from '@tensorflow/tfjs';
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import type { TrainConfig } from '../../shared/trainConfig';
import type { OptimizerState } from './checkpoint';
import { buildBatch } from './batch';
import { computeHeads, gatherRows, stopLogitOf, type StopLogit } from './heads';
import { PolicyModel, type ModelConfig } from './model';
import { LOSSES } from './objectives/losses';
import { edgeFlowLogZ } from './objectives/flowMatching';
import { incompleteDagConflict, objective, objectiveConflict, type ObjectiveSpec } from '../../shared/objectives';
import { buildTerms, type Objective, type ObjectiveContext, type ObjectiveResult } from './objectives/terms';
import { ReplayBuffer } from './replay';
import { Rng } from '../../shared/rng';
import { sampleTrajectories, type PolicyRows, type PolicyRowValues } from './sampler';
import type { TrainGraph, Trajectory } from './trajectory';
import { buildTables, type DagTables } from './tables';
import { checkEncoding, encodingMessage } from '../validate/encoding';
import { TrainingError } from './trainingError';
import { OnDemandGraph } from './expand';
import { PolicyAverage } from './average';
import { ensureGuarded } from '../userCode/guardedEnvironment';
import { InvalidValue } from '../userCode/errors';
import { optionRef } from '../../shared/optionRefs';

/** Up to this many states, each iteration forwards the whole DAG; 0 because stepwise is faster (docs/performance.md). */
export const WHOLE_DAG_STATES = 0;

export interface TrainerOptions extends TrainConfig {
  /** 'tabular': one free row of outputs per state instead of an MLP (enumerable DAGs). */
  policy?: 'mlp' | 'tabular';
  /** Overrides WHOLE_DAG_STATES (benchmarks measure both strategies). */
  wholeDagStates?: number;
  /**
   * What training subtracts from beta log R (tables.ts): a resumed run keeps its checkpoint's, so that the log Z and
   * log F it learned keep their meaning; by default the largest log-reward.
   */
  logRewardOffset?: number;
}

export { TrainingError };

/** A checkpoint's moving average of the policy (its weights in model order, log Z last) and its update count. */
export interface AverageState {
  tensors: tf.Tensor[];
  count: number;
}

export interface StepResult {
  loss: number;
  /** The learned log Z in the user's scale (the log-reward offset added back). */
  logZ: number;
  /** The terminal state of each trajectory sampled on-policy this iteration. */
  terminals: Int32Array;
}

/** One objective evaluation without an optimizer step (Trainer.lossOnBatch). */
export interface BatchEvaluation {
  loss: number;
  report: number;
  /** max |d loss / d w| over the policy weights. */
  maxPolicyGrad: number;
  /** |d loss / d log Z| (0 for flow matching, whose log Z is read from the edge flows). */
  logZGrad: number;
  /** d loss / d w for each policy weight, in model order (PolicyModel.weights). */
  policyGradient: Float32Array[];
}

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

export class Trainer<S, A> {
  readonly tables: DagTables;
  readonly model: PolicyModel;
  readonly rng: Rng;
  private readonly policyOptimizer: tf.AdamOptimizer;
  private readonly logZOptimizer: tf.AdamOptimizer;
  private readonly replay: ReplayBuffer;
  private readonly whole: boolean;
  /** The registry's entry of the objective, its loss and what the loss reads besides its terms. */
  readonly objective: ObjectiveSpec;
  private readonly loss: Objective;
  private readonly context: ObjectiveContext;
  /** The forward outputs are log edge flows (the objective's needs.edgeFlows). */
  private readonly edgeFlows: boolean;
  /** How the policy's stop logit is formed (heads.ts): the model's choice, or flow matching's log R. */
  readonly stop: StopLogit;
  /** What the optimisers train: the policy weights, and log Z unless the objective reads it from the edge flows. */
  private readonly variables: tf.Variable[];
  /** States expanded on demand, when exploration did not complete the DAG (null for complete DAGs). */
  readonly onDemand: OnDemandGraph<S, A> | null;
  /** What sampling and batches read: the explored DAG, or the on-demand graph that extends it. */
  readonly graph: TrainGraph;

  /**
   * `env` is needed when the DAG is incomplete (states are then expanded on demand with its functions, and
   * `features` is ignored: encode(s) runs as states enter forward passes).
   */
  constructor(
    readonly dag: Dag<S, A>,
    readonly config: TrainerOptions,
    features: { data: Float32Array; dim: number } | null,
    initialWeights?: tf.Tensor[],
    private readonly env?: EnvironmentSpec<S, A>,
    initialAverage?: AverageState,
  ) {
    if (!dag.topoOrder) throw new TrainingError('the environment has a cycle: training needs a DAG (see gfn validate)');
    if (dag.complete && dag.terminals.length === 0) throw new TrainingError('the environment has no terminal objects');
    // E.g. the divergences' score-function estimators assume samples from P_F itself: exploration would bias them.
    const conflict = objectiveConflict(config);
    if (conflict) throw new TrainingError(conflict);
    this.objective = objective(config.loss);
    this.loss = LOSSES[config.loss];
    this.edgeFlows = this.objective.needs.edgeFlows;
    if (dag.complete) {
      this.onDemand = null;
      this.tables = buildTables(dag, config.beta ?? 1, config.logRewardOffset);
    } else {
      if (!env) throw new Error('Trainer: an incomplete DAG needs the environment to expand states on demand');
      const incomplete = `the DAG is incomplete (exploration stopped at ${dag.states.length} states)`;
      const needsAll = incompleteDagConflict(config.loss);
      if (needsAll) throw new TrainingError(`${incomplete}: ${needsAll}`);
      if (config.policy === 'tabular') throw new TrainingError(`${incomplete}: a tabular policy needs every state; use the MLP policy`);
      this.onDemand = new OnDemandGraph(env, dag, config.backward === 'learned', config.beta ?? 1, config.logRewardOffset);
      this.tables = this.onDemand.tables;
    }
    this.graph = this.onDemand ?? (dag);
    const modelConfig: ModelConfig = {
      kind: config.policy ?? 'mlp',
      nStates: dag.states.length,
      nActions: this.tables.nActions,
      inputDim: this.onDemand ? this.onDemand.dim : features ? features.dim : 0,
      hidden: config.hidden,
      layers: config.layers,
      learnedBackward: config.backward === 'learned',
      stopLogit: config.stopLogit,
    };
    const inputs = this.onDemand ? this.onDemand.featureRows : features ? features.data : null;
    this.model = new PolicyModel(modelConfig, inputs, config.seed, initialWeights);
    this.stop = stopLogitOf(this.model.config.stopLogit, this.edgeFlows);
    const average = config.average ?? 0;
    this.average = average > 0 ? new PolicyAverage(this.model, inputs, average, initialAverage?.tensors, initialAverage?.count) : null;
    // A separate stream for sampling, so that sampling does not depend on how many numbers initialisation drew.
    this.rng = new Rng(config.seed * 7919 + 17);
    this.policyOptimizer = tf.train.adam(config.learningRate);
    this.logZOptimizer = tf.train.adam(config.learningRateLogZ);
    this.replay = new ReplayBuffer();
    this.whole = !this.onDemand && dag.states.length <= (config.wholeDagStates ?? WHOLE_DAG_STATES);
    this.context = { config, dag: dag, tables: this.tables };
    this.variables = this.objective.logZ === 'edgeFlows' ? this.model.weights : this.model.allVariables();
  }

  /** The moving average of the policy (average.ts), or null when config.average is 0. */
  private readonly average: PolicyAverage | null;

  /**
   * The policy a run delivers: the moving average of the trained network (average.ts), or the network itself
   * when averaging is off. Evaluation, the flow graph, the final samples and the checkpoint read this one.
   */
  get policy(): PolicyModel {
    return this.average?.model ?? this.model;
  }

  /** Terminal trajectories drawn from the delivered policy (`policy`), without exploration. */
  samplePolicy(n: number): Trajectory[] {
    return this.sampleFrom(this.policy, n, 0, 1);
  }

  /** Forward log-probabilities of the given states from `model`, no gradient (what the sampler reads). */
  private rowsOf(model: PolicyModel, states: Int32Array): PolicyRowValues {
    const out = model.forward(states);
    const data = out.dataSync() as Float32Array;
    const stride = out.shape[1];
    out.dispose();
    return { data, stride, stop: this.stop };
  }

  /** Trajectories from the current policy with the given exploration (no gradient). */
  sample(n: number, epsilon = 0, temperature = 1): Trajectory[] {
    return this.sampleFrom(this.model, n, epsilon, temperature);
  }

  private sampleFrom(model: PolicyModel, n: number, epsilon: number, temperature: number): Trajectory[] {
    const rows: PolicyRows = (states) => this.rowsOf(model, states);
    const expander = this.onDemand ?? undefined;
    return sampleTrajectories(this.graph, this.tables, n, rows, this.rng, { epsilon, temperature }, expander);
  }

  step(iteration: number): StepResult {
    const c = this.config;
    const replayCount = this.replay.size > 0 ? Math.round(c.replay * c.batchSize) : 0;
    const fresh = c.batchSize - replayCount;
    const exploration = { epsilon: c.epsilon, temperature: c.temperature };
    const dag = this.dag as Dag<unknown, unknown>;
    let sampled: Trajectory[] = [];
    if (!this.whole) sampled = this.sample(fresh, c.epsilon, c.temperature);
    const outcome = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        let result: ObjectiveResult;
        if (this.whole) {
          const out = this.model.forward(null);
          const heads = computeHeads(out, null, this.tables, this.stop, c.backward === 'learned');
          const all = out.dataSync() as Float32Array;
          const stride = out.shape[1];
          const rowsOf = (st: Int32Array) => ({ data: gatherRows(all, stride, st), stride, stop: this.stop });
          sampled = sampleTrajectories(dag, this.tables, fresh, rowsOf, this.rng, exploration);
          const trajectories = sampled.concat(this.replay.sample(replayCount, this.rng));
          this.checkRewards(trajectories, iteration);
          const { batch, rowOf } = buildBatch(dag, this.tables, trajectories, true);
          result = this.loss(buildTerms(batch, heads, this.model.logZ as tf.Tensor as tf.Scalar), rowOf, this.context);
        } else {
          const trajectories = sampled.concat(this.replay.sample(replayCount, this.rng));
          this.checkRewards(trajectories, iteration);
          result = this.stepwiseObjective(trajectories);
        }
        this.lastReport = tf.keep(tf.stack([result.report, result.logZ]));
        return result.loss;
      }, this.variables);
      const named = grads as Record<string, tf.Tensor>;
      const logZName = this.model.logZ.name;
      const policyGrads = Object.keys(named)
        .filter((k) => k !== logZName)
        .map((name) => ({ name, tensor: named[name] }));
      this.policyOptimizer.applyGradients(policyGrads);
      if (named[logZName]) this.logZOptimizer.applyGradients([{ name: logZName, tensor: named[logZName] }]);
      return value;
    });
    this.average?.update(this.model);
    outcome.dispose();
    const report = this.lastReport!;
    const [loss, shiftedLogZ] = report.dataSync();
    report.dispose();
    const logZ = shiftedLogZ + this.tables.logRewardOffset;
    this.lastReport = null;
    if (!Number.isFinite(loss) || !Number.isFinite(logZ)) {
      throw new TrainingError(
        `training diverged at iteration ${iteration}: the loss is ${loss} and log Z is ${logZ}; lower ${optionRef('learningRate')} or check the rewards`,
      );
    }
    for (const t of sampled) this.replayAdd(t);
    return { loss, logZ, terminals: Int32Array.from(sampled, (t) => t.states[t.states.length - 1]) };
  }

  private lastReport: tf.Tensor | null = null;
  /**
   * log Z of the delivered policy (`policy`, the one the exact TV and the flow graph describe), in the user's scale
   * (the log-reward offset added back): its log Z variable, or for flow matching the log out-flow of s_0 of its edge
   * flows (the log Z variable is not trained then). The steps' own log Z is the iterate's before its update.
   */
  deliveredLogZ(): number {
    const model = this.policy;
    if (!this.edgeFlows) return (model.logZ.dataSync() as Float32Array)[0] + this.tables.logRewardOffset;
    const s0 = Int32Array.of(0);
    const logZ = tf.tidy(() => edgeFlowLogZ(computeHeads(model.forward(s0), s0, this.tables, 'flow', false).logEdgeFlow!).dataSync()[0]);
    return logZ + this.tables.logRewardOffset;
  }

  /** The objective on given trajectories, forwarding their distinct states (plus their parents when it needs them). */
  private stepwiseObjective(trajectories: Trajectory[]): ObjectiveResult {
    this.onDemand?.prepareBackward(trajectories);
    const parents = this.objective.needs.parents ? this.parentsOf : undefined;
    const { batch, rowOf } = buildBatch(this.graph, this.tables, trajectories, false, parents);
    const out = this.model.forward(batch.rows);
    const heads = computeHeads(out, batch.rows, this.tables, this.stop, this.config.backward === 'learned');
    return this.loss(buildTerms(batch, heads, this.model.logZ as tf.Tensor as tf.Scalar), rowOf, this.context);
  }

  /**
   * The objective on given trajectories without an optimizer step: the value whose gradient trains (`loss`), the
   * reported value, and the largest |gradient| over the policy weights and of log Z. Tests use it to check that every
   * objective is stationary at the exact GFlowNet; nothing is updated.
   */
  lossOnBatch(trajectories: Trajectory[]): BatchEvaluation {
    this.checkRewards(trajectories, 0);
    const variables = this.variables;
    const logZName = this.model.logZ.name;
    let evaluation: BatchEvaluation | null = null;
    tf.tidy(() => {
      let report: tf.Scalar | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const result = this.stepwiseObjective(trajectories);
        // variableGrads disposes the tensors it does not return: keep the report (disposed below).
        report = tf.keep(result.report);
        return result.loss;
      }, variables);
      let maxPolicyGrad = 0;
      let logZGrad = 0;
      const named = grads as Record<string, tf.Tensor>;
      for (const [name, g] of Object.entries(named)) {
        const largest = tf.max(tf.abs(g)).dataSync()[0];
        if (name === logZName) logZGrad = largest;
        else maxPolicyGrad = Math.max(maxPolicyGrad, largest);
      }
      // variableGrads leaves out a weight the loss does not depend on: its gradient is 0.
      const policyGradient = this.model.weights.map((w) => (named[w.name] ? Float32Array.from(named[w.name].dataSync()) : new Float32Array(w.size)));
      const kept = (report as tf.Scalar | null)!;
      evaluation = { loss: value.dataSync()[0], report: kept.dataSync()[0], maxPolicyGrad, logZGrad, policyGradient };
      kept.dispose();
    });
    return evaluation!;
  }

  private replayAdd(t: Trajectory): void {
    if (this.config.replay > 0) this.replay.add(t, this.tables.logReward[t.states[t.states.length - 1]]);
  }

  private readonly parentsOf = (s: number, add: (t: number) => void): void => {
    const dag = this.dag;
    for (let k = dag.parentOffset[s]; k < dag.parentOffset[s + 1]; k++) add(dag.edgeSource[dag.parentEdge[k]]);
  };

  private checkRewards(trajectories: Trajectory[], iteration: number): void {
    for (const t of trajectories) {
      const x = t.states[t.states.length - 1];
      if (Number.isNaN(this.tables.logReward[x])) {
        throw new TrainingError(
          `iteration ${iteration}: the reward of terminal state ${this.graph.keys[x]} is invalid: ${this.invalidReward(x)}; rewards must be finite numbers >= 0 (log-rewards numbers below Infinity)`,
        );
      }
    }
  }

  /** What the file's reward function returned for terminal x (called again, guarded), else its log R. */
  private invalidReward(x: number): string {
    const logR = `log R is ${this.graph.logReward[x]}`;
    if (!this.env) return logR;
    const env = ensureGuarded(this.env);
    try {
      const value = env.rewardValue(this.graph.states[x] as S);
      return `${env.rewardField} returned ${value instanceof InvalidValue ? value.description : value}`;
    } catch {
      return logR;
    }
  }

  /**
   * Adam's state of both optimisers (iteration count and moments, in the order the variables are updated), so that
   * a resumed run continues where it stopped: fresh moments would make the first steps full learning-rate sized.
   */
  async optimizerState(): Promise<OptimizerState> {
    const state: OptimizerState = { policy: await this.policyOptimizer.getWeights(), logZ: await this.logZOptimizer.getWeights() };
    if (this.average) {
      // The checkpoint's model is the average (`policy`): the iterate being optimised goes with Adam's state.
      state.iterate = this.model.allVariables();
      state.averageCount = this.average.count;
    }
    return state;
  }

  async restoreOptimizerState(state: OptimizerState): Promise<void> {
    if (state.policy.length > 0) await this.policyOptimizer.setWeights(state.policy);
    if (state.logZ.length > 0) await this.logZOptimizer.setWeights(state.logZ);
  }

  dispose(): void {
    this.average?.dispose();
    this.model.dispose();
    this.policyOptimizer.dispose();
    this.logZOptimizer.dispose();
  }
}
