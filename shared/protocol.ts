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
  /** log Z = log sum_x R(x); null when the DAG is incomplete or has no positive reward. */
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
  /** R(x) for terminal nodes. */
  reward?: number;
  /** p*(x) = R(x) / Z for terminal nodes of a complete DAG. */
  target?: number;
  /** Exact state flow F(s) under the uniform backward policy. */
  exactFlow?: number;
}

export interface GraphEdge {
  /** The edge's id in the explored DAG. */
  edge: number;
  /** Indices into FlowGraph.nodes. */
  source: number;
  target: number;
  action: string;
  /** Exact edge flow F(s -> s') under the uniform backward policy. */
  exactFlow?: number;
}

export interface FlowGraph {
  name: string;
  /** False when the DAG had more nodes than the graph may carry: then only its highest-flow part is here. */
  whole: boolean;
  /** Counts of the whole DAG. */
  totalStates: number;
  totalEdges: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  logZ: number | null;
  complete: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Training

/** The objectives are declared in the registry, shared/objectives.ts. */
export type { ObjectiveName };

export type BackendName = 'wasm' | 'cpu' | 'node';

export interface TrainConfig {
  loss: ObjectiveName;
  iterations: number;
  batchSize: number;
  learningRate: number;
  learningRateLogZ: number;
  hidden: number;
  layers: number;
  backward: 'uniform' | 'learned';
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
  backend?: BackendName;
  /** Terminal samples drawn from the trained policy at the end. */
  samples: number;
  /** Iterations between progress reports and flow snapshots. */
  reportEvery: number;
}

/** One of the most frequent recently sampled terminal objects (reported for DAGs too large to enumerate). */
export interface SampledObject {
  key: string;
  reward: number;
  /** Share of the recent training samples. */
  frequency: number;
}

export interface TrainProgress {
  iteration: number;
  iterations: number;
  loss: number;
  logZ: number;
  /** Exact TV / JSD between the learned terminal distribution and the target; null when not enumerable. */
  tv: number | null;
  jsd: number | null;
  /** TV between the empirical distribution of recent samples and the target. */
  empiricalTv: number | null;
  modesFound: number;
  trajectories: number;
  trajectoriesPerSecond: number;
  seconds: number;
  /** Incomplete DAGs only: the most frequent recent samples (exact metrics are unavailable there). */
  sampled?: SampledObject[];
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
}

export interface TrainSummary {
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
  /** TV between the recently sampled terminals and the target; null when not enumerable. */
  empiricalTv: number | null;
  /** Distinct sampled objects with at least 0.9 of the largest reward (of the target on a complete DAG). */
  modesFound: number;
  /** How many objects have at least 0.9 of the largest reward; null when the DAG is incomplete. */
  modes: number | null;
  /** States and terminal objects known at the end (explored, plus those expanded on demand). */
  states: number;
  terminals: number;
  /** Exploration stopped at the state budget and training expanded states on demand. */
  expandedOnDemand: boolean;
  /** Incomplete DAGs only: the most frequent recent samples at the end of training. */
  sampled?: SampledObject[];
  /** Training raised log R(x) to at least this (src/train/tables.ts, LOG_REWARD_SPAN). */
  logRewardFloor: number;
  /** The configuration the run used (with the network shape of the checkpoint it resumed from). */
  config: TrainConfig;
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
  | { type: 'graph'; graph: FlowGraph }
  | { type: 'progress'; progress: TrainProgress }
  | { type: 'flows'; snapshot: FlowSnapshot }
  | { type: 'status'; text: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'exportPng'; dataUrl: string }
  | { type: 'exportJson'; json: string }
  /** The panel finished its first full paint of a graph (webview/README.md): ms from receiving it, drawn counts. */
  | { type: 'rendered'; ms: number; nodes: number; edges: number };
