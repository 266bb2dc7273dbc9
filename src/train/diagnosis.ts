/**
 * The training diagnosis: what is wrong with a run, where, and what to try, from what a session already computes at
 * each progress report of an exact DAG (the exact TV, the learned and target terminal distributions, the mass and stop
 * probability per depth of src/train/inspection.ts, learned and true log Z, the loss). Pure functions; the session
 * keeps a RunDiagnosis, what each code suggests is src/train/diagnosisSuggestions.ts's, the faces word the result
 * (shared/diagnosisText.ts). The codes, their thresholds and the measurements behind each suggestion: docs/diagnosis.md.
 */
import type { DepthMass } from '../../shared/inspection';
import type { CollapseEvidence, Diagnosis, ModesLostEvidence, DiagnosedObject } from '../../shared/diagnosis';
import type { TrainConfig } from '../../shared/trainConfig';
import { formatFromLog, formatNumber, formatPercent } from '../../shared/format';
import { exploreSuggestions, logZSuggestions, modeSuggestions } from './diagnosisSuggestions';
import type { RewardBasins } from './rewardBasins';
import { collapseKind, DEPTH_SHARE, missedMass, missedModes, MISSED_BELOW } from './collapseKind';

export { MISSED_BELOW, missedMass };

/** One exact progress report as the diagnosis remembers it. */
export interface ReportPoint {
  iteration: number;
  /** Exact TV between the learned terminal distribution and the target. */
  tv: number;
  /** The mean loss over the iterations since the previous report (one iteration's loss is too noisy to compare). */
  loss: number;
  logZ: number;
  /** TV between the target's and the learned distribution of the depth of terminal objects. */
  depthTv: number;
  /** Modes sampled so far that the policy now gives less than MISSED_BELOW. */
  modesLost: number;
}

export interface DiagnosisInput {
  config: TrainConfig;
  /** Every exact report of the run so far, oldest first, the current one last. */
  history: readonly ReportPoint[];
  /** p*(x) and the learned P(x), indexed like dag.terminals. */
  target: ArrayLike<number>;
  learned: ArrayLike<number>;
  /** Key and label of the i-th terminal. */
  objectOf(i: number): { key: string; label?: string };
  /** Mass and stop probability per depth (src/train/inspection.ts depthProfile). */
  depth: DepthMass[];
  /** Exact log Z of the run's target (of R^beta); null when unknown. */
  trueLogZ: number | null;
  /** The modes sampled so far, as indices into target / learned (empty without a mode rule). */
  foundModes: readonly number[];
  /** The reward's basins over the terminals (src/train/rewardBasins.ts), asked for only when a collapse is found. */
  basins?: () => RewardBasins | null;
}

/** A collapse misses at least this share of the target: less is a slow tail, not a lost part of the support. */
export const COLLAPSE_MISSED_MASS = 0.2;
/** The TV has stalled when it improved by less than this fraction over the last STALL_REPORTS reports... */
export const STALL_MARGIN = 0.05;
export const STALL_REPORTS = 3;
/** ...while the mean loss fell by at least this fraction (so the loss curve tells the user that all is well). */
export const LOSS_DROP = 0.1;
/**
 * Depth TV above this is a stop problem: the depth is a function of the object, so the TV of the depth distributions
 * is a lower bound of the TV of the terminal distributions; 0.2 of it explained by the depth alone is a wrong stop
 * policy, not noise (healthy runs end with a whole TV of 0.02 or less, docs/objectives.md).
 */
export const DEPTH_TV = 0.2;
/** Learned log Z this many nats from the true one: Z off by a factor e^0.5 = 1.65. */
export const LOG_Z_NATS = 0.5;
/** ...unless it came this much closer to the true one over that window: log Z is still being learned. */
export const LOG_Z_CLOSING = 0.25;
/** stop-depth and log-z hold only when they held at this many reports in a row: the first reports of a healthy run are rough. */
export const PERSIST_REPORTS = 3;
/**
 * ...and over at least this many iterations, as the stall of the TV: with a report every 20 iterations, graph building
 * at the defaults stopped at the wrong depth for 60 iterations early in its run and smiley's TV waited 100 before it
 * fell, both healthy by the end (docs/diagnosis.md).
 */
export const MIN_SPAN = 200;

/** The diagnoses of the current report, in a fixed order: collapse, stop-depth, log-z, modes-lost. */
export function diagnose(input: DiagnosisInput): Diagnosis[] {
  const found: Diagnosis[] = [];
  const collapse = detectCollapse(input);
  if (collapse) found.push(collapse);
  const stop = detectStopDepth(input);
  if (stop) found.push(stop);
  const logZ = detectLogZ(input);
  if (logZ) found.push(logZ);
  const lost = detectModesLost(input);
  if (lost) found.push(lost);
  return found;
}

