/**
 * A training session as the sandbox process runs it: set up the backend and the trainer (resuming a checkpoint when
 * asked), iterate, report progress and flow snapshots every `reportEvery` iterations (runMonitor.ts), stop on
 * cancel, and write the run directory through a RunWriter (src/run/runStore.ts: atomic files, the checkpoint replaced
 * as a whole, the summary last). Its parent holds the lock.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { totalVariation } from '../dag/exact';
import { jsonOfKey } from '../dag/stateKey';
import type { FromSandbox, ToSandbox } from '../../shared/protocol';
import type { FlowGraph } from '../../shared/flowGraph';
import type { TrainSummary } from '../../shared/trainSummary';
import { setUpCompute, type ComputeSetUp } from './compute';
import { RunWriter, StoreError } from '../run/runStore';
import { isCheckpointOf } from '../run/checkpointFiles';
import { runRewardDistribution } from './rewardDistribution';
import { encodeCheckpoint, loadCheckpoint, type OptimizerState } from './checkpoint';
import type { ModelConfig } from './model';
import type { Evaluator, ExactEvaluation } from './evaluate';
import { noiseFloor } from './noiseFloor';
import { rewardLevels, topObjects } from './objectTables';
import { UnexploredStateError } from './sampler';
import { encodeStates, Trainer, TrainingError, type AverageState, type TrainerOptions } from './trainer';
import { RunMonitor } from './runMonitor';

export type TrainRequest = Extract<ToSandbox, { type: 'train' }>;

export interface SessionContext {
  post(m: FromSandbox): void;
  isCancelled(): boolean;
}

type Features = { data: Float32Array; dim: number } | null;

export async function runTraining<S, A>(
  env: EnvironmentSpec<S, A>,
  dag: Dag<S, A>,
  request: TrainRequest,
  ctx: SessionContext,
  graph?: FlowGraph,
): Promise<void> {
  let trainer: Trainer<S, A> | null = null;
  try {
    const compute = await setUpCompute(request.config.backend);
    ctx.post({ type: 'log', message: `backend: ${compute.description}${compute.fallback ? ` (${compute.fallback})` : ''}` });
    // The run trains on what loaded: a checkpoint and summary.json record that backend.
    const features = dag.complete ? encodeStates(env, dag) : null;
    const started = await startTrainer(env, dag, { ...request.config, backend: compute.backend }, features, request, ctx);
    trainer = started.trainer;
    const config = started.config;
    const monitor = new RunMonitor(env, dag, trainer, config, (progress, snapshot) => {
      ctx.post({ type: 'progress', progress });
      ctx.post({ type: 'flows', snapshot });
    }, graph);
    const out = request.outDir ? new RunWriter(request.outDir) : null;
    // After the checkpoint was read: a run resuming from its own directory keeps it until its own replaces it.
    out?.start(graph, isCheckpointOf(out.dir, request.resumeFrom), request.file);
    const { iteration, cancelled } = await trainLoop(trainer, config, monitor, ctx, out);
    const summary = await finish(trainer, config, compute, monitor, dag, out, iteration);
    ctx.post({ type: 'done', summary, cancelled });
  } catch (error) {
    const known = error instanceof TrainingError || error instanceof UnexploredStateError || error instanceof StoreError;
    const message = error instanceof Error ? error.message : String(error);
    if (!known && process.env.GFN_DEBUG) console.error(error);
    ctx.post({ type: 'error', message: known ? message : `training failed: ${message}` });
  } finally {
    trainer?.dispose();
  }
}

/**
 * The trainer of the run, from the request's checkpoint when it resumes one (the network's shape, its weights, its
 * average, Adam's state and the log-reward offset are the checkpoint's); the configuration it trains with.
 */
