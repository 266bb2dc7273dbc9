/**
 * What the accuracy, profile and objective benchmarks share: an in-process training run of ours with the exact TV
 * every `evalEvery` trajectories (the evaluation's time is left out of the training time, as for torchgfn), and a
 * profile of one run by phase (sampling, forward of the loss, backward, optimizer, exact evaluation), taken by
 * wrapping the trainer's own methods (no change to the trainer).
 */
import { execFileSync } from 'node:child_process';
import type { EnvironmentSpec } from '../src/authoring/api';
import type { Dag } from '../src/dag/dag';
import { explore } from '../src/dag/explore';
import type { TrainConfig } from '../shared/trainConfig';
import { resolveTrainConfig, type TrainChoices } from '../src/train/config';
import { allLogProbs, Evaluator, policyOutputs } from '../src/train/evaluate';
import { encodeStates, Trainer } from '../src/train/trainer';
import type { ForwardPass, KeptSamplingRows } from '../src/train/engine';
import { mlpMacs } from './arithmetic';

export interface CurvePoint {
  trajectories: number;
  /** Training seconds up to this point (evaluations excluded). */
  seconds: number;
  tv: number;
}

export interface Reached {
  trajectories: number;
  seconds: number;
}

export interface CurveResult {
  points: CurvePoint[];
  /** First evaluation at or below each target TV, or null. */
  reached: (Reached | null)[];
  trajectoriesPerSecond: number;
  /** Exact TV at the point closest to `tvAt` trajectories. */
  tvAt: number | null;
  phases?: PhaseTimes;
}

export interface CurveOptions {
  choices: TrainChoices;
  /** Stop at this many trajectories. */
  maxTrajectories: number;
  /** Exact TV every this many trajectories (rounded to whole iterations). */
  evalEvery: number;
  targets: number[];
  /** Stop once every target is reached and at least `tvAt` trajectories are done (0: run to the cap). */
  stopEarly?: boolean;
  tvAt?: number;
  profile?: boolean;
}

/** Milliseconds per phase, summed over a run, and how many iterations and evaluations they cover. */
export interface PhaseTimes {
  sampling: number;
  forward: number;
  loss: number;
  backward: number;
  optimizer: number;
  /** The rest of the steps: building the batch's index tables, replay, the report's read-back. */
  other: number;
  /** Whole steps. */
  step: number;
  evaluation: number;
  evaluationForward: number;
  iterations: number;
  evaluations: number;
  /** The policy MLP's multiply-adds the engine ran in the steps (arithmetic.ts: rows forwarded and differentiated). */
  macs: number;
}

interface Explored<S, A> {
  env: EnvironmentSpec<S, A>;
  dag: Dag<S, A>;
  features: { data: Float32Array; dim: number } | null;
}

const cache = new Map<string, Explored<unknown, unknown>>();

/** Explores and encodes, once per environment name (the benchmarks' environments have distinct names). */
export function explored<S, A>(env: EnvironmentSpec<S, A>): Explored<S, A> {
  let e = cache.get(env.name);
  if (!e) {
    const { dag } = explore(env);
    const anyEnv = env as EnvironmentSpec<unknown, unknown>;
    const anyDag = dag as Dag<unknown, unknown>;
    e = { env: anyEnv, dag: anyDag, features: encodeStates(anyEnv, anyDag) };
    cache.set(env.name, e);
  }
  return e as unknown as Explored<S, A>;
}

/** What the profile wraps: the trainer's private objective pass and log Z optimizer, reached at run time. */
interface TrainerInsides {
  differentiate: (...args: unknown[]) => unknown;
  logZOptimizer: { step: (...args: unknown[]) => unknown };
  sampleWith: (...args: unknown[]) => unknown;
  kept: KeptSamplingRows | null;
}

/**
 * Wraps the trainer's phases with timers: sampling (its engine forwards and the JS sampler), the engine's forward of
 * the batch, the loss (the batch's index tables and the objective with its gradient in tfjs: the objective pass
 * minus the engine's forward and backward), the engine's backward, the optimizer (the engine's Adam and log Z's).
 * On the native engine the batch's pass is made of the sampling forwards' rows (keptRows.ts): its "forward of the
 * batch" is the forward of the rows sampling did not see and any gather. The multiply-adds are counted by rows.
 */
