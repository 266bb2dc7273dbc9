/**
 * The training diagnosis (src/train/diagnosis.ts, docs/diagnosis.md): what is wrong with a run, where, what to try.
 * Worded for each face by shared/diagnosisText.ts.
 */
import type { DepthMass } from './inspection';
import type { TrainConfig } from './trainConfig';

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
  /**
   * Which collapse (src/train/diagnosis.ts collapseKind): onto the wrong depth (the depth of the objects accounts for
   * at least half the TV), onto some of the reward's separated modes (whole modes missed hold at least half the missed
   * mass), or neither. Absent in runs stored before it.
   */
  kind?: CollapseKind;
  /** TV between the target's and the policy's distribution of the depth of terminal objects. */
  depthTv?: number;
  /** The reward's modes (basins of steepest ascent, src/train/rewardBasins.ts) the policy misses; kind 'modes' only. */
  modes?: MissedModesEvidence;
}

export type CollapseKind = 'depth' | 'modes' | 'support';

export interface MissedModesEvidence {
  /** Local maxima of R among the terminal objects (each with its basin), and how many of them the policy misses. */
  modes: number;
  missed: number;
  /** The target mass of the missed modes' basins, and the policy's. */
  targetMass: number;
  learnedMass: number;
  /** The missed peak of the largest basin target mass. */
  peak: DiagnosedObject;
  /** log R at the peak and at the saddle to the modes the policy draws (null when no path of neighbours joins them). */
  peakLogReward: number;
  saddleLogReward: number | null;
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
  /** The gist in a few words with its key number, for a notification (absent in runs stored before it). */
  headline?: string;
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