/**
 * The report at which the TV stalled: the earliest k, at least STALL_REPORTS reports and MIN_SPAN iterations back,
 * such that no later TV is below (1 - STALL_MARGIN) TV_k, nor at any report between k and STALL_REPORTS reports back.
 * Null when the TV is still improving (or too few reports).
 */
export function tvStallStart(history: readonly ReportPoint[]): number | null {
  const n = history.length;
  let start: number | null = null;
  // Walk back from STALL_REPORTS reports ago while no later TV beat the one at k by the margin.
  let laterMin = Infinity;
  for (let j = n - 1; j > n - 1 - STALL_REPORTS && j >= 0; j--) laterMin = Math.min(laterMin, history[j].tv);
  for (let k = n - 1 - STALL_REPORTS; k >= 0; k--) {
    if (laterMin < (1 - STALL_MARGIN) * history[k].tv) break;
    start = k;
    laterMin = Math.min(laterMin, history[k].tv);
  }
  return start !== null && history[n - 1].iteration - history[start].iteration >= MIN_SPAN ? start : null;
}

/**
 * Whether `holds` held at every report of the last PERSIST_REPORTS reports and of the last MIN_SPAN iterations (at
 * least a report MIN_SPAN iterations back, so that the window spans that many).
 */
export function heldThroughout(history: readonly ReportPoint[], holds: (p: ReportPoint) => boolean): boolean {
  const j = spanStart(history);
  return j >= 0 && history.slice(j).every(holds);
}

/** The first report of the window a code must hold over (PERSIST_REPORTS, MIN_SPAN); -1 while the run is shorter. */
function spanStart(history: readonly ReportPoint[]): number {
  const n = history.length;
  if (n < PERSIST_REPORTS) return -1;
  const now = history[n - 1].iteration;
  let j = n - PERSIST_REPORTS;
  while (j >= 0 && now - history[j].iteration < MIN_SPAN) j--;
  return j;
}

/** Whether the mean loss now is below the loss at report k by LOSS_DROP of its size. */
export function lossFellSince(history: readonly ReportPoint[], k: number): boolean {
  const before = history[k].loss;
  const now = history[history.length - 1].loss;
  return Number.isFinite(before) && Number.isFinite(now) && now < before - LOSS_DROP * Math.abs(before);
}

/** TV between the target's and the policy's distribution of the depth of terminal objects: 0.5 sum_d |p_d - q_d|. */
export function depthTotalVariation(rows: readonly DepthMass[]): number {
  let d = 0;
  for (const r of rows) d += Math.abs(r.learned - r.target);
  return 0.5 * d;
}

function detectCollapse(input: DiagnosisInput): Diagnosis | null {
  const { history } = input;
  const k = tvStallStart(history);
  if (k === null || !lossFellSince(history, k)) return null;
  const missed = missedMass(input.target, input.learned);
  if (missed.mass < COLLAPSE_MISSED_MASS || missed.example < 0) return null;
  const now = history[history.length - 1];
  const example: DiagnosedObject = { ...input.objectOf(missed.example), target: input.target[missed.example], learned: input.learned[missed.example] };
  const basins = now.depthTv >= DEPTH_SHARE * now.tv ? null : input.basins?.() ?? null;
  const found = basins ? missedModes(basins, input.target, input.learned) : null;
  const kind = collapseKind(now.tv, now.depthTv, missed.mass, found);
  let message =
    `the exact TV has stayed at ${formatNumber(now.tv, 3)} since iteration ${history[k].iteration} (it was ${formatNumber(history[k].tv, 3)}) ` +
    `while the loss fell from ${formatNumber(history[k].loss, 3)} to ${formatNumber(now.loss, 3)}: the policy gives less than ${MISSED_BELOW.toExponential()} ` +
    `to objects holding ${formatPercent(missed.mass)} of the target, e.g. ${shortKey(example.key)} (target ${formatPercent(example.target)}, learned ${formatNumber(example.learned, 2)})`;
  const evidence: CollapseEvidence = {
    tv: now.tv, tvBefore: history[k].tv, stalledSince: history[k].iteration, lossBefore: history[k].loss, loss: now.loss,
    missedMass: missed.mass, missedBelow: MISSED_BELOW, example, kind, depthTv: now.depthTv,
  };
  if (kind === 'depth') {
    message += `. The depth of the objects alone accounts for a TV of ${formatNumber(now.depthTv, 3)}: it is a collapse onto the wrong depth (stop-depth)`;
  } else if (kind === 'modes' && found) {
    const { peakIndex, ...rest } = found;
    const peak: DiagnosedObject = { ...input.objectOf(peakIndex), target: input.target[peakIndex], learned: input.learned[peakIndex] };
    evidence.modes = { ...rest, peak };
    const saddle = rest.saddleLogReward === null ? '' : `, separated from the mode it draws by objects of R at most ${formatFromLog(rest.saddleLogReward)}`;
    message += `. It is a collapse onto some of the reward's modes: the policy misses whole modes (regions of ascent to a local maximum of R) ` +
      `holding ${formatPercent(rest.targetMass)} of the target, the largest around ${shortKey(peak.key)} (R ${formatFromLog(rest.peakLogReward)})${saddle}`;
  }
  // The notification's gist: short (shared/diagnosisText.ts noticeText keeps it under about 160 characters).
  const gist = `${formatPercent(kind === 'modes' && evidence.modes ? evidence.modes.targetMass : missed.mass)} of the target never drawn (TV ${formatNumber(now.tv, 3)})`;
  const headline = kind === 'modes' && evidence.modes ? `whole modes missed, ${gist}` : kind === 'depth' ? `wrong stop depth, ${gist}` : gist;
  return {
    code: 'collapse',
    message,
    headline,
    evidence,
    suggestion: kind === 'modes' ? modeSuggestions(input.config) : exploreSuggestions(input.config),
    iteration: now.iteration,
  };
}

