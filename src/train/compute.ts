/**
 * What computes a run, from its `backend` option: the policy network's engine (engine/: onnxruntime for 'native' and
 * 'cuda', TensorFlow.js otherwise) and the TensorFlow.js backend the objectives run on (wasm under the native engine:
 * they work on a small table of outputs). 'native' falls back to wasm, with one line saying why, where
 * onnxruntime-node cannot be loaded; 'cuda' is refused where onnxruntime's CUDA provider is not installed.
 */
import { availableParallelism } from 'node:os';
import type { BackendName } from '../../shared/trainConfig';
import { optionRef } from '../../shared/optionRefs';
import { backendThreads, describeBackend, initBackend } from './backend';
import type { EngineKind } from './engine';
import { loadOnnxRuntime } from './engine/onnxRuntime';
import { TrainingError } from './trainingError';

/**
 * onnxruntime's intra-op threads: 1 measured faster than 2 for HyperGrid's 2 x 256 MLP on this project's 2-core
 * machine (docs/performance.md, "Threads").
 */
export const DEFAULT_NATIVE_THREADS = 1;

/**
 * The backward's threads: `requested`, else two where the machine has two cores (it is one run a step over the whole
 * batch, hundreds of rows: two threads took its time down by 13-24% on HyperGrid 8^4 batch 64, docs/performance.md,
 * "Threads"), never fewer than the forwards' `threads`. The trainer and the run's description both ask here.
 */
export function backwardThreadsOf(threads: number, requested?: number): number {
  return requested ?? Math.max(threads, Math.min(2, availableParallelism()));
}

/** The TensorFlow.js backends; the other names select the native engine. */
type TfjsBackend = 'wasm' | 'cpu' | 'node';

export interface Compute {
  engine: EngineKind;
  provider: 'cpu' | 'cuda';
  tfjs: TfjsBackend;
}

/** The engine and tfjs backend a backend name selects (no check that they load; unset: wasm, as before 'native'). */
export function computeOf(backend: BackendName | undefined): Compute {
  if (backend === 'native' || backend === 'cuda') return { engine: 'native', provider: backend === 'cuda' ? 'cuda' : 'cpu', tfjs: 'wasm' };
  return { engine: 'tfjs', provider: 'cpu', tfjs: backend ?? 'wasm' };
}

export interface ComputeSetUp {
  /** The backend the run trains on (wasm when native fell back). */
  backend: BackendName;
  /** For logs, the progress line and summary.json, e.g. "native (onnxruntime 1.30.0, CPU, 1 thread, 2 in the backward)". */
  description: string;
  threads: number | null;
  /** The one line saying why native fell back to wasm; null when it did not. */
  fallback: string | null;
}

/** Sets up the requested backend; throws a TrainingError for a user-facing refusal (cuda without its provider). */
export async function setUpCompute(requested: BackendName | undefined, threads = DEFAULT_NATIVE_THREADS, requestedBackwardThreads?: number): Promise<ComputeSetUp> {
  const compute = computeOf(requested);
  if (compute.engine === 'tfjs') {
    const backend = await initBackend(compute.tfjs);
    return { backend, description: describeBackend(backend), threads: backendThreads(backend), fallback: null };
  }
  let version: string;
  try {
    const ort = loadOnnxRuntime();
    version = ort.version;
    if (compute.provider === 'cuda' && !ort.providers.includes('cuda')) {
      throw new TrainingError(
        `${optionRef('backend')} cuda needs onnxruntime's CUDA provider, which is not installed in ${ort.binaryDirectory} ` +
          `(install it with ONNXRUNTIME_NODE_INSTALL=cuda12 npm install onnxruntime-node, on a machine with an NVIDIA GPU and CUDA 12), or use ${optionRef('backend')} native`,
      );
    }
  } catch (error) {
    if (error instanceof TrainingError || requested === 'cuda') throw error;
    await initBackend('wasm');
    const reason = error instanceof Error ? error.message : String(error);
    return { backend: 'wasm', description: describeBackend('wasm'), threads: backendThreads('wasm'), fallback: `native engine unavailable: ${reason}; training on wasm` };
  }
  await initBackend('wasm');
  const device = compute.provider === 'cuda' ? 'CUDA' : 'CPU';
  const backend: BackendName = compute.provider === 'cuda' ? 'cuda' : 'native';
  const backwardThreads = backwardThreadsOf(threads, requestedBackwardThreads);
  const threadText = `${threads === 1 ? '1 thread' : `${threads} threads`}${backwardThreads !== threads ? `, ${backwardThreads} in the backward` : ''}`;
  return { backend, description: `${backend} (onnxruntime ${version}, ${device}, ${threadText})`, threads, fallback: null };
}
