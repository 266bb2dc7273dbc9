/**
 * Training on each backend (src/train/compute.ts): the native engine and TensorFlow.js's wasm reach the same TV band
 * from the same seed, a checkpoint of one resumes on the other (weights and Adam's state), native falls back to wasm
 * with one line where onnxruntime-node does not load, and cuda is refused where its provider is not installed.
 */
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import type { FromSandbox } from '../../../shared/protocol';
import { initBackend } from '../../../src/train/backend';
import { loadCheckpoint } from '../../../src/train/checkpoint';
import { ONNXRUNTIME_MODULE_VARIABLE } from '../../../src/train/engine/onnxRuntime';
import { runInProcess, trainConfig } from './helpers';
import { explore } from '../../../src/dag/explore';
import { encodeStates, Trainer, WHOLE_DAG_STATES } from '../../../src/train/trainer';

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;
const doneOf = (messages: FromSandbox[]) => {
  const last = messages.at(-1)!;
  if (last.type !== 'done') throw new Error(`the run ended with ${JSON.stringify(last)}`);
  return last;
};
const logsOf = (messages: FromSandbox[]) => messages.filter((m): m is Of<'log'> => m.type === 'log').map((m) => m.message);

/** Adam's step count in a run directory's checkpoint. */
async function adamSteps(dir: string): Promise<number> {
  const c = await loadCheckpoint(join(dir, 'model'));
  const steps = c.optimizer!.policy[0].tensor.dataSync()[0];
  for (const t of [...c.tensors, ...(c.optimizer?.iterate ?? []), ...[...c.optimizer!.policy, ...c.optimizer!.logZ].map((w) => w.tensor)]) t.dispose();
  return steps;
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterEach(() => {
  delete process.env[ONNXRUNTIME_MODULE_VARIABLE];
});

describe('backends', () => {
  it('native and wasm reach the same TV band on smiley from the same seed; summary.json names the engine and its threads', async () => {
    const native = doneOf(await runInProcess(smiley, trainConfig({ iterations: 1000, reportEvery: 500, backend: 'native' })));
    const wasm = doneOf(await runInProcess(smiley, trainConfig({ iterations: 1000, reportEvery: 500, backend: 'wasm' })));
    expect(native.summary.backendName).toBe('native');
    expect(native.summary.backend).toMatch(new RegExp(`^native \\(onnxruntime 1\\.30\\.0, CPU, 1 thread${availableParallelism() > 1 ? ', 2 in the backward' : ''}\\)$`));
    expect(native.summary.threads).toBe(1);
    expect(wasm.summary.backendName).toBe('wasm');
    for (const done of [native, wasm]) {
      expect(done.summary.tv!).toBeLessThan(0.06);
      expect(Math.abs(done.summary.logZ - Math.log(12))).toBeLessThan(0.15);
    }
    expect(Math.abs(native.summary.tv! - wasm.summary.tv!)).toBeLessThan(0.03);
  });

  it('native on a small DAG: one forward of every state per step trains as the stepwise forwards do', () => {
    const { dag } = explore(smiley);
    expect(dag.states.length).toBeLessThanOrEqual(WHOLE_DAG_STATES);
    const features = encodeStates(smiley, dag);
    const whole = new Trainer(dag, trainConfig({ backend: 'native' }), features);
    const stepwise = new Trainer(dag, { ...trainConfig({ backend: 'native' }), wholeDagStates: 0 }, features);
    // What the engine is asked: every state once per step, no per-step sampling forward.
    const passes: number[] = [];
    const engine = whole.engine;
    const forwardForTraining = engine.forwardForTraining.bind(engine);
    engine.forwardForTraining = (rows) => {
      passes.push(rows.length);
      return forwardForTraining(rows);
    };
    engine.forward = () => {
      throw new Error('a sampling forward in the whole-DAG mode');
    };
    for (let i = 1; i <= 30; i++) {
      const a = whole.step(i);
      const b = stepwise.step(i);
      // The same policy rows (one pass of every state, or one per sampling step): the same draws, the same loss.
      expect(Array.from(a.terminals), `iteration ${i}`).toEqual(Array.from(b.terminals));
      expect(a.loss).toBeCloseTo(b.loss, 3);
      expect(a.logZ).toBeCloseTo(b.logZ, 5);
    }
    expect(passes).toEqual(Array(30).fill(dag.states.length));
    whole.dispose();
    stepwise.dispose();
  });

  it('a checkpoint resumes on the other engine: the same policy, and Adam continues its count', async () => {
    for (const [from, to] of [['native', 'wasm'], ['wasm', 'native']] as const) {
      const out = mkdtempSync(join(tmpdir(), `gfn-backend-${from}-`));
      const first = doneOf(await runInProcess(smiley, trainConfig({ iterations: 40, reportEvery: 40, backend: from }), { outDir: out }));
      // No iteration: the other engine evaluates the very weights the first one saved.
      const evaluated = doneOf(await runInProcess(smiley, trainConfig({ iterations: 0, backend: to }), { outDir: mkdtempSync(join(tmpdir(), 'gfn-backend-eval-')), resumeFrom: out }));
      expect(evaluated.summary.backendName).toBe(to);
      expect(evaluated.summary.tv).toBeCloseTo(first.summary.tv!, 6);
      expect(evaluated.summary.logZ).toBeCloseTo(first.summary.logZ, 5);
      // Twenty more iterations on each engine from the same checkpoint: Adam's count goes on from 40 on both, and
      // the two continuations (same sampling stream) stay together.
      const onOther = mkdtempSync(join(tmpdir(), `gfn-backend-${to}-`));
      const onSame = mkdtempSync(join(tmpdir(), `gfn-backend-${from}-again-`));
      const other = doneOf(await runInProcess(smiley, trainConfig({ iterations: 20, reportEvery: 20, backend: to }), { outDir: onOther, resumeFrom: out }));
      const same = doneOf(await runInProcess(smiley, trainConfig({ iterations: 20, reportEvery: 20, backend: from }), { outDir: onSame, resumeFrom: out }));
      expect(await adamSteps(out)).toBe(40);
      expect(await adamSteps(onOther)).toBe(60);
      expect(await adamSteps(onSame)).toBe(60);
      expect(Math.abs(other.summary.tv! - same.summary.tv!), `${from} -> ${to}`).toBeLessThan(1e-3);
      expect(Math.abs(other.summary.logZ - same.summary.logZ)).toBeLessThan(1e-3);
    }
  });

  it('falls back to wasm with one line saying why where onnxruntime-node does not load', async () => {
    // Points the loader at a module that does not exist: what a platform without the binary meets.
    process.env[ONNXRUNTIME_MODULE_VARIABLE] = join(tmpdir(), 'no-such-onnxruntime');
    const messages = await runInProcess(smiley, trainConfig({ iterations: 20, reportEvery: 20, backend: 'native' }));
    const done = doneOf(messages);
    expect(done.summary.backendName).toBe('wasm');
    expect(done.summary.config.backend).toBe('wasm');
    const lines = logsOf(messages).filter((l) => l.startsWith('backend:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^backend: wasm \(SIMD, 1 thread\) \(native engine unavailable: onnxruntime-node could not be loaded \(Cannot find module .*no-such-onnxruntime.*\); training on wasm\)$/);
  });

  it('refuses cuda where onnxruntime has no CUDA provider installed, saying how to get it', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 5, backend: 'cuda' }));
    const last = messages.at(-1)!;
    expect(last.type).toBe('error');
    expect((last as Of<'error'>).message).toMatch(/^\{option backend\} cuda needs onnxruntime's CUDA provider, which is not installed in .*bin.napi-v6.*ONNXRUNTIME_NODE_INSTALL=cuda12.*\{option backend\} native$/);
    expect((last as Of<'error'>).message).not.toMatch(/training failed/);
  });
});