async function startTrainer<S, A>(
  env: EnvironmentSpec<S, A>,
  dag: Dag<S, A>,
  requested: TrainerOptions,
  features: Features,
  request: TrainRequest,
  ctx: SessionContext,
): Promise<{ trainer: Trainer<S, A>; config: TrainerOptions }> {
  let config = requested;
  let initialWeights: tf.Tensor[] | undefined;
  let initialAverage: AverageState | undefined;
  let checkpointTensors: tf.Tensor[] | undefined;
  let optimizerState: OptimizerState | null = null;
  let logRewardOffset: number | undefined;
  if (request.resumeFrom) {
    const checkpoint = await loadCheckpoint(request.resumeFrom);
    requireCompatible(checkpoint.model, dag, features, request.resumeFrom);
    // The network's shape is the checkpoint's; Adam's moments are restored below when the checkpoint has them.
    config = { ...config, policy: checkpoint.model.kind, hidden: checkpoint.model.hidden, layers: checkpoint.model.layers,
      backward: checkpoint.model.learnedBackward ? 'learned' : 'uniform', stopLogit: checkpoint.model.stopLogit };
    // An averaged run's model is its average; the iterate it optimised is saved with Adam's state.
    checkpointTensors = [...checkpoint.tensors, ...(checkpoint.optimizer?.iterate ?? [])];
    initialWeights = checkpoint.optimizer?.iterate ?? checkpoint.tensors;
    if ((config.average ?? 0) > 0) initialAverage = { tensors: checkpoint.tensors, count: checkpoint.optimizer?.averageCount ?? 0 };
    optimizerState = checkpoint.optimizer;
    logRewardOffset = checkpoint.logRewardOffset;
    ctx.post({ type: 'log', message: `resumed from ${request.resumeFrom} (${checkpoint.model.kind} ${checkpoint.model.hidden} x ${checkpoint.model.layers})` });
  }
  // Incomplete DAGs: states are expanded (and encoded) on demand during training (src/train/expand.ts).
  let trainer: Trainer<S, A> | null = null;
  try {
    trainer = new Trainer(dag, { ...config, logRewardOffset }, features, initialWeights, env, initialAverage);
    if (optimizerState) await trainer.restoreOptimizerState(optimizerState);
    return { trainer, config };
  } catch (error) {
    trainer?.dispose();
    throw error;
  } finally {
    // The networks hold their own references: every tensor read from the checkpoint goes.
    for (const t of new Set([...(initialWeights ?? []), ...(initialAverage?.tensors ?? []), ...(checkpointTensors ?? [])])) t.dispose();
    for (const w of [...(optimizerState?.policy ?? []), ...(optimizerState?.logZ ?? [])]) w.tensor.dispose();
  }
}

/** The iterations, a report every `reportEvery` and at the end; a cancelled run stops between two iterations. */
async function trainLoop<S, A>(
  trainer: Trainer<S, A>,
  config: TrainerOptions,
  monitor: RunMonitor<S, A>,
  ctx: SessionContext,
  out: RunWriter | null,
): Promise<{ iteration: number; cancelled: boolean }> {
  const every = Math.max(1, config.reportEvery);
  let cancelled = false;
  let iteration: number;
  for (iteration = 1; iteration <= config.iterations; iteration++) {
    // Yield to the event loop between iterations: timers and the host's lines (cancel) get their turn.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (ctx.isCancelled()) {
      cancelled = true;
      iteration--;
      break;
    }
    monitor.record(trainer.step(iteration));
    if (iteration % every === 0 || iteration === config.iterations) monitor.report(iteration, out);
  }
  if (iteration > config.iterations) iteration = config.iterations;
  // Only sampling a resumed policy: evaluate it as it is.
  if (config.iterations === 0) monitor.report(iteration, out);
  if (cancelled && iteration > 0 && (monitor.last === null || (monitor.last).iteration !== iteration)) monitor.report(iteration, out);
  return { iteration, cancelled };
}

