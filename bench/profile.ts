/**
 * Where a training step's time goes, by phase: sampling (stepwise forwards without gradients and the JS sampler),
 * the forward of the loss (the batch's index tables, one forward of the distinct visited states, heads, the
 * objective), the backward (tf.variableGrads' gradient pass), the optimizer (Adam on the policy and on log Z),
 * the rest, and the exact evaluation (a forward of every state and the topological pass), per iteration and per
 * evaluation. Then the TensorFlow.js kernels of a few steps by time (tf.profile). `npm run bench -- profile`
 * (GFN_PROFILE_CASES=2 or 4 for one grid).
 */
import * as tf from '@tensorflow/tfjs';
import { hypergrid } from '../examples/hypergrid.gfn';
import { resolveTrainConfig } from '../src/train/config';
import { describeBackend, initBackend } from '../src/train/backend';
import { encodeStates, Trainer } from '../src/train/trainer';
import { explored, trainCurve, type PhaseTimes } from './harness';

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
  ['forward', 'forward of the loss'],
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
  const config = resolveTrainConfig({ loss: 'tb', batchSize: c.batch, seed: 0, samples: 0 });
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

export async function benchProfile(): Promise<PhaseTimes[]> {
  const backend = await initBackend((process.env.GFN_BACKEND as 'wasm' | 'cpu' | 'node' | undefined) ?? 'wasm');
  console.log(`backend: ${describeBackend(backend)}; TB, MLP 2x256, Adam 1e-3 / 0.1, on-policy, seed 0`);
  const results: PhaseTimes[] = [];
  const only = process.env.GFN_PROFILE_CASES;
  for (const c of PROFILE_CASES.filter((x) => !only || only.split(',').includes(String(x.dims)))) {
    const env = hypergrid({ dims: c.dims, side: c.side });
    trainCurve(env, { choices: { loss: 'tb', batchSize: c.batch, seed: 0 }, maxTrajectories: 2_000, evalEvery: 2_000, targets: [] });
    const r = trainCurve(env, {
      choices: { loss: 'tb', batchSize: c.batch, seed: 0 }, maxTrajectories: c.trajectories, evalEvery: c.evalEvery, targets: [], profile: true,
    });
    console.log(`\n${phaseTable(`${caseName(c)}, ${c.trajectories} trajectories`, r.phases!).join('\n')}`);
    console.log(`\n${(await kernelProfile(c, 10, 10)).join('\n')}`);
    results.push(r.phases!);
  }
  return results;
}
