/**
 * Accuracy per second against the real library: wall time and trajectories until the exact TV of the learned
 * policy is <= 0.05 and <= 0.02, on HyperGrid 8x8 (batch 16) and 8x8x8x8 (batch 64), MLP 2x256, uniform P_B, Adam
 * 1e-3 / 0.1, on-policy: ours with TB and with our best objective there, and torchgfn 2.4.1's TB (its own
 * train_hypergrid.py) at the same settings, in the same run, interleaved (the order rotates with the seed), 3 seeds.
 * Ours keeps its policy averaging (what it delivers); our TB's exploration and learning-rate schedule, chosen on the
 * zoo (docs/objectives.md), are switched off here: on HyperGrid 8^4 they cost TV per trajectory (docs/performance.md).
 * The best objective runs at its registry's exploration.
 * Both sides are evaluated exactly every `evalEvery` trajectories on the same grid, evaluations left out of the
 * training time. Ratios are paired by seed. Then the phase profile of both, and the gate: TB on 8x8x8x8 at
 * TV <= 0.05 after 32,000 trajectories. `npm run bench -- accuracy` (GFN_SEEDS=1 for one seed; GFN_ACC_BEST=subtb to
 * choose the second objective; GFN_ACC_CASES=2 or 4 for one grid; GFN_ACC_MAX=N to cap each run at N trajectories;
 * GFN_BACKEND=wasm for our other engine).
 */
import { hypergrid } from '../examples/hypergrid.gfn';
import type { ObjectiveName } from '../shared/objectives';
import type { TrainChoices } from '../src/train/config';
import { setUpCompute } from '../src/train/compute';
import type { BackendName } from '../shared/trainConfig';
import { codeVersion, median, trainCurve, type CurveResult, type PhaseTimes, type Reached } from './harness';
import { caseName, phaseTable } from './profile';
import { runTorchgfn, torchgfnMissing, type TorchgfnResult } from './torchgfn';

interface AccuracyCase {
  dims: number;
  side: number;
  batch: number;
  maxTrajectories: number;
  evalEvery: number;
  /** Our best objective on this grid, with its registry defaults (first to TV 0.02 in `npm run bench -- hypergrid-objectives`). */
  best: ObjectiveName;
}

const TARGETS = [0.05, 0.02];
/** Our engine: GFN_BACKEND (native by default, as gfn train). */
const BACKEND = (process.env.GFN_BACKEND as BackendName | undefined) ?? 'native';
const AT = 32_000;
export const ACCURACY_CASES: AccuracyCase[] = [
  { dims: 2, side: 8, batch: 16, maxTrajectories: 96_000, evalEvery: 256, best: 'fm' },
  { dims: 4, side: 8, batch: 64, maxTrajectories: 256_000, evalEvery: 640, best: 'fm' },
];

interface Run {
  label: string;
  trajectoriesPerSecond: number;
  tvAt: number | null;
  reached: (Reached | null)[];
  /** The last evaluation: where the run stopped. */
  end: Reached;
  phases?: PhaseTimes;
  torchPhases?: Record<string, number>;
  iterations?: number;
}

function atPoint(points: { trajectories: number; seconds: number; tv: number }[]): { perSecond: number; tv: number | null } {
  const p = points.find((q) => q.trajectories >= AT) ?? points[points.length - 1];
  return { perSecond: p.trajectories / p.seconds, tv: points.find((q) => q.trajectories === AT)?.tv ?? null };
}

function oursRun(c: AccuracyCase, loss: ObjectiveName, seed: number): Run {
  const choices: TrainChoices = { backend: BACKEND, loss, batchSize: c.batch, seed, hidden: 256, layers: 2, backward: 'uniform',
    learningRate: 1e-3, learningRateDecay: 0, learningRateLogZ: 0.1, ...(loss === 'tb' ? { epsilon: 0, temperature: 1 } : {}) };
  const r: CurveResult = trainCurve(hypergrid({ dims: c.dims, side: c.side }), {
    choices, maxTrajectories: c.maxTrajectories, evalEvery: c.evalEvery, targets: TARGETS, stopEarly: true, tvAt: AT, profile: loss === 'tb',
  });
  const at = atPoint(r.points);
  const last = r.points[r.points.length - 1];
  return { label: `ours ${loss}`, trajectoriesPerSecond: at.perSecond, tvAt: at.tv, reached: r.reached, end: last, phases: r.phases };
}

