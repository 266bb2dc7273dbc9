/**
 * The typed messages of GFlowNet Studio. One direction of data: the engine (in the sandbox process) reports to its host
 * (the CLI or the extension), and the extension forwards what the panel draws to the webview.
 * Shape after microsoft/vscode-hexeditor: discriminated unions on `type`.
 */
import type { ObjectiveName } from './objectives';

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics and validation

export type Severity = 'error' | 'warning' | 'information';

/** Stable diagnostic codes: each has a file in examples/broken/ and a unit test. */
export type DiagnosticCode =
  | 'compile-error'
  | 'missing-default-export'
  | 'invalid-environment'
  | 'user-exception'
  | 'time-limit'
  | 'memory-limit'
  | 'cycle'
  | 'nondeterministic-step'
  | 'action-outside-space'
  | 'duplicate-action'
  | 'invalid-reward'
  | 'zero-reward'
  | 'invalid-encoding'
  | 'parents-mismatch'
  | 'state-budget-exceeded'
  | 'process-exit'
  | 'async-function'
  | 'unidentifiable-state';

/** A place in the .gfn.ts file; lines and columns are 1-based. */
export interface SourceLocation {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface RelatedInformation extends SourceLocation {
  message: string;
}

export interface Diagnostic extends SourceLocation {
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  related?: RelatedInformation[];
}

export interface ValidationSummary {
  name: string;
  /** Distinct states reachable from s0, s0 included (explored ones when incomplete). */
  states: number;
  edges: number;
  /** Terminal objects: sinks and states where canStop holds. */
  terminals: number;
  /** log Z = log sum_x R(x) (of R itself: a run's reward exponent is not applied); null when the DAG is incomplete or has no positive reward. */
  logZ: number | null;
  maxDepth: number;
  complete: boolean;
}

export interface ValidationResult {
  ok: boolean;
  summary: ValidationSummary | null;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------------------------
// The flow graph: the DAG as the panel draws it

export interface GraphNode {
  /** The state's id in the explored DAG (BFS order). */
  state: number;
  key: string;
  /** render(s) when declared (plain text or SVG), else the key. */
  label: string;
  depth: number;
  terminal: boolean;
  /** R(x) for terminal nodes, when a double holds it (0 for a zero reward; absent beyond about e^+-709). */
  reward?: number;
  /** log R(x) for terminal nodes with a positive reward: what the engine computes with. */
  logReward?: number;
  /** p*(x) = R(x)^beta / Z_beta for terminal nodes of a complete DAG (beta: the run's reward exponent, 1 outside training). */
  target?: number;
  /** Exact state flow F(s) under the uniform backward policy (of R^beta); absent where a double cannot hold it. */
  exactFlow?: number;
}

export interface GraphEdge {
  /** The edge's id in the explored DAG. */
  edge: number;
  /** Indices into FlowGraph.nodes. */
  source: number;
  target: number;
  action: string;
  /** Exact edge flow F(s -> s') under the uniform backward policy (of R^beta); absent where a double cannot hold it. */
  exactFlow?: number;
}

export interface FlowGraph {
  name: string;
  /** False when the DAG had more nodes than the graph may carry: then only its highest-flow part is here. */
  whole: boolean;
  /** Counts of the whole DAG. */
  totalStates: number;
  totalEdges: number;
  /** Terminal states of the whole DAG (graphs stored before it: absent; count the drawn ones then). */
  totalTerminals?: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** log Z_beta = log sum_x R(x)^beta; null when not exact or no reward is positive. */
  logZ: number | null;
  /** A training run's reward exponent, when it is not 1: targets, flows and log Z are those of R^beta. */
  beta?: number;
  complete: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Training

/** The objectives are declared in the registry, shared/objectives.ts. */
export type { ObjectiveName };

/** 'native' and 'cuda': the policy network on onnxruntime (src/train/compute.ts); the others: TensorFlow.js backends. */
export type BackendName = 'native' | 'cuda' | 'wasm' | 'cpu' | 'node';

export interface TrainConfig {
  loss: ObjectiveName;
  iterations: number;
  batchSize: number;
  learningRate: number;
  learningRateLogZ: number;
  hidden: number;
  layers: number;
  backward: 'uniform' | 'learned';
  /**
   * The forward policy's stop logit where a state may stop: 'reward' adds the state's training log-reward (beta log R)
   * to the network's output, 'free' is the output alone (src/train/heads.ts; flow matching's stop logit is log R itself).
   */
  stopLogit: 'reward' | 'free';
  /** Decay of the exponential moving average of the policy weights used for evaluation and sampling (src/train/average.ts); 0: the last iterate. */
  average: number;
  /** Probability of a uniformly random action at each step of a training trajectory. */
  epsilon: number;
  /** Logits are divided by this when sampling training trajectories. */
  temperature: number;
  seed: number;
  /** SubTB's lambda: weight lambda^(j-i) for the sub-trajectory from i to j. */
  lambda: number;
  /** alpha of the Renyi and Tsallis divergences. */
  alpha: number;
  /** Fraction of each batch replayed from a reward-prioritized buffer (0 disables replay). */
  replay: number;
  /**
   * The reward exponent: the run trains towards R(x)^beta / Z_beta (beta log R in log space), and its target, exact
   * TV, log Z and modes are those of R^beta. 1 for runs stored before it existed.
   */
  beta: number;
  backend?: BackendName;
  /** Terminal samples drawn from the trained policy at the end. */
  samples: number;
  /** Iterations between progress reports and flow snapshots. */
  reportEvery: number;
}

/** One of the most frequent recently sampled terminal objects (reported for DAGs too large to enumerate). */
export interface SampledObject {
  key: string;
  /** R(x), as GraphNode.reward: when a double holds it (0 for a zero reward). */
  reward?: number;
  /** log R(x) for a positive reward, as GraphNode.logReward (absent in runs stored before it existed). */
  logReward?: number;
  /** Share of the recent training samples. */
  frequency: number;
  /** render(x) when declared (plain text or sanitised SVG), for the gallery. */
  label?: string;
}

/** How a run tells modes (src/train/discovery.ts): the environment's isMode, or R^beta >= 0.9 max R^beta (enumerated DAGs). */
export type ModeRule = 'isMode' | 'near-max';

/**
 * What training discovered among the terminal objects it sampled (src/train/discovery.ts). The optional fields are
 * absent in runs stored before they existed.
 */
export interface DiscoveryFigures {
  /** Distinct sampled objects that are modes; null when the run has no rule for modes (no isMode, DAG not enumerated). */
  modesFound: number | null;
  /** How many modes there are, counted over every terminal of an enumerated DAG; null when unknown. */
  modes?: number | null;
  modeRule?: ModeRule | null;
  /** Distinct terminal objects sampled so far. */
  distinctSampled?: number;
  /**
   * log of the mean R of the k distinct sampled objects with the largest R (the user's reward, in log space: rewards
   * of e^800 stay finite), for k = 10 and 100; null until k distinct objects were sampled.
   */
  logMeanRewardTop?: { 10: number | null; 100: number | null };
}

export interface TrainProgress extends DiscoveryFigures {
  iteration: number;
  iterations: number;
  loss: number;
  logZ: number;
  /** Exact TV / JSD between the learned terminal distribution and the target; null when not enumerable. */
  tv: number | null;
  jsd: number | null;
  /**
   * TV between the empirical distribution of the recent training samples (the last 4,096 terminals, drawn with the
   * run's exploration) and the target: a training-time figure, not the delivered policy's (TrainSummary.empiricalTv).
   */
  empiricalTv: number | null;
  trajectories: number;
  trajectoriesPerSecond: number;
  seconds: number;
  /** Incomplete DAGs only: the most frequent recent samples (exact metrics are unavailable there). */
  sampled?: SampledObject[];
  /**
   * Every diagnosis raised so far in this run (exact DAGs), in the order raised, each with the numbers of the last
   * report where it held; a face announces the codes it has not announced yet (src/train/diagnosis.ts).
   */
  diagnosis?: Diagnosis[];
}

/** Learned quantities indexed like FlowGraph.nodes and FlowGraph.edges. */
export interface FlowSnapshot {
  iteration: number;
  /** Learned edge flow F(s -> s') = u(s) P_F(s' | s) * Z_learned, u the probability of reaching s. */
  edgeFlow: number[];
  stateFlow: number[];
  /** The learned policy's exact probability of each terminal node (0 for non-terminal nodes). */
  terminalProb: number[];
  /** Frequency of each node among recently sampled terminals. */
  sampledFreq: number[];
  /**
   * The state inspector's numbers (complete DAGs; absent otherwise). Per edge, FlowGraph.edges order: the learned
   * P_F(s' | s), the backward policy in use P_B(s | s') (learned, or 1 / |parents(s')|), and the target's: the exact
   * P_F and edge flow of the unique flow consistent with R and that P_B. Per node: the learned and target P_F(stop | s).
   */
  inspector?: PolicyInspection;
  /** The terminal mass per cell of the environment's `project` (enumerated DAGs that declare it; absent otherwise). */
  projection?: ProjectedMass;
}

/**
 * Terminal mass summed per cell [i, j] of `project(x)` (src/train/projection.ts), row-major (cell i * cols + j):
 * the target R(x)^beta / Z, the learned policy's exact P(x), the recent samples' frequency. Each sums to 1.
 */
export interface ProjectedMass {
  rows: number;
  cols: number;
  target: number[];
  learned: number[];
  sampled: number[];
}

export interface PolicyInspection {
  forwardProb: number[];
  backwardProb: number[];
  targetForwardProb: number[];
  /** The target edge flow F*(s -> s') of the P_B in use: what the panel colours the learned edgeFlow against. */
  targetEdgeFlow: number[];
  stopProb: number[];
  targetStopProb: number[];
  /**
   * Where the policy is wrong, over the whole DAG (not only the drawn part), largest first (at most 20):
   * weight = u*(s) * TV(P_F(.|s), P_F*(.|s)), u*(s) the target's probability of visiting s. Their sum over all
   * states bounds the TV of the terminal distributions (a coupling argument), so the top rows explain the error.
   */
  deviations: PolicyDeviation[];
  /** Terminal mass per depth over the whole DAG: the target's, the learned policy's, the recent samples'. */
  depthMass: DepthMass[];
}

export interface PolicyDeviation {
  /** The state's id in the explored DAG, and its index in FlowGraph.nodes (-1 when it is not drawn). */
  state: number;
  node: number;
  key: string;
  label: string;
  /** u*(s), the target policy's probability of visiting s. */
  visit: number;
  /** TV between the learned and the target action distributions at s (stop included). */
  tv: number;
  /** visit * tv. */
  weight: number;
}

export interface DepthMass {
  depth: number;
  target: number;
  learned: number;
  sampled: number;
  /**
   * P_F(stop | s) averaged over the states of this depth weighted by the probability of visiting them, the target
   * policy's (u*, P_F*) and the learned one's: the terminal mass at the depth over the visit mass at the depth.
   * Absent in snapshots stored before it existed.
   */
  targetStop?: number;
  learnedStop?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Training diagnosis (src/train/diagnosis.ts, docs/diagnosis.md): what is wrong with a run, where, what to try

export type DiagnosisCode = 'collapse' | 'stop-depth' | 'log-z' | 'modes-lost';

/** One training option to change, named both ways so that each face words it (the CLI its flag, VS Code its setting). */
export interface SuggestedSetting {
  /** The TrainConfig key (src/train/config.ts TRAIN_OPTIONS). */
  key: keyof TrainConfig;
  value: string;
  /** `--epsilon` */
  flag: string;
  /** `gflownet.train.epsilon` */
  setting: string;
}

/** What to try: settings changed together, and what that change measured (a sentence that names no option). */
export interface Suggestion {
  settings: SuggestedSetting[];
  measured: string;
}

/** An object of the DAG as a diagnosis cites it: its key, its label when render declared one, target and learned P(x). */
export interface DiagnosedObject {
  key: string;
  label?: string;
  target: number;
  learned: number;
}

export interface CollapseEvidence {
  /** The exact TV now, and the TV `stalledReports` reports ago (it has not improved beyond the margin since). */
  tv: number;
  tvBefore: number;
  stalledSince: number;
  /** The mean loss over the report windows at the start of the stall and now. */
  lossBefore: number;
  loss: number;
  /** The target mass on objects the policy gives less than `missedBelow`. */
  missedMass: number;
  missedBelow: number;
  /** The missed object of the largest target probability. */
  example: DiagnosedObject;
}

export interface StopDepthEvidence {
  /** TV between the target's and the policy's distribution of the depth of terminal objects. */
  depthTv: number;
  /** Per depth: terminal mass and stop probability, the target's and the policy's. */
  rows: DepthMass[];
}

export interface LogZEvidence {
  learned: number;
  true: number;
}

export interface ModesLostEvidence {
  /** Modes sampled so far (training and final samples), and how many of them the policy now gives < `missedBelow`. */
  found: number;
  lost: number;
  missedBelow: number;
  /** The lost mode of the largest target probability. */
  example: DiagnosedObject;
}

interface DiagnosisOf<C extends DiagnosisCode, E> {
  code: C;
  /** One line with the numbers: what is wrong and where. */
  message: string;
  evidence: E;
  /** What to try, best measured first; empty when no measured change applies to this run's settings. */
  suggestion: Suggestion[];
  /** The iteration of the report that found it. */
  iteration: number;
}

export type Diagnosis =
  | DiagnosisOf<'collapse', CollapseEvidence>
  | DiagnosisOf<'stop-depth', StopDepthEvidence>
  | DiagnosisOf<'log-z', LogZEvidence>
  | DiagnosisOf<'modes-lost', ModesLostEvidence>;

// ---------------------------------------------------------------------------------------------------------------
// Comparing objectives and runs (gfn compare, GFlowNet: Compare Objectives, the runs view)

/** One point of a run's curve, as comparison.json stores it. */
export interface CurvePoint {
  iteration: number;
  trajectories: number;
  seconds: number;
  tv: number | null;
  logZ: number;
  loss: number;
  /** Modes found by then (DiscoveryFigures); null without a rule for modes, absent in comparisons stored before it. */
  modesFound?: number | null;
  /** How many modes there are (DiscoveryFigures.modes); null when unknown. */
  modes?: number | null;
}

export type ComparisonRunStatus = 'queued' | 'running' | 'done' | 'cancelled' | 'failed';

export interface ComparisonRun {
  loss: ObjectiveName;
  seed: number;
  /** The run directory (src/run/runStore.ts), relative to the comparison's directory. */
  dir: string;
  /** summary.json of the run once it ended; null before. */
  summary: TrainSummary | null;
  curve: CurvePoint[];
  status: ComparisonRunStatus;
  /** One line, when the run failed. */
  error?: string;
}

/** DIR/comparison.json of `gfn compare`: every objective x seed on one environment, with the same settings. */
export interface Comparison {
  /** The environment's name and file. */
  name: string;
  file: string;
  /** log Z of the environment when exact; null otherwise. */
  trueLogZ: number | null;
  /** The settings shared by every run (loss and seed are per run). */
  config: TrainConfig;
  runs: ComparisonRun[];
}

/**
 * The noise floor of a sampled TV: the TV between the target p and the empirical distribution of n draws from p
 * itself (a perfect sampler), its exact mean and its standard deviation over perfect samplers.
 */
export interface NoiseFloor {
  mean: number;
  sd: number;
}

/** A level of equal reward over all terminal objects: R as GraphNode carries it, the masses of its objects. */
export interface RewardLevel {
  reward?: number;
  logReward?: number;
  count: number;
  target: number;
  learned: number;
  sampled: number | null;
}

/** A terminal object of the final report's table (TrainSummary.topObjects). */
export interface ObjectRow {
  key: string;
  reward?: number;
  logReward?: number;
  target: number;
  learned: number;
  sampled: number | null;
}

export interface TrainSummary extends DiscoveryFigures {
  loss: ObjectiveName;
  iterations: number;
  trajectories: number;
  seconds: number;
  trajectoriesPerSecond: number;
  /** The TensorFlow.js backend in use, described: "wasm (SIMD, 1 thread)". */
  backend: string;
  /** Its name, as --backend takes it. */
  backendName: BackendName;
  /** Compute threads of the backend (src/train/backend.ts backendThreads): 1 for wasm in Node and cpu, null for node. */
  threads: number | null;
  logZ: number;
  trueLogZ: number | null;
  tv: number | null;
  jsd: number | null;
  finalLoss: number;
  /**
   * TV between the final samples (samples.jsonl: `samples` draws of the delivered policy) and the target; null
   * without final samples (--samples 0) or when not enumerable. Runs stored before it: of the recent training samples.
   */
  empiricalTv: number | null;
  /** What a perfect sampler would show with as many samples (src/train/noiseFloor.ts); null where empiricalTv is. */
  empiricalTvNoiseFloor?: NoiseFloor | null;
  /** How many final samples were drawn (samples.jsonl's lines); 0 without --samples. */
  samples?: number;
  /**
   * The final report's tables over every terminal object (complete DAGs; absent otherwise and in older runs), from
   * the exact engine, not from the drawn graph: levels of equal reward (null beyond 12 levels) and the objects of
   * largest target. Their `sampled` is the frequency in the final samples, or in the recent training samples when
   * none were drawn (`tableSamples` says which).
   */
  rewardLevels?: RewardLevel[] | null;
  topObjects?: ObjectRow[];
  tableSamples?: 'final' | 'training';
  /** States and terminal objects known at the end (explored, plus those expanded on demand). */
  states: number;
  terminals: number;
  /** Exploration stopped at the state budget and training expanded states on demand. */
  expandedOnDemand: boolean;
  /** Incomplete DAGs only: the most frequent recent samples at the end of training. */
  sampled?: SampledObject[];
  /** Training raised beta log R(x) to at least this (src/train/tables.ts, LOG_REWARD_SPAN). */
  logRewardFloor: number;
  /** The configuration the run used (with the network shape of the checkpoint it resumed from). */
  config: TrainConfig;
  /** The diagnoses that still hold at the end (exact DAGs; absent in runs stored before it existed). */
  diagnosis?: Diagnosis[];
}

// ---------------------------------------------------------------------------------------------------------------
// Host <-> worker

export type ToWorker =
  /** `contents`: unsaved editor text to validate as if it were the file. */
  | { type: 'validate'; file: string; maxStates?: number; contents?: string; /** Also post the flow graph (Show Flow Graph before any training). */ graph?: boolean }
  | {
      type: 'train';
      file: string;
      config: TrainConfig;
      maxStates?: number;
      outDir?: string;
      /** A checkpoint directory (model.json + weights.bin) whose policy training starts from (or only samples, with 0 iterations). */
      resumeFrom?: string;
    }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'validated'; result: ValidationResult }
  | { type: 'graph'; graph: FlowGraph }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'flows'; snapshot: FlowSnapshot }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: TrainSummary; cancelled: boolean }
  | { type: 'error'; message: string; diagnostics?: Diagnostic[] };

// ---------------------------------------------------------------------------------------------------------------
// Extension <-> webview

export type ToWebview =
  /**
   * `run`: the run whose progress follows (its directory). A graph of another run starts new curves even when it is
   * the same environment; without `run` (the same graph shown again) the curves stay.
   */
  | { type: 'graph'; graph: FlowGraph; run?: string }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'flows'; snapshot: FlowSnapshot }
  | { type: 'status'; text: string }
  /** Shows (or updates, while its runs train) a comparison of runs in the panel's Compare view. */
  | { type: 'comparison'; comparison: Comparison };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportPng'; dataUrl: string }
  | { type: 'exportJson'; json: string }
  /** The panel finished its first full paint of a graph (webview/README.md): ms from receiving it, drawn counts. */
  | { type: 'rendered'; ms: number; nodes: number; edges: number };