function detectStopDepth(input: DiagnosisInput): Diagnosis | null {
  const { history, depth: rows } = input;
  if (rows.length === 0 || !heldThroughout(history, (p) => p.depthTv > DEPTH_TV)) return null;
  const now = history[history.length - 1];
  // The depth the policy favours, and where the target's mass lies around it.
  const top = rows.reduce((a, b) => (b.learned > a.learned ? b : a));
  const shallower = rows.filter((r) => r.depth < top.depth);
  const deeper = rows.filter((r) => r.depth > top.depth);
  const sum = (rs: DepthMass[], f: (r: DepthMass) => number) => rs.reduce((s, r) => s + f(r), 0);
  const targetShallower = sum(shallower, (r) => r.target);
  const targetDeeper = sum(deeper, (r) => r.target);
  let message = `${formatPercent(top.learned)} of the policy's objects have depth ${top.depth}; the target puts ${formatPercent(top.target)} there`;
  if (targetShallower >= targetDeeper) {
    // The policy goes too deep: it does not stop where the target does.
    const held = shallower.filter((r) => r.target > 0);
    const learnedStop = Math.max(0, ...held.map((r) => r.learnedStop ?? 0));
    // Where the target stops most among them: its stop probability there says what the policy should do.
    const main = held.reduce((a, b) => (b.target > a.target ? b : a), held[0]);
    message += ` and ${formatPercent(targetShallower)} on shallower ones, where the policy almost never stops ` +
      `(stop probability at most ${formatNumber(learnedStop, 2)}; the target stops at depth ${main.depth} with probability ${formatNumber(main.targetStop, 2)})`;
  } else {
    message += ` and ${formatPercent(targetDeeper)} on deeper ones; the policy stops at depth ${top.depth} with probability ` +
      `${formatNumber(top.learnedStop, 2)}, the target with ${formatNumber(top.targetStop, 2)}`;
  }
  return {
    code: 'stop-depth',
    message,
    headline: `${formatPercent(top.learned)} of objects at depth ${top.depth}, target ${formatPercent(top.target)} there`,
    evidence: { depthTv: now.depthTv, rows },
    suggestion: exploreSuggestions(input.config),
    iteration: now.iteration,
  };
}

