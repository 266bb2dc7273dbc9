/**
 * A training session as the sandbox process runs it: set up the backend and the trainer, iterate, report progress
 * and flow snapshots every `reportEvery` iterations, stop on cancel, and write the run directory through a RunWriter
 * (src/run/runStore.ts: atomic files, the checkpoint replaced as a whole, the summary last). Its parent holds the lock.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { inUnits, learnedFlows, logPartitionFunction, rewardFields, totalVariation, uniformBackwardPolicy, visitProbabilities } from '../dag/exact';
import { jsonOfKey } from '../dag/stateKey';
import type { FlowGraph, FlowSnapshot, FromWorker, PolicyInspection, SampledObject, ToWorker, TrainProgress, TrainSummary } from '../../shared/protocol';
import { setUpCompute } from './compute';
import { isCheckpointOf, RunWriter, StoreError } from '../run/runStore';
import { encodeCheckpoint, loadCheckpoint, type OptimizerState } from './checkpoint';
import type { ModelConfig } from './model';
import { allLogProbs, backwardFromLogProbs, Evaluator, type ExactEvaluation } from './evaluate';
import { declaredModes, Discovery, modePredicate, nearMaxModes } from './discovery';
import { projectedMass, projectTerminals } from './projection';
import { policyInspection, targetOfBackward, type TargetOfBackward } from './inspection';
import { noiseFloor } from './noiseFloor';
import { rewardLevels, topObjects } from './objectTables';
import { RunDiagnosis } from './diagnosis';
import { ensureGuarded, UserCodeError } from '../sandbox/guard';
import { UnexploredStateError } from './sampler';
import { encodeStates, Trainer, TrainingError, type AverageState, type TrainerOptions } from './trainer';

export type TrainRequest = Extract<ToWorker, { type: 'train' }>;

export interface SessionContext {
  post(m: FromWorker): void;
  isCancelled(): boolean;
}

/** Which DAG states and edges the snapshots cover, in FlowGraph order (the whole DAG when no graph is given). */
interface SnapshotIndex {
  nodes: ArrayLike<number>;
  edges: ArrayLike<number>;
}