function torchRun(c: AccuracyCase, seed: number): Run {
  const r: TorchgfnResult = runTorchgfn({ ...c, seed, targets: TARGETS, stopAt: AT });
  const at = atPoint(r.points);
  const last = r.points[r.points.length - 1];
  return { label: 'torchgfn tb', trajectoriesPerSecond: at.perSecond, tvAt: at.tv, reached: r.reached, end: last, torchPhases: r.phases, iterations: r.iterations };
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const reachedText = (r: Reached | null, end: Reached) =>
  r ? `${fmt(r.seconds, 1)} s (${r.trajectories})` : `not by ${end.trajectories} (${fmt(end.seconds, 1)} s)`;

/** torchgfn's time over ours to a target: a bound when one side did not reach it ('>=' or '<='). */
function speedup(ours: Run, peer: Run, k: number): { value: number; text: string } {
  const o = ours.reached[k];
  const p = peer.reached[k];
  if (o && p) return { value: p.seconds / o.seconds, text: `${fmt(p.seconds / o.seconds)}x` };
  if (o && !p) return { value: peer.end.seconds / o.seconds, text: `>= ${fmt(peer.end.seconds / o.seconds)}x` };
  if (!o && p) return { value: p.seconds / ours.end.seconds, text: `<= ${fmt(p.seconds / ours.end.seconds)}x` };
  return { value: NaN, text: 'neither' };
}

const range = (v: number[]) => `${fmt(Math.min(...v))}-${fmt(Math.max(...v))}`;

export interface AccuracyResult {
  case: string;
  objective: string;
  rate: number;
  speedup: number[];
}

export async function benchAccuracy(): Promise<AccuracyResult[]> {
  const compute = await setUpCompute(BACKEND);
  const missing = torchgfnMissing();
  if (missing) {
    console.log(`accuracy: skipped, torchgfn cannot run: ${missing}`);
    return [];
  }
  const seeds = Array.from({ length: Number(process.env.GFN_SEEDS ?? 3) }, (_, i) => i);
  const only = process.env.GFN_ACC_CASES;
  // GFN_ACC_MAX: a lower cap of trajectories per run (a short run; at least the 32,000 the rates are measured over).
  const cap = Math.max(AT, Number(process.env.GFN_ACC_MAX ?? Infinity));
  const cases = ACCURACY_CASES.filter((c) => !only || only.split(',').includes(String(c.dims))).map((c) => ({ ...c, maxTrajectories: Math.min(c.maxTrajectories, cap) }));
  console.log(`code ${codeVersion()}; ours: ${compute.description}; torchgfn: 1 thread (OPENBLAS_NUM_THREADS=1); seeds ${seeds.join(', ')}`);
  // Warm-up (JIT, wasm): not measured.
  trainCurve(hypergrid({ dims: 2, side: 8 }), { choices: { loss: 'tb', seed: 99 }, maxTrajectories: 3_000, evalEvery: 3_000, targets: [] });
  const results: AccuracyResult[] = [];
  let gate: number[] = [];
  for (const c of cases) {
    const best = (process.env.GFN_ACC_BEST as ObjectiveName | undefined) ?? c.best;
    const name = caseName(c);
    console.log(`\n## ${name}: to exact TV ${TARGETS.join(' and ')}, cap ${c.maxTrajectories} trajectories, exact TV every ${c.evalEvery}`);
    const bySeed: Run[][] = [];
    for (const seed of seeds) {
      const jobs: (() => Run)[] = [() => oursRun(c, 'tb', seed), () => oursRun(c, best, seed), () => torchRun(c, seed)];
      const runs: Run[] = [];
      for (let k = 0; k < jobs.length; k++) runs[(k + seed) % jobs.length] = jobs[(k + seed) % jobs.length]();
      bySeed.push(runs);
      for (const r of runs) {
        console.log(`seed ${seed} ${r.label}: ${fmt(r.trajectoriesPerSecond, 0)} trajectories/s over ${AT}, TV ${fmt(r.tvAt ?? NaN, 4)} at ${AT}; ` +
          TARGETS.map((t, k) => `TV ${t}: ${reachedText(r.reached[k], r.end)}`).join('; '));
      }
    }
    if (c.dims === 4) gate = bySeed.map((runs) => runs[0].tvAt ?? NaN);
    console.log(`\n| ${name} | trajectories/s, ours / torchgfn | TV at ${AT}: ours; torchgfn | time to TV 0.05: torchgfn / ours | time to TV 0.02: torchgfn / ours | trajectories to TV 0.05: ours; torchgfn |`);
    console.log('|---|---:|---|---:|---:|---|');
    for (const [i, label] of [[0, 'tb'], [1, best]] as const) {
      const rate = bySeed.map((runs) => runs[i].trajectoriesPerSecond / runs[2].trajectoriesPerSecond);
      const s = TARGETS.map((_, k) => bySeed.map((runs) => speedup(runs[i], runs[2], k)));
      const tv = (j: number) => bySeed.map((runs) => fmt(runs[j].tvAt ?? NaN, 3)).join(', ');
      const traj = (j: number) => bySeed.map((runs) => runs[j].reached[0]?.trajectories ?? `>${runs[j].end.trajectories}`).join(', ');
      console.log(`| ours ${label} vs torchgfn tb | ${fmt(median(rate))}x (${range(rate)}) | ${tv(i)}; ${tv(2)} | ` +
        s.map((v) => `${fmt(median(v.map((x) => x.value)))}x (${v.map((x) => x.text).join(', ')})`).join(' | ') + ` | ${traj(i)}; ${traj(2)} |`);
      results.push({ case: name, objective: label, rate: median(rate), speedup: s.map((v) => median(v.map((x) => x.value))) });
    }
    printPhases(name, bySeed.map((runs) => runs[0]), bySeed.map((runs) => runs[2]));
  }
  if (gate.length > 0) {
    const ok = gate.every((tv) => tv <= 0.05);
    console.log(`\ngate: TB on HyperGrid 8x8x8x8 batch 64 at exact TV <= 0.05 after ${AT} trajectories: ${ok ? 'met' : 'NOT met'} (TV ${gate.map((t) => fmt(t, 4)).join(', ')})`);
    if (!ok) process.exitCode = 1;
  }
  return results;
}

/** Ours (TB) by phase, and torchgfn's own timers beside it, ms per iteration, summed over the seeds. */
function printPhases(name: string, ours: Run[], peer: Run[]): void {
  const sum = (k: keyof PhaseTimes) => ours.reduce((s, r) => s + (r.phases ? r.phases[k] : 0), 0);
  const total: PhaseTimes = {
    sampling: sum('sampling'), forward: sum('forward'), loss: sum('loss'), backward: sum('backward'), optimizer: sum('optimizer'), other: sum('other'),
    step: sum('step'), evaluation: sum('evaluation'), evaluationForward: sum('evaluationForward'), iterations: sum('iterations'), evaluations: sum('evaluations'),
    macs: sum('macs'),
  };
  console.log(`\n${phaseTable(`ours tb, ${name}, all seeds`, total).join('\n')}`);
  const iterations = peer.reduce((s, r) => s + (r.iterations ?? 0), 0);
  const keys = [...new Set(peer.flatMap((r) => Object.keys(r.torchPhases ?? {})))];
  const ms = keys.map((k) => (1000 * peer.reduce((s, r) => s + (r.torchPhases?.[k] ?? 0), 0)) / Math.max(1, iterations));
  const all = ms.reduce((a, b) => a + b, 0);
  console.log(`\ntorchgfn tb, ${name}, all seeds: ${iterations} iterations, ${fmt(all)} ms each (its own timers; on-policy, its sampling also runs the forward the loss uses)`);
  console.log('| phase | ms / iteration | share |\n|---|---:|---:|');
  keys.forEach((k, i) => console.log(`| ${k} | ${fmt(ms[i])} | ${fmt((100 * ms[i]) / all, 0)}% |`));
}