function instrument(trainer: Trainer<unknown, unknown>, times: PhaseTimes): { beginStep(): void; endStep(): void } {
  const t = trainer as unknown as TrainerInsides;
  const engine = trainer.engine as unknown as Record<'forward' | 'forwardForTraining' | 'backward' | 'step', (...args: unknown[]) => unknown>;
  const perRow = mlpMacs(trainer.model.config);
  const forwarded = (rows: unknown) => (times.macs += (rows as Int32Array).length * perRow.forward);
  let stepStart = 0;
  let inner = 0;
  const wrap = <F extends (...args: unknown[]) => unknown>(f: F, after: (ms: number) => void): F =>
    ((...args: unknown[]) => {
      const t0 = performance.now();
      const r = f(...args);
      after(performance.now() - t0);
      return r;
    }) as F;
  // The sampler with its row source: the engine's per-step forwards, or rows of the step's one pass of every state.
  t.sampleWith = wrap(t.sampleWith.bind(trainer), (ms) => (times.sampling += ms));
  const forwardOfBatch = (ms: number) => {
    times.forward += ms;
    inner += ms;
  };
  const counted = <F extends (rows: Int32Array) => unknown>(f: F) => ((rows: Int32Array) => (forwarded(rows), f(rows))) as F;
  engine.forward = counted(engine.forward.bind(trainer.engine));
  engine.forwardForTraining = wrap(counted(engine.forwardForTraining.bind(trainer.engine)), forwardOfBatch);
  if (t.kept) {
    t.kept.forward = counted(t.kept.forward.bind(t.kept));
    t.kept.passFor = wrap(t.kept.passFor.bind(t.kept) as (...args: unknown[]) => unknown, forwardOfBatch) as KeptSamplingRows['passFor'];
  }
  const backward = wrap(engine.backward.bind(trainer.engine), (ms) => {
    times.backward += ms;
    inner += ms;
  });
  engine.backward = (pass, dOutputs) => ((times.macs += (pass as ForwardPass).rows.length * perRow.backward), backward(pass, dOutputs));
  engine.step = wrap(engine.step.bind(trainer.engine), (ms) => (times.optimizer += ms));
  // The loss: the objective pass less the engine's forward and backward inside it (a whole-DAG step forwards before it).
  const differentiate = t.differentiate.bind(trainer);
  t.differentiate = (...args: unknown[]) => {
    const before = inner;
    const t0 = performance.now();
    const r = differentiate(...args);
    times.loss += performance.now() - t0 - (inner - before);
    return r;
  };
  t.logZOptimizer.step = wrap(t.logZOptimizer.step.bind(t.logZOptimizer), (ms) => (times.optimizer += ms));
  return {
    beginStep() {
      stepStart = performance.now();
      inner = 0;
    },
    endStep() {
      const total = performance.now() - stepStart;
      times.step += total;
      times.iterations++;
    },
  };
}

/** Trains with the given choices, evaluating the exact TV on the way. */
export function trainCurve<S, A>(env: EnvironmentSpec<S, A>, o: CurveOptions): CurveResult {
  const { dag, features } = explored(env);
  const config: TrainConfig = resolveTrainConfig({ samples: 0, ...o.choices });
  const anyDag = dag as Dag<unknown, unknown>;
  // GFN_THREADS: onnxruntime's intra-op threads (GFN_BACKWARD_THREADS: the backward's); GFN_WHOLE_DAG=N: forward every state once per step up to N states
  // (trainer.ts WHOLE_DAG_STATES; 0 turns it off). Both for the native engine.
  const number = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const trainer = new Trainer(anyDag, { ...config, threads: number('GFN_THREADS'), backwardThreads: number('GFN_BACKWARD_THREADS'), wholeDagStates: number('GFN_WHOLE_DAG') }, features);
  // The target of the run: R^beta / Z_beta (a TV against R itself would measure the wrong distribution).
  const evaluator = new Evaluator(anyDag, undefined, config.beta);
  const times: PhaseTimes = { sampling: 0, forward: 0, loss: 0, backward: 0, optimizer: 0, other: 0, step: 0, evaluation: 0, evaluationForward: 0, iterations: 0, evaluations: 0, macs: 0 };
  const probe = o.profile ? instrument(trainer, times) : null;
  const batch = config.batchSize;
  const every = Math.max(1, Math.round(o.evalEvery / batch));
  const maxIterations = Math.ceil(o.maxTrajectories / batch);
  const tvAt = o.tvAt ?? 0;
  const points: CurvePoint[] = [];
  const reached: (Reached | null)[] = o.targets.map(() => null);
  let training = 0;
  const stop = trainer.stop;
  try {
    for (let i = 1; i <= maxIterations; i++) {
      const t0 = performance.now();
      probe?.beginStep();
      trainer.step(i);
      probe?.endStep();
      training += performance.now() - t0;
      if (i % every !== 0 && i !== maxIterations) continue;
      const e0 = performance.now();
      const logPF = allLogProbs(trainer.policy, trainer.tables, stop, false, policyOutputs(trainer.policy, trainer.engine)).logPF;
      const e1 = performance.now();
      const tv = evaluator.exactEvaluation(logPF, trainer.tables)!.tv;
      times.evaluationForward += e1 - e0;
      times.evaluation += performance.now() - e0;
      times.evaluations++;
      const point = { trajectories: i * batch, seconds: training / 1000, tv };
      points.push(point);
      o.targets.forEach((target, k) => {
        if (!reached[k] && tv <= target) reached[k] = { trajectories: point.trajectories, seconds: point.seconds };
      });
      if (o.stopEarly && reached.every((r) => r !== null) && point.trajectories >= tvAt) break;
    }
  } finally {
    trainer.dispose();
  }
  const last = points[points.length - 1];
  times.other = times.step - times.sampling - times.forward - times.loss - times.backward - times.optimizer;
  return {
    points,
    reached,
    trajectoriesPerSecond: last.trajectories / last.seconds,
    tvAt: tvAt > 0 ? nearest(points, tvAt) : null,
    phases: o.profile ? times : undefined,
  };
}

function nearest(points: CurvePoint[], trajectories: number): number | null {
  let best: CurvePoint | null = null;
  for (const p of points) if (!best || Math.abs(p.trajectories - trajectories) < Math.abs(best.trajectories - trajectories)) best = p;
  return best ? best.tv : null;
}

/** The code measured: GFN_CODE_VERSION, or the git commit, marked when src/ or shared/ have uncommitted changes. */
export function codeVersion(): string {
  if (process.env.GFN_CODE_VERSION) return process.env.GFN_CODE_VERSION;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', 'src', 'shared'], { encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in src/ or shared/` : head;
  } catch {
    return 'unknown';
  }
}

/** Median of finite values (NaN when none). */
export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
