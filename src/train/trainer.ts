/**
 * One training run over an explored DAG: the policy network on its engine (engine/: onnxruntime or TensorFlow.js),
 * log Z and its optimizer, sampling, the objective and the bookkeeping, one `step()` per iteration. Trajectories are
 * sampled first without gradients (one engine forward of the distinct current states per step); then the distinct
 * visited states are forwarded once by the engine, keeping their activations (the native engine assembles them from
 * the sampling forwards' rows instead, engine/keptRows.ts); the objective runs in TensorFlow.js on
 * that table of outputs, a leaf, and gives d loss / d outputs (and d loss / d log Z); the engine's backward and Adam
 * step finish the iteration. The gradients are exactly those of the objective (test/unit/train/policyEngine.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { adamTensors, adamValues, type OptimizerState } from './checkpoint';
import { buildBatch } from './batch';
import { computeHeads, gatherRows, stopLogitOf, type StopLogit } from './heads';
import { modelConfigOf, outputWidth, PolicyModel } from './model';
import { DIRECT_GRADIENTS, LOSSES } from './objectives/losses';
import { edgeFlowLogZ } from './objectives/flowMatching';
import { incompleteDagConflict, objective, objectiveConflict, type ObjectiveSpec } from '../../shared/objectives';
import { buildTerms, type Objective, type ObjectiveContext } from './objectives/terms';
import { batchEvaluation, directGradients, outputGradients, type BatchEvaluation, type OutputGradientValues } from './objectivePass';
import { LogZOptimizer } from './logZOptimizer';
export type { BatchEvaluation } from './objectivePass';
import { ReplayBuffer } from './replay';
import { Rng } from '../../shared/rng';
import { sampleTrajectories, type PolicyRows } from './sampler';
import type { TrainGraph, Trajectory } from './trajectory';
import { buildTables, type DagTables } from './tables';
import { TrainingError } from './trainingError';
import { OnDemandGraph } from './expand';
import { PolicyAverage } from './average';
import { checkRewards } from './batchRewards';
import { optionRef } from '../../shared/optionRefs';
import { createEngine, type ForwardPass, type KeptSamplingRows, type PolicyEngine } from './engine';
import { backwardThreadsOf, computeOf, DEFAULT_NATIVE_THREADS } from './compute';

export { TrainingError };
export { encodeStates } from './encodeStates';
export { WHOLE_DAG_STATES, type AverageState, type StepResult, type TrainerOptions } from './trainerTypes';
import { WHOLE_DAG_STATES, type AverageState, type StepResult, type TrainerOptions } from './trainerTypes';

export class Trainer<S, A> {
  readonly tables: DagTables;
  /** The network as tfjs variables (evaluation, averaging, checkpoints); the native engine's weights are copied in when read. */
  private readonly network: PolicyModel;
  /** What trains the network (engine/). */
  readonly engine: PolicyEngine;
  /** The native engine's weights changed since they were last copied into `network`. */
  private stale = false;
  readonly rng: Rng;
  private readonly logZOptimizer: LogZOptimizer;
  private readonly replay: ReplayBuffer;
  /** The registry's entry of the objective, its loss and what the loss reads besides its terms. */
  readonly objective: ObjectiveSpec;
  private readonly loss: Objective;
  private readonly context: ObjectiveContext;
  /** The forward outputs are log edge flows (the objective's needs.edgeFlows). */
  private readonly edgeFlows: boolean;
  /** How the policy's stop logit is formed (heads.ts): the model's choice, or flow matching's log R. */
  readonly stop: StopLogit;
  /** log Z is trained, unless the objective reads it from the edge flows. */
  private readonly trainsLogZ: boolean;
  /** Every state id, when each step forwards them all once (WHOLE_DAG_STATES); null otherwise. */
  private readonly wholeDag: Int32Array | null;
  /** Otherwise, on the native engine: the sampling forwards' activations, the batch's pass (engine/keptRows.ts). */
  private readonly kept: KeptSamplingRows | null;
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
    const inputDim = this.onDemand ? this.onDemand.dim : features ? features.dim : 0;
    const modelConfig = modelConfigOf(config, dag.states.length, this.tables.nActions, inputDim);
    const inputs = this.onDemand ? this.onDemand.featureRows : features ? features.data : null;
    this.network = new PolicyModel(modelConfig, inputs, config.seed, initialWeights);
    const compute = computeOf(config.backend);
    const rate = { initial: config.learningRate, decay: config.learningRateDecay ?? 0 };
    const threads = config.threads ?? DEFAULT_NATIVE_THREADS;
    this.engine = createEngine(compute.engine, this.network, rate, { threads, backwardThreads: backwardThreadsOf(threads, config.backwardThreads), provider: compute.provider });
    this.stop = stopLogitOf(this.network.config.stopLogit, this.edgeFlows);
    const average = config.average ?? 0;
    this.average = average > 0 ? new PolicyAverage(this.network, inputs, average, initialAverage?.tensors, initialAverage?.count) : null;
    // A separate stream for sampling, so that sampling does not depend on how many numbers initialisation drew.
    this.rng = new Rng(config.seed * 7919 + 17);
    this.logZOptimizer = new LogZOptimizer(this.network.logZ, config.learningRateLogZ);
    this.replay = new ReplayBuffer();
    this.context = { config, dag: dag, tables: this.tables };
    this.trainsLogZ = this.objective.logZ !== 'edgeFlows';
    const whole = compute.engine === 'native' && !this.onDemand && dag.states.length <= (config.wholeDagStates ?? WHOLE_DAG_STATES);
    this.wholeDag = whole ? Int32Array.from(dag.states, (_, i) => i) : null;
    this.kept = whole || config.keepSamplingRows === false ? null : (this.engine.keepRows?.() ?? null);
  }

  /** The trained network (the iterate), its weights up to date. */
  get model(): PolicyModel {
    if (this.stale) {
      const values = this.engine.weights();
      tf.tidy(() => this.network.weights.forEach((v, i) => v.assign(tf.tensor(values[i], v.shape))));
      this.stale = false;
    }
    return this.network;
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

  /** Trajectories from the current policy with the given exploration (no gradient): the engine's forwards. */
  sample(n: number, epsilon = 0, temperature = 1): Trajectory[] {
    const stride = outputWidth(this.network.config);
    return this.sampleWith((states) => ({ data: this.engine.forward(states), stride, stop: this.stop }), n, epsilon, temperature);
  }

  private sampleFrom(model: PolicyModel, n: number, epsilon: number, temperature: number): Trajectory[] {
    if (model === this.network) return this.sample(n, epsilon, temperature);
    const stride = outputWidth(model.config);
    return this.sampleWith((states) => ({ data: model.outputValues(states), stride, stop: this.stop }), n, epsilon, temperature);
  }

  private sampleWith(rows: PolicyRows, n: number, epsilon: number, temperature: number): Trajectory[] {
    const expander = this.onDemand ?? undefined;
    return sampleTrajectories(this.graph, this.tables, n, rows, this.rng, { epsilon, temperature }, expander);
  }

  step(iteration: number): StepResult {
    const c = this.config;
    const replayCount = this.replay.size > 0 ? Math.round(c.replay * c.batchSize) : 0;
    // Small DAGs on the native engine: one forward of every state feeds sampling and the loss (docs/performance.md).
    const whole = this.wholeDag ? this.engine.forwardForTraining(this.wholeDag) : null;
    // Larger ones: the sampling forwards keep their activations, and the batch's pass is made of them (keptRows.ts).
    const kept = this.kept;
    kept?.reset();
    let sampled: Trajectory[];
    let result: OutputGradientValues;
    try {
      const stride = outputWidth(this.network.config);
      sampled = whole
        ? this.sampleWith((states) => ({ data: gatherRows(whole.outputs, stride, states), stride, stop: this.stop }), c.batchSize - replayCount, c.epsilon, c.temperature)
        : kept
          ? this.sampleWith((states) => ({ data: kept.forward(states), stride, stop: this.stop }), c.batchSize - replayCount, c.epsilon, c.temperature)
          : this.sample(c.batchSize - replayCount, c.epsilon, c.temperature);
      const trajectories = sampled.concat(this.replay.sample(replayCount, this.rng));
      checkRewards(trajectories, iteration, this.graph, this.tables, this.env);
      result = this.differentiate(trajectories, whole, kept);
    } catch (error) {
      if (whole) this.engine.release(whole);
      throw error;
    }
    this.engine.step();
    this.stale = this.engine.kind === 'native';
    if (result.logZGrad !== null) this.logZOptimizer.step(result.logZGrad);
    // The average folds the iterate in every few steps: only then are its weights read (copied from the engine).
    if (this.average) this.average.update(this.average.foldsNext() ? this.model : this.network);
    const loss = result.report;
    const logZ = result.logZ + this.tables.logRewardOffset;
    if (!Number.isFinite(loss) || !Number.isFinite(logZ)) {
      throw new TrainingError(
        `training diverged at iteration ${iteration}: the loss is ${loss} and log Z is ${logZ}; lower ${optionRef('learningRate')} or check the rewards`,
      );
    }
    for (const t of sampled) this.replayAdd(t);
    return { loss, logZ, terminals: Int32Array.from(sampled, (t) => t.states[t.states.length - 1]) };
  }

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

  /**
   * The objective on given trajectories: the engine forwards their distinct states (plus their parents when the
   * objective needs them), the objective runs in tfjs on the outputs as a leaf, and the engine's backward receives
   * d loss / d outputs. The engine then holds the policy's gradient; log Z's comes back for its own optimizer.
   */
  private differentiate(trajectories: Trajectory[], whole: ForwardPass | null = null, kept: KeptSamplingRows | null = null): OutputGradientValues {
    this.onDemand?.prepareBackward(trajectories);
    const parents = this.objective.needs.parents ? this.parentsOf : undefined;
    const { batch, rowOf } = buildBatch(this.graph, this.tables, trajectories, whole !== null, parents, kept?.order());
    // The batch's distinct states, or (null) every state, already forwarded.
    const rows = batch.rows;
    const pass = whole ?? kept?.passFor(rows!) ?? this.engine.forwardForTraining(rows!);
    let differentiated = false;
    try {
      const learned = this.config.backward === 'learned';
      const direct = this.config.tfjsObjective ? undefined : DIRECT_GRADIENTS[this.config.loss];
      const input = { batch, outputs: pass.outputs, width: pass.width, tables: this.tables, stop: this.stop, learnedBackward: learned, logZ: this.logZOptimizer.current };
      const { dOutputs, ...values } = direct
        ? directGradients(direct, input, this.trainsLogZ)
        : outputGradients(pass.outputs, [pass.rows.length, pass.width], this.network.logZ, this.trainsLogZ, (out, logZ) =>
            this.loss(buildTerms(batch, computeHeads(out, rows, this.tables, this.stop, learned), logZ), rowOf, this.context),
          );
      this.engine.backward(pass, dOutputs);
      differentiated = true;
      return values;
    } finally {
      if (!differentiated) this.engine.release(pass);
    }
  }

  /**
   * The objective on given trajectories without an optimizer step: the value whose gradient trains (`loss`), the
   * reported value, and the gradients over the policy weights and of log Z, through the same path as `step`. Tests
   * use it to check that every objective is stationary at the exact GFlowNet; nothing is updated.
   */
  lossOnBatch(trajectories: Trajectory[]): BatchEvaluation {
    checkRewards(trajectories, 0, this.graph, this.tables, this.env);
    return batchEvaluation(this.differentiate(trajectories), this.engine.gradients());
  }

  private replayAdd(t: Trajectory): void {
    if (this.config.replay > 0) this.replay.add(t, this.tables.logReward[t.states[t.states.length - 1]]);
  }

  private readonly parentsOf = (s: number, add: (t: number) => void): void => {
    const dag = this.dag;
    for (let k = dag.parentOffset[s]; k < dag.parentOffset[s + 1]; k++) add(dag.edgeSource[dag.parentEdge[k]]);
  };

  /**
   * Adam's state of both optimisers (iteration count and moments, in tfjs's getWeights() order), so that a resumed
   * run continues where it stopped: fresh moments would make the first steps full learning-rate sized. The tensors
   * are fresh copies the caller disposes (the iterate excepted: it is the live network).
   */
  async optimizerState(): Promise<OptimizerState> {
    const policy = adamTensors(await this.engine.adamState(), this.network.weights.map((w) => w.shape));
    const logZ = this.logZOptimizer.state();
    const state: OptimizerState = { policy, logZ };
    if (this.average) {
      // The checkpoint's model is the average (`policy`): the iterate being optimised goes with Adam's state.
      state.iterate = this.model.allVariables();
      state.averageCount = this.average.count;
    }
    return state;
  }

  async restoreOptimizerState(state: OptimizerState): Promise<void> {
    if (state.policy.length > 0) await this.engine.restoreAdam(adamValues(state.policy));
    if (state.logZ.length > 0) this.logZOptimizer.restore(state.logZ);
  }

  dispose(): void {
    this.average?.dispose();
    this.engine.dispose();
    this.network.dispose();
  }
}