export async function runTraining<S, A>(
  env: EnvironmentSpec<S, A>,
  dag: Dag<S, A>,
  request: TrainRequest,
  ctx: SessionContext,
  graph?: FlowGraph,
): Promise<void> {
  let trainer: Trainer<S, A> | null = null;
  try {
    let config: TrainerOptions = request.config;
    const compute = await setUpCompute(config.backend);
    const backendText = compute.description;
    ctx.post({ type: 'log', message: `backend: ${backendText}${compute.fallback ? ` (${compute.fallback})` : ''}` });
    // The run trains on what loaded: a checkpoint and summary.json record that backend.
    config = { ...config, backend: compute.backend };
    const features = dag.complete ? encodeStates(env, dag) : null;
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
    try {
      trainer = new Trainer(dag, { ...config, logRewardOffset }, features, initialWeights, env, initialAverage);
      if (optimizerState) await trainer.restoreOptimizerState(optimizerState);
    } finally {
      // The networks hold their own references: every tensor read from the checkpoint goes.
      for (const t of new Set([...(initialWeights ?? []), ...(initialAverage?.tensors ?? []), ...(checkpointTensors ?? [])])) t.dispose();
      for (const w of [...(optimizerState?.policy ?? []), ...(optimizerState?.logZ ?? [])]) w.tensor.dispose();
    }
    const graphOf = trainer.graph;
    const anyDag = dag as Dag<unknown, unknown>;
    // The run's target is R^beta / Z_beta: the TV, log Z, modes, flows and the inspector measure against it.
    const beta = config.beta ?? 1;
    const evaluator = new Evaluator(anyDag, undefined, beta);
    const discovery = discoveryOf(env, dag, trainer.onDemand ?? dag, beta);
    const labels = labeller(env, trainer.onDemand ?? dag);
    const topSampled = (): SampledObject[] | undefined =>
      dag.complete ? undefined : evaluator.topRecent(10).map(([x, frequency]) => {
        const object: SampledObject = { key: graphOf.keys[x], ...rewardFields(graphOf.logReward[x]), frequency };
        const label = labels(x);
        if (label !== undefined) object.label = label;
        return object;
      });
    const trueLogZ = evaluator.exact ? logPartitionFunction(anyDag, beta) : null;
    // The panel's heatmaps: every terminal's cell, once (enumerated DAGs with a declared project).
    const project = ensureGuarded(env).project;
    const projection = project && evaluator.exact ? projectTerminals(dag, project) : null;
    const index: SnapshotIndex = graph
      ? { nodes: graph.nodes.map((n) => n.state), edges: graph.edges.map((e) => e.edge) }
      : { nodes: Int32Array.from(dag.states, (_, i) => i), edges: Int32Array.from(dag.edgeChild, (_, i) => i) };
    const out = request.outDir ? new RunWriter(request.outDir) : null;
    // After the checkpoint was read: a run resuming from its own directory keeps it until its own replaces it.
    out?.start(graph, isCheckpointOf(out.dir, request.resumeFrom), request.file);
    const started = performance.now();
    let trajectories = 0;
    let last: TrainProgress | null = null;
    let lastSnapshot: FlowSnapshot | null = null;
    let lastLoss = NaN;
    // The diagnosis compares mean losses over report windows (src/train/diagnosis.ts).
    let windowLoss = 0;
    let windowIterations = 0;
    const diagnosis = evaluator.exact ? new RunDiagnosis(config, trueLogZ) : null;
    let lastLogZ = NaN;
    let iteration = 0;
    let cancelled = false;
    let lastExact: ExactEvaluation | null = null;
    let uniformTarget: TargetOfBackward | null = null;
    const report = () => {
      const seconds = (performance.now() - started) / 1000;
      // The delivered policy's log Z, consistent with the exact TV and the flows reported beside it.
      lastLogZ = trainer!.deliveredLogZ();
      const probs = evaluator.exact ? allLogProbs(trainer!.policy, trainer!.tables, trainer!.stop, config.backward === 'learned') : null;
      const exact = probs ? evaluator.exactEvaluation(probs.logPF, trainer!.tables) : null;
      lastExact = exact;
      last = {
        iteration,
        iterations: config.iterations,
        loss: lastLoss,
        logZ: lastLogZ,
        tv: exact ? exact.tv : null,
        jsd: exact ? exact.jsd : null,
        empiricalTv: evaluator.empiricalTv(),
        ...discovery.figures(),
        trajectories,
        trajectoriesPerSecond: seconds > 0 ? trajectories / seconds : 0,
        seconds,
        sampled: topSampled(),
      };
      const reach = exact && dag.topoOrder ? visitProbabilities(anyDag, exact.policy) : null;
      lastSnapshot = snapshot(anyDag, index, evaluator, exact, reach, lastLogZ, iteration);
      if (projection && exact && evaluator.target) {
        const recent = evaluator.recentFrequency();
        lastSnapshot.projection = projectedMass(projection, evaluator.target, exact.learned, Float64Array.from(dag.terminals, (x) => recent[x]));
      }
      if (exact && reach && evaluator.target) {
        const target = probs?.logPB
          ? targetOfBackward(anyDag, backwardFromLogProbs(anyDag, trainer!.tables, probs.logPB), beta)
          : (uniformTarget ??= targetOfBackward(anyDag, uniformBackwardPolicy(anyDag), beta));
        const inspector = inspect(anyDag, index, exact, reach, evaluator, target, graph, labels);
        lastSnapshot.inspector = inspector;
        const loss = windowIterations > 0 ? windowLoss / windowIterations : lastLoss;
        last.diagnosis = diagnosis?.report({ iteration, tv: exact.tv, loss, logZ: lastLogZ }, evaluator.target, exact.learned, inspector.depthMass, (i) => {
          const x = anyDag.terminals[i];
          const label = labels(x);
          // An SVG drawing is no text for a message: the key stands in.
          return label === undefined || label.includes('<') ? { key: graphOf.keys[x] } : { key: graphOf.keys[x], label };
        }, discovery.foundModes().map((x) => evaluator.terminalIndex[x]));
      }
      windowLoss = 0;
      windowIterations = 0;
      ctx.post({ type: 'progress', progress: last });
      ctx.post({ type: 'flows', snapshot: lastSnapshot });
      out?.appendProgress(last);
    };
    const every = Math.max(1, config.reportEvery);
    for (iteration = 1; iteration <= config.iterations; iteration++) {
      // Yield to the event loop between iterations: timers and the host's lines (cancel) get their turn.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (ctx.isCancelled()) {
        cancelled = true;
        iteration--;
        break;
      }
      const step = trainer.step(iteration);
      trajectories += step.terminals.length;
      lastLoss = step.loss;
      windowLoss += step.loss;
      windowIterations++;
      evaluator.record(step.terminals);
      discovery.record(step.terminals);
      if (iteration % every === 0 || iteration === config.iterations) report();
    }
    if (iteration > config.iterations) iteration = config.iterations;
    if (config.iterations === 0) {
      // Only sampling a resumed policy: evaluate it as it is.
      report();
    }
    if (cancelled && iteration > 0 && (last === null || (last as TrainProgress).iteration !== iteration)) report();
    // Training time: the final samples below are not part of it.
    const seconds = (performance.now() - started) / 1000;
    const exactFinal = lastExact as ExactEvaluation | null;
    // The final samples of the delivered policy (samples.jsonl), drawn before the summary, which measures them; they
    // count towards what was discovered: the summary's modes are those of every sample drawn.
    const finalSamples = out && config.samples > 0 ? trainer.samplePolicy(config.samples).map((t) => t.states[t.states.length - 1]) : [];
    if (out && finalSamples.length > 0) {
      discovery.record(finalSamples);
      out.writeSamples(finalSamples.map((x) => ({ key: graphOf.keys[x], state: jsonOfKey(graphOf.keys[x]) })));
    }
    const summary: TrainSummary = {
      loss: config.loss,
      iterations: iteration,
      trajectories,
      seconds,
      trajectoriesPerSecond: seconds > 0 ? trajectories / seconds : 0,
      backend: backendText,
      backendName: compute.backend,
      threads: compute.threads,
      logZ: lastLogZ,
      trueLogZ,
      tv: exactFinal ? exactFinal.tv : null,
      jsd: exactFinal ? exactFinal.jsd : null,
      finalLoss: lastLoss,
      ...finalMeasures(anyDag, evaluator, exactFinal, finalSamples),
      ...discovery.figures(),
      states: trainer.onDemand ? trainer.onDemand.stateCount : dag.states.length,
      terminals: trainer.onDemand ? trainer.onDemand.terminalCount : dag.terminals.length,
      expandedOnDemand: trainer.onDemand !== null,
      sampled: topSampled(),
      logRewardFloor: trainer.tables.logRewardFloor,
      config,
    };
    if (diagnosis) summary.diagnosis = diagnosis.holding();
    if (out) {
      if (lastSnapshot) out.writeFlows(lastSnapshot);
      const optimizer = await trainer.optimizerState();
      try {
        out.writeCheckpoint(await encodeCheckpoint(trainer.policy, config, optimizer, trainer.tables.logRewardOffset));
      } finally {
        // Trainer.optimizerState() gives copies (the iterate excepted: the live network).
        for (const w of [...optimizer.policy, ...optimizer.logZ]) w.tensor.dispose();
      }
      out.writeSummary(summary);
    }
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

/**
 * The snapshot of the current policy (exact DAGs): its learned flows F(s) = Z_learned u(s), F(s -> s') = F(s) P_F(s' | s)
 * (src/dag/exact.ts learnedFlows), terminalProb the learned P(x); sampledFreq from the recent samples. The target flow
 * the panel colours them against comes with the inspector (PolicyInspection.targetEdgeFlow).
 */
function snapshot(
  dag: Dag<unknown, unknown>,
  index: SnapshotIndex,
  evaluator: Evaluator,
  exact: ExactEvaluation | null,
  reach: Float64Array | null,
  logZ: number,
  iteration: number,
): FlowSnapshot {
  const freq = evaluator.recentFrequency();
  const n = index.nodes.length;
  const m = index.edges.length;
  const stateFlow = new Array<number>(n).fill(0);
  const edgeFlow = new Array<number>(m).fill(0);
  const terminalProb = new Array<number>(n).fill(0);
  const sampledFreq = Array.from({ length: n }, (_, i) => freq[index.nodes[i]]);
  if (exact && reach) {
    const flows = learnedFlows(dag, exact.policy, logZ, reach);
    for (let i = 0; i < n; i++) {
      const s = index.nodes[i];
      stateFlow[i] = inUnits(flows.state[s], flows.logScale);
      const t = evaluator.terminalIndex[s];
      if (t >= 0) terminalProb[i] = exact.learned[t];
    }
    for (let j = 0; j < m; j++) edgeFlow[j] = inUnits(flows.edge[index.edges[j]], flows.logScale);
  }
  return { iteration, edgeFlow, stateFlow, terminalProb, sampledFreq };
}

/** FlowSnapshot.inspector of a complete DAG (src/train/inspection.ts); deviations of undrawn states are rendered. */
function inspect(
  dag: Dag<unknown, unknown>,
  index: SnapshotIndex,
  exact: ExactEvaluation,
  learnedVisit: Float64Array,
  evaluator: Evaluator,
  targetFlow: TargetOfBackward,
  graph: FlowGraph | undefined,
  labels: (state: number) => string | undefined,
): PolicyInspection {
  return policyInspection({
    dag,
    nodes: index.nodes,
    edges: index.edges,
    learned: exact.policy,
    learnedTerminal: exact.learned,
    target: evaluator.target as Float64Array,
    targetFlow,
    sampled: evaluator.recentFrequency(),
    learnedVisit,
    labelOf: (state, node) => (graph && node >= 0 ? graph.nodes[node].label : labels(state) ?? dag.keys[state]),
  });
}

/**
 * What the run counts as discovered (src/train/discovery.ts): modes by the declared isMode (counted over every
 * terminal when the DAG is enumerated), else near the largest R^beta of an enumerated DAG, else none.
 */
function discoveryOf<S, A>(env: EnvironmentSpec<S, A>, dag: Dag<S, A>, graph: { states: S[]; keys: readonly string[]; logReward: Float64Array }, beta: number): Discovery {
  const isMode = ensureGuarded(env).isMode;
  const logRewardOf = (x: number) => graph.logReward[x];
  if (isMode) {
    const predicate = modePredicate(isMode, graph);
    if (!dag.complete) return new Discovery(logRewardOf, predicate, null, 'isMode');
    const modes = declaredModes(dag, predicate);
    return new Discovery(logRewardOf, (x) => modes.flags[x] === 1, modes.count, 'isMode');
  }
  if (!dag.complete) return new Discovery(logRewardOf, null, null, null);
  const modes = nearMaxModes(dag, beta);
  return new Discovery(logRewardOf, (x) => modes.flags[x] === 1, modes.count, 'near-max');
}

/**
 * render(s) of a state of the training graph, through the guarded environment (user code runs nowhere else), kept
 * per state; undefined without render or when it fails (a failing render must not cost the run: the key stands in).
 */
function labeller<S, A>(env: EnvironmentSpec<S, A>, graph: { states: S[] }): (state: number) => string | undefined {
  const guarded = ensureGuarded(env);
  const render = guarded.render;
  const known = new Map<number, string | undefined>();
  return (state) => {
    if (!render) return undefined;
    if (known.has(state)) return known.get(state);
    let label: string | undefined;
    try {
      label = render(graph.states[state]);
    } catch (error) {
      if (!(error instanceof UserCodeError)) throw error;
    }
    known.set(state, label);
    return label;
  };
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
