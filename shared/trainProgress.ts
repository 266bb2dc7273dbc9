/**
 * What a training run reports while it runs (metrics.jsonl, the progress messages): its figures at each report, what
 * sampling discovered (modes, distinct objects, top-k reward) and the most frequent recent samples.
 */
import type { Diagnosis } from './diagnosis';

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