function detectLogZ(input: DiagnosisInput): Diagnosis | null {
  const { history, trueLogZ } = input;
  if (trueLogZ === null || !Number.isFinite(trueLogZ)) return null;
  const gap = (p: ReportPoint) => Math.abs(p.logZ - trueLogZ);
  const start = spanStart(history);
  if (start < 0 || !history.slice(start).every((p) => gap(p) > LOG_Z_NATS)) return null;
  const now = history[history.length - 1];
  // A log Z still closing on the true one is learning, not wrong: it starts at 0, and smiley's climbs 2.5 nats over
  // its first 350 iterations at the defaults (a warning at iteration 210 on the first run of the first example).
  if (gap(history[start]) - gap(now) >= LOG_Z_CLOSING) return null;
  const diff = now.logZ - trueLogZ;
  // Z_learned / Z: for TB, the share of the reward mass the policy balances (docs/objectives.md).
  const message = `the learned log Z ${formatNumber(now.logZ)} is ${formatNumber(Math.abs(diff), 3)} nats ${diff < 0 ? 'below' : 'above'} ` +
    `the true ${formatNumber(trueLogZ)} (Z learned / Z = ${formatNumber(Math.exp(diff), 3)})`;
  return {
    code: 'log-z',
    message,
    headline: `log Z ${formatNumber(Math.abs(diff), 3)} nats ${diff < 0 ? 'below' : 'above'} the true ${formatNumber(trueLogZ)}`,
    evidence: { learned: now.logZ, true: trueLogZ },
    suggestion: logZSuggestions(input.config),
    iteration: now.iteration,
  };
}

/** The modes sampled so far that the policy now gives less than MISSED_BELOW (indices into target / learned). */
export function lostModes(foundModes: readonly number[], learned: ArrayLike<number>): number[] {
  return foundModes.filter((i) => learned[i] < MISSED_BELOW);
}

/**
 * Modes that sampling found (with exploration, or earlier in the run) and that the delivered policy no longer draws:
 * the exact probability of each is known, so this is a fact, not a guess from a sample window; it must hold through
 * the persistence window (PERSIST_REPORTS reports, MIN_SPAN iterations) like the other codes.
 */
function detectModesLost(input: DiagnosisInput): Diagnosis | null {
  const { history } = input;
  if (!heldThroughout(history, (p) => p.modesLost > 0)) return null;
  const lost = lostModes(input.foundModes, input.learned);
  if (lost.length === 0) return null;
  const now = history[history.length - 1];
  const top = lost.reduce((a, b) => (input.target[b] > input.target[a] ? b : a));
  const example: DiagnosedObject = { ...input.objectOf(top), target: input.target[top], learned: input.learned[top] };
  const evidence: ModesLostEvidence = { found: input.foundModes.length, lost: lost.length, missedBelow: MISSED_BELOW, example };
  const message = `${lost.length} of the ${input.foundModes.length} modes sampled so far ${lost.length === 1 ? 'is' : 'are'} no longer drawn: ` +
    `the policy gives ${lost.length === 1 ? 'it' : 'each'} less than ${MISSED_BELOW.toExponential()}, e.g. ${shortKey(example.key)} ` +
    `(target ${formatPercent(example.target)}, learned ${formatNumber(example.learned, 2)})`;
  const headline = `${lost.length} of ${input.foundModes.length} sampled modes no longer drawn`;
  return { code: 'modes-lost', message, headline, evidence, suggestion: modeSuggestions(input.config), iteration: now.iteration };
}

/** A key of at most 60 characters, for a message. */
function shortKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
}

/**
 * A run's diagnosis across its reports: the history the detectors read, each code raised once, when first found (then
 * kept, with the numbers of the last report where it held), and at the end the ones that still hold.
 */
export class RunDiagnosis {
  private readonly history: ReportPoint[] = [];
  private readonly raised = new Map<string, Diagnosis>();
  private current: Diagnosis[] = [];

  private basins: RewardBasins | null | undefined;

  /** `basins`: the reward's basins over the terminals, computed on the first collapse that needs them (then kept). */
  constructor(private readonly config: TrainConfig, private readonly trueLogZ: number | null, private readonly basinsOf?: () => RewardBasins) {}

  /** Diagnoses one exact report; returns every diagnosis raised so far in the run, in the order raised. */
  report(
    point: Omit<ReportPoint, 'depthTv' | 'modesLost'>,
    target: ArrayLike<number>,
    learned: ArrayLike<number>,
    depth: DepthMass[],
    objectOf: DiagnosisInput['objectOf'],
    foundModes: readonly number[] = [],
  ): Diagnosis[] {
    this.history.push({ ...point, depthTv: depthTotalVariation(depth), modesLost: lostModes(foundModes, learned).length });
    const basins = () => (this.basins === undefined ? (this.basins = this.basinsOf?.() ?? null) : this.basins);
    this.current = diagnose({ config: this.config, history: this.history, target, learned, objectOf, depth, trueLogZ: this.trueLogZ, foundModes, basins });
    for (const d of this.current) this.raised.set(d.code, d);
    return [...this.raised.values()];
  }

  /** The diagnoses of the last report: those that hold at the end of the run. */
  holding(): Diagnosis[] {
    return this.current;
  }
}
