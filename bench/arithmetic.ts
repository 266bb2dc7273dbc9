/**
 * The arithmetic limit of a training step (issue 19): the multiply-adds of the policy MLP that the engine ran in
 * the step (rows forwarded and rows differentiated, counted by harness.ts), at one core's float32 matmul rate
 * measured by numpy on this machine in the same run. A step can be no faster than that; the profile prints how
 * many times the limit a step takes (issue 19's goal: within 2x).
 */
import { execFileSync } from 'node:child_process';
import { outputWidth, type ModelConfig } from '../src/train/model';

/**
 * Multiply-adds per row of the MLP (onnxGraphs.ts): the forward's Gemms, and the backward's dW_l = h_l^T dz_l and
 * dh_l = dz_l W_l^T of every Gemm after the first, plus dW_0 = x^T dz_0 (no dh_0 is computed). A one-hot first
 * layer is a row gather and its gradient a scatter-add: no multiply-adds. Tabular policies have none.
 */
export function mlpMacs(c: ModelConfig): { forward: number; backward: number } {
  if (c.kind !== 'mlp') return { forward: 0, backward: 0 };
  const widths = [...Array<number>(c.layers).fill(c.hidden), outputWidth(c)];
  const first = c.inputDim * widths[0];
  let later = 0;
  for (let l = 1; l < widths.length; l++) later += widths[l - 1] * widths[l];
  return { forward: first + later, backward: first + 2 * later };
}

/** The matmul timed: the 589 distinct states of an 8^4 batch of 64 against a 256 x 256 layer, float32. */
const MATMUL = `
import time, numpy as np
a = np.random.rand(589, 256).astype(np.float32)
b = np.random.rand(256, 256).astype(np.float32)
best = float('inf')
for _ in range(300):
    t = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t)
print(2 * 589 * 256 * 256 / best / 1e9)
`;

/** numpy's best float32 GFLOP/s on one core (BLAS threads pinned to 1), or null when python3 or numpy is missing. */
export function matmulGflops(): number | null {
  const one = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  try {
    const rate = Number(execFileSync('python3', ['-c', MATMUL], { encoding: 'utf8', env: { ...process.env, ...one }, stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isFinite(rate) && rate > 0 ? rate : null;
  } catch {
    return null;
  }
}

/** The profile's line: the step against the time its multiply-adds take at the measured rate. */
export function limitLine(stepMs: number, macsPerStep: number, gflops: number | null): string {
  const work = `${(macsPerStep / 1e6).toFixed(1)} M multiply-adds per step`;
  if (gflops === null) return `arithmetic limit: not measured (python3 with numpy is missing); ${work}`;
  const limitMs = ((2 * macsPerStep) / (gflops * 1e9)) * 1000;
  return `arithmetic limit: ${work} at ${gflops.toFixed(1)} GFLOP/s (numpy, one core, 589x256 @ 256x256 float32) = ${limitMs.toFixed(2)} ms; the step is ${(stepMs / limitMs).toFixed(2)}x the arithmetic limit`;
}
