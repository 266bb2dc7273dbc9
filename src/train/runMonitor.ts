/**
 * What a training session watches and reports (session.ts runs it): the exact evaluation of the delivered policy,
 * what sampling discovered, the diagnosis over report windows, and each report's progress and flow snapshot (with
 * the inspector and the panel's heatmaps) posted to the host and appended to the run directory.
 */
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { inUnits, learnedFlows, logPartitionFunction, rewardFields, uniformBackwardPolicy, visitProbabilities } from '../dag/exact';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FlowSnapshot } from '../../shared/flowSnapshot';
import type { PolicyInspection } from '../../shared/inspection';
import type { TrainConfig } from '../../shared/trainConfig';
import type { SampledObject, TrainProgress } from '../../shared/trainProgress';
import type { RunWriter } from '../run/runStore';
import { allLogProbs, backwardFromLogProbs, Evaluator, policyOutputs, type ExactEvaluation } from './evaluate';
import { declaredModes, Discovery, modePredicate, nearMaxModes } from './discovery';
import { projectedMass, projectTerminals } from './projection';
import { policyInspection, targetOfBackward, type TargetOfBackward } from './inspection';
import { RunDiagnosis } from './diagnosis';
import { rewardBasins } from './rewardBasins';
import { ensureGuarded } from '../userCode/guardedEnvironment';
import { UserCodeError } from '../userCode/errors';
import type { StepResult, Trainer } from './trainer';

/** Which DAG states and edges the snapshots cover, in FlowGraph order (the whole DAG when no graph is given). */
interface SnapshotIndex {
  nodes: ArrayLike<number>;
  edges: ArrayLike<number>;
}

export class RunMonitor<S, A> {
  readonly evaluator: Evaluator;
  readonly discovery: Discovery;
  readonly trueLogZ: number | null;
  readonly diagnosis: RunDiagnosis | null;
  private readonly labels: (state: number) => string | undefined;
  private readonly projection: ReturnType<typeof projectTerminals> | null;
  private readonly index: SnapshotIndex;
  private readonly started = performance.now();
  private uniformTarget: TargetOfBackward | null = null;
  /** The diagnosis compares mean losses over report windows (src/train/diagnosis.ts). */
  private windowLoss = 0;
  private windowIterations = 0;
  trajectories = 0;
  lastLoss = NaN;
  lastLogZ = NaN;
  last: TrainProgress | null = null;
  lastSnapshot: FlowSnapshot | null = null;
  lastExact: ExactEvaluation | null = null;

  constructor(
    env: EnvironmentSpec<S, A>,
    private readonly dag: Dag<S, A>,
    private readonly trainer: Trainer<S, A>,
    private readonly config: TrainConfig,
    private readonly post: (progress: TrainProgress, snapshot: FlowSnapshot) => void,
    private readonly graph?: FlowGraph,
  ) {
    const anyDag = dag as Dag<unknown, unknown>;
    // The run's target is R^beta / Z_beta: the TV, log Z, modes, flows and the inspector measure against it.
    const beta = config.beta ?? 1;
    this.evaluator = new Evaluator(anyDag, undefined, beta);
    this.discovery = discoveryOf(env, dag, trainer.onDemand ?? dag, beta);
    this.labels = labeller(env, trainer.onDemand ?? dag);
    this.trueLogZ = this.evaluator.exact ? logPartitionFunction(anyDag, beta) : null;
    // The panel's heatmaps: every terminal's cell, once (enumerated DAGs with a declared project).
    const project = ensureGuarded(env).project;
    this.projection = project && this.evaluator.exact ? projectTerminals(dag, project) : null;
    this.index = graph
      ? { nodes: graph.nodes.map((n) => n.state), edges: graph.edges.map((e) => e.edge) }
      : { nodes: Int32Array.from(dag.states, (_, i) => i), edges: Int32Array.from(dag.edgeChild, (_, i) => i) };
    this.diagnosis = this.evaluator.exact ? new RunDiagnosis(config, this.trueLogZ, () => rewardBasins(anyDag)) : null;
  }