/** The final samples, the summary, and the run directory's last files (flows, checkpoint, summary last). */
async function finish<S, A>(
  trainer: Trainer<S, A>,
  config: TrainerOptions,
  compute: ComputeSetUp,
  monitor: RunMonitor<S, A>,
  dag: Dag<S, A>,
  out: RunWriter | null,
  iteration: number,
): Promise<TrainSummary> {
  // Training time: the final samples below are not part of it.
  const seconds = monitor.seconds();
  const graphOf = trainer.graph;
  // The final samples of the delivered policy (samples.jsonl), drawn before the summary, which measures them; they
  // count towards what was discovered: the summary's modes are those of every sample drawn.
  const finalSamples = out && config.samples > 0 ? trainer.samplePolicy(config.samples).map((t) => t.states[t.states.length - 1]) : [];
  if (out && finalSamples.length > 0) {
    monitor.discovery.record(finalSamples);
    out.writeSamples(finalSamples.map((x) => ({ key: graphOf.keys[x], state: jsonOfKey(graphOf.keys[x]) })));
  }
  const exactFinal = monitor.lastExact;
  const summary: TrainSummary = {
    loss: config.loss,
    iterations: iteration,
    trajectories: monitor.trajectories,
    seconds,
    trajectoriesPerSecond: seconds > 0 ? monitor.trajectories / seconds : 0,
    backend: compute.description,
    backendName: compute.backend,
    threads: compute.threads,
    logZ: monitor.lastLogZ,
    trueLogZ: monitor.trueLogZ,
    tv: exactFinal ? exactFinal.tv : null,
    jsd: exactFinal ? exactFinal.jsd : null,
    finalLoss: monitor.lastLoss,
    ...finalMeasures(dag, monitor.evaluator, exactFinal, finalSamples),
    ...monitor.discovery.figures(),
    states: trainer.onDemand ? trainer.onDemand.stateCount : dag.states.length,
    terminals: trainer.onDemand ? trainer.onDemand.terminalCount : dag.terminals.length,
    expandedOnDemand: trainer.onDemand !== null,
    sampled: monitor.topSampled(),
    logRewardFloor: trainer.tables.logRewardFloor,
    config,
  };
  if (monitor.diagnosis) summary.diagnosis = monitor.diagnosis.holding();
  const anyDag = dag as Dag<unknown, unknown>;
  summary.rewardDistribution = runRewardDistribution({ finalSamples, recent: monitor.evaluator.topRecent(Infinity), recentCount: monitor.evaluator.recentSize,
    logReward: graphOf.logReward, terminals: anyDag.terminals, target: monitor.evaluator.target });
  if (out) {
    if (monitor.lastSnapshot) out.writeFlows(monitor.lastSnapshot);
    const optimizer = await trainer.optimizerState();
    try {
      out.writeCheckpoint(await encodeCheckpoint(trainer.policy, config, optimizer, trainer.tables.logRewardOffset));
    } finally {
      // Trainer.optimizerState() gives copies (the iterate excepted: the live network).
      for (const w of [...optimizer.policy, ...optimizer.logZ]) w.tensor.dispose();
    }
    out.writeSummary(summary);
  }
  return summary;
}

/**
 * What the summary reports of the final samples and the whole DAG (complete DAGs): the TV of the final samples with
 * its noise floor, and the final report's tables from the exact engine, their `sampled` column from the final samples
 * or, without them, from the recent training samples.
 */
function finalMeasures(
  dag: Dag<unknown, unknown>,
  evaluator: Evaluator,
  exact: ExactEvaluation | null,
  samples: number[],
): Pick<TrainSummary, 'empiricalTv' | 'empiricalTvNoiseFloor' | 'samples' | 'rewardLevels' | 'topObjects' | 'tableSamples'> {
  const target = evaluator.target;
  if (!target) return { empiricalTv: null, empiricalTvNoiseFloor: null, samples: samples.length };
  let sampled: Float64Array | null = null;
  if (samples.length > 0) {
    sampled = new Float64Array(dag.terminals.length);
    for (const x of samples) sampled[evaluator.terminalIndex[x]] += 1 / samples.length;
  }
  const fromFinal = sampled !== null;
  const recent = evaluator.recentFrequency();
  const tableSampled = sampled ?? (evaluator.hasSamples ? Float64Array.from(dag.terminals, (x) => recent[x]) : null);
  const measured = {
    empiricalTv: sampled ? totalVariation(sampled, target) : null,
    empiricalTvNoiseFloor: sampled ? noiseFloor(target, samples.length) : null,
    samples: samples.length,
  };
  // No exact evaluation: a run cancelled before its first iteration has no learned distribution to tabulate.
  if (!exact) return measured;
  const masses = { target, learned: exact.learned, sampled: tableSampled };
  return { ...measured, rewardLevels: rewardLevels(dag, masses), topObjects: topObjects(dag, masses), tableSamples: fromFinal ? 'final' : 'training' };
}

/** A checkpoint fits this environment when its input and output layers match the explored DAG's. */
function requireCompatible<S, A>(model: ModelConfig, dag: Dag<S, A>, features: { dim: number } | null, dir: string): void {
  const inputDim = features ? features.dim : 0;
  const problems: string[] = [];
  if (model.nActions !== dag.actionSpace.length) problems.push(`${model.nActions} actions, the environment has ${dag.actionSpace.length}`);
  if (model.inputDim !== inputDim) problems.push(`input width ${model.inputDim || 'one-hot'}, the environment gives ${inputDim || 'one-hot'}`);
  else if (inputDim === 0 && model.nStates !== dag.states.length) problems.push(`${model.nStates} states, the environment has ${dag.states.length}`);
  if (problems.length > 0) {
    throw new TrainingError(`the checkpoint ${dir} does not fit this environment (${problems.join('; ')}): was it trained on another version of the file?`);
  }
}
