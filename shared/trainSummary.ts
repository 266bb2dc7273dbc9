/**
 * The summary of a finished run (summary.json, the done message): its figures against the exact target, the final
 * samples' TV with its noise floor, the final report's tables and the diagnoses that still hold.
 */
import type { Diagnosis } from './diagnosis';
import type { ObjectiveName } from './objectives';
import type { BackendName, TrainConfig } from './trainConfig';
import type { DiscoveryFigures, SampledObject } from './trainProgress';

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
  /** The reward distribution of the final samples, or of the recent training samples without them (src/train/rewardDistribution.ts); absent in older runs and when nothing was sampled. */
  rewardDistribution?: RewardDistribution;
}

/** Shares of samples (and of the target, where enumerated) per bin of log R (src/train/rewardDistribution.ts). */
export interface RewardDistribution {
  /**
   * True: one bin per distinct log R, `edges` holds those values. False: bin k is [edges[k], edges[k + 1]) (the last
   * closed); the first bin may be wider: it holds the tail below where 99.9% of the mass lies. Ascending.
   */
  levels: boolean;
  edges: number[];
  /** Share of the samples per bin, and of the target R^beta / Z (null when not enumerated). */
  sampled: number[];
  target: number[] | null;
  /** Share of the samples with R = 0 (in no bin). */
  zeroReward: number;
  /** Mean log R of the samples (over those with R > 0) and under the target. */
  meanLogReward: { sampled: number | null; target: number | null };
  /** How many samples, and which: the delivered policy's final samples, or the recent training samples (with exploration). */
  samples: number;
  source: 'final' | 'training';
}