  /** Seconds since the monitor started (the training time). */
  seconds(): number {
    return (performance.now() - this.started) / 1000;
  }

  record(step: StepResult): void {
    this.trajectories += step.terminals.length;
    this.lastLoss = step.loss;
    this.windowLoss += step.loss;
    this.windowIterations++;
    this.evaluator.record(step.terminals);
    this.discovery.record(step.terminals);
  }

  /** The most frequent recently sampled objects (DAGs too large to enumerate). */
  topSampled(): SampledObject[] | undefined {
    const graphOf = this.trainer.graph;
    return this.dag.complete ? undefined : this.evaluator.topRecent(10).map(([x, frequency]) => {
      const object: SampledObject = { key: graphOf.keys[x], ...rewardFields(graphOf.logReward[x]), frequency };
      const label = this.labels(x);
      if (label !== undefined) object.label = label;
      return object;
    });
  }

  /** The progress and flow snapshot at `iteration`: posted, and appended to the run directory by `out`. */
  report(iteration: number, out: RunWriter | null): void {
    const { trainer, evaluator, dag, config } = this;
    const anyDag = dag as Dag<unknown, unknown>;
    const seconds = this.seconds();
    // The delivered policy's log Z, consistent with the exact TV and the flows reported beside it.
    this.lastLogZ = trainer.deliveredLogZ();
    const probs = evaluator.exact ? allLogProbs(trainer.policy, trainer.tables, trainer.stop, config.backward === 'learned', policyOutputs(trainer.policy, trainer.engine)) : null;
    const exact = probs ? evaluator.exactEvaluation(probs.logPF, trainer.tables) : null;
    this.lastExact = exact;
    const last: TrainProgress = {
      iteration,
      iterations: config.iterations,
      loss: this.lastLoss,
      logZ: this.lastLogZ,
      tv: exact ? exact.tv : null,
      jsd: exact ? exact.jsd : null,
      empiricalTv: evaluator.empiricalTv(),
      ...this.discovery.figures(),
      trajectories: this.trajectories,
      trajectoriesPerSecond: seconds > 0 ? this.trajectories / seconds : 0,
      seconds,
      sampled: this.topSampled(),
    };
    const reach = exact && dag.topoOrder ? visitProbabilities(anyDag, exact.policy) : null;
    const lastSnapshot = snapshot(anyDag, this.index, evaluator, exact, reach, this.lastLogZ, iteration);
    if (this.projection && exact && evaluator.target) {
      const recent = evaluator.recentFrequency();
      lastSnapshot.projection = projectedMass(this.projection, evaluator.target, exact.learned, Float64Array.from(dag.terminals, (x) => recent[x]));
    }
    if (exact && reach && evaluator.target) {
      const beta = config.beta ?? 1;
      const target = probs?.logPB
        ? targetOfBackward(anyDag, backwardFromLogProbs(anyDag, trainer.tables, probs.logPB), beta)
        : (this.uniformTarget ??= targetOfBackward(anyDag, uniformBackwardPolicy(anyDag), beta));
      const inspector = inspect(anyDag, this.index, exact, reach, evaluator, target, this.graph, this.labels);
      lastSnapshot.inspector = inspector;
      const loss = this.windowIterations > 0 ? this.windowLoss / this.windowIterations : this.lastLoss;
      const keys = trainer.graph.keys;
      last.diagnosis = this.diagnosis?.report({ iteration, tv: exact.tv, loss, logZ: this.lastLogZ }, evaluator.target, exact.learned, inspector.depthMass, (i) => {
        const x = anyDag.terminals[i];
        const label = this.labels(x);
        // An SVG drawing is no text for a message: the key stands in.
        return label === undefined || label.includes('<') ? { key: keys[x] } : { key: keys[x], label };
      }, this.discovery.foundModes().map((x) => evaluator.terminalIndex[x]));
    }
    this.windowLoss = 0;
    this.windowIterations = 0;
    this.last = last;
    this.lastSnapshot = lastSnapshot;
    this.post(last, lastSnapshot);
    out?.appendProgress(last);
  }
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
