/**
 * Where a training step's time goes, by phase, on each engine (harness.ts instrument): sampling (the engine's
 * forwards without gradients and the JS sampler), the engine's forward of the batch, the loss and its gradient in
 * tfjs, the engine's backward, the optimizer (Adam on the policy and on log Z), the rest, and the exact evaluation
 * (a forward of every state and the topological pass), per iteration and per evaluation. Then, on wasm, the
 * TensorFlow.js kernels of a few steps by time (tf.profile). `npm run bench -- profile` (GFN_PROFILE_CASES=2 or 4
 * for one grid; GFN_BACKEND=native|wasm|cpu for one engine; GFN_THREADS=N onnxruntime's threads; GFN_WHOLE_DAG=N
 * the native engine's one-forward-of-all-states limit;
 * an "arithmetic limit" line per case: the step against its multiply-adds at numpy's one-core matmul rate, arithmetic.ts;
 * GFN_PROFILE_TRAJECTORIES=N a shorter run).
 */
import * as tf from '@tensorflow/tfjs';
import { hypergrid } from '../examples/hypergrid.gfn';
import { resolveTrainConfig } from '../src/train/config';
import { setUpCompute } from '../src/train/compute';
import type { BackendName } from '../shared/trainConfig';
import { encodeStates, Trainer } from '../src/train/trainer';
import { explored, trainCurve, type PhaseTimes } from './harness';
import { limitLine, matmulGflops } from './arithmetic';

export interface ProfileCase {
  dims: number;
  side: number;
  batch: number;
  trajectories: number;
  evalEvery: number;
}

export const PROFILE_CASES: ProfileCase[] = [
  { dims: 2, side: 8, batch: 16, trajectories: 16_000, evalEvery: 1_000 },
  { dims: 4, side: 8, batch: 64, trajectories: 16_000, evalEvery: 1_024 },
];

const PHASES: [keyof PhaseTimes, string][] = [
  ['sampling', 'sampling'],
  ['forward', 'forward of the batch'],
  ['loss', 'loss and d loss / d outputs (tfjs)'],
  ['backward', 'backward'],
  ['optimizer', 'optimizer (Adam)'],
  ['other', 'rest of the step'],
];

export function caseName(c: { dims: number; side: number; batch: number }): string {
  return `HyperGrid ${Array(c.dims).fill(c.side).join('x')} batch ${c.batch}`;
}

/** The phase table of one run (ms per iteration, share of the step), then the evaluation's cost. */
export function phaseTable(name: string, p: PhaseTimes): string[] {
  const lines = [`${name}: ${p.iterations} iterations, ${(p.step / p.iterations).toFixed(2)} ms each`, '| phase | ms / iteration | share |', '|---|---:|---:|'];
  for (const [k, label] of PHASES) lines.push(`| ${label} | ${(p[k] / p.iterations).toFixed(2)} | ${((100 * p[k]) / p.step).toFixed(0)}% |`);
  const perEval = p.evaluation / Math.max(1, p.evaluations);
  lines.push(`| exact evaluation (per evaluation; ${p.evaluations} runs) | ${perEval.toFixed(1)} (forward ${(p.evaluationForward / Math.max(1, p.evaluations)).toFixed(1)}) | ${((100 * p.evaluation) / (p.step + p.evaluation)).toFixed(0)}% of training + evaluation |`);
  return lines;
}

/** Kernel times of `steps` training steps (after warm-up), the `top` slowest kernels. */
function kernelProfile(c: ProfileCase, steps: number, top: number): Promise<string[]> {
  const env = hypergrid({ dims: c.dims, side: c.side });
  const { dag } = explored(env);
  const config = resolveTrainConfig({ backend: 'wasm', loss: 'tb', batchSize: c.batch, seed: 0, samples: 0 });
  const trainer = new Trainer(dag, config, encodeStates(env, dag));
  for (let i = 1; i <= 20; i++) trainer.step(i);
  return tf
    .profile(() => {
      for (let i = 21; i < 21 + steps; i++) trainer.step(i);
    })
    .then((info) => {
      trainer.dispose();
      const byName = new Map<string, { ms: number; calls: number }>();
      for (const k of info.kernels) {
        const e = byName.get(k.name) ?? { ms: 0, calls: 0 };
        e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        e.calls++;
        byName.set(k.name, e);
      }
      const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
      const calls = info.kernels.length;
      const rows = [...byName.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
      return [
        `kernels of ${steps} steps: ${calls / steps} kernel calls and ${(total / steps).toFixed(2)} ms of kernel time per step`,
        '| kernel | ms / step | calls / step |',
        '|---|---:|---:|',
        ...rows.map(([n, e]) => `| ${n} | ${(e.ms / steps).toFixed(2)} | ${(e.calls / steps).toFixed(0)} |`),
      ];
    });
}

/** The engines profiled: GFN_BACKEND alone, else the native engine and TensorFlow.js's wasm. */
const BACKENDS: BackendName[] = process.env.GFN_BACKEND ? [process.env.GFN_BACKEND as BackendName] : ['native', 'wasm'];

export async function benchProfile(): Promise<PhaseTimes[]> {
  const results: PhaseTimes[] = [];
  const only = process.env.GFN_PROFILE_CASES;
  // GFN_PROFILE_TRAJECTORIES: a shorter run (a loaded machine, a quick look).
  const cap = Number(process.env.GFN_PROFILE_TRAJECTORIES ?? Infinity);
  // One core's matmul rate on this machine, now: the arithmetic limit of each case's steps.
  const gflops = matmulGflops();
  for (const backend of BACKENDS) {
    const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
    // The description names the threads the trainer uses (bench/harness.ts reads the same variables).
    const compute = await setUpCompute(backend, envNumber('GFN_THREADS'), envNumber('GFN_BACKWARD_THREADS'));
    console.log(`
### backend: ${compute.description}${compute.fallback ? ` (${compute.fallback})` : ''}; TB at its defaults (MLP 2x256, Adam 2e-3 decaying, epsilon 0.1, temperature 1.25), seed 0`);
    for (const c of PROFILE_CASES.filter((x) => !only || only.split(',').includes(String(x.dims)))) {
      const env = hypergrid({ dims: c.dims, side: c.side });
      const choices = { backend: compute.backend, loss: 'tb' as const, batchSize: c.batch, seed: 0 };
      trainCurve(env, { choices, maxTrajectories: 2_000, evalEvery: 2_000, targets: [] });
      const trajectories = Math.min(c.trajectories, cap);
      const r = trainCurve(env, { choices, maxTrajectories: trajectories, evalEvery: Math.min(c.evalEvery, trajectories), targets: [], profile: true });
      const p = r.phases!;
      console.log(`\n${phaseTable(`${caseName(c)}, ${trajectories} trajectories`, p).join('\n')}`);
      console.log(limitLine(p.step / p.iterations, p.macs / p.iterations, gflops));
      if (compute.backend === 'wasm') console.log(`\n${(await kernelProfile(c, 10, 10)).join('\n')}`);
      results.push(r.phases!);
    }
  }
  return results;
}
