/**
 * Chooses the TensorFlow.js backend, which runs the objectives always and the policy network under --backend
 * wasm|cpu|node (compute.ts; the default native engine is onnxruntime): wasm (SIMD; far faster than pure JS,
 * docs/performance.md), cpu on request, and tfjs-node only when it is installed (it cannot be installed offline, so
 * it is never required).
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendName } from '../../shared/trainConfig';
import { optionRef } from '../../shared/optionRefs';

/** Where the .wasm binaries are: beside the bundle (dist/, copied by scripts/build.mjs) or in node_modules. */
function wasmDirectory(): string | null {
  const candidates: string[] = [];
  if (typeof __dirname === 'string') candidates.push(__dirname);
  try {
    const req = createRequire(join(process.cwd(), 'package.json'));
    candidates.push(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')));
  } catch {
    // not resolvable from the working directory: the bundle directory may still hold the files
  }
  candidates.push(join(process.cwd(), 'node_modules/@tensorflow/tfjs-backend-wasm/dist'));
  for (const dir of candidates) if (existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm'))) return dir;
  return null;
}

/** True when @tensorflow/tfjs-node can be loaded. */
export function nodeBackendAvailable(): boolean {
  try {
    createRequire(join(process.cwd(), 'package.json')).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

let active: BackendName | null = null;

/**
 * Makes `requested` (default wasm) the active backend and returns its name. Throws an Error with a user-facing
 * message when it cannot be set up.
 */
export async function initBackend(requested: BackendName = 'wasm'): Promise<BackendName> {
  if (active === requested && tf.getBackend() === requested.replace('node', 'tensorflow')) return requested;
  if (requested === 'node') {
    if (!nodeBackendAvailable()) {
      throw new Error(`${optionRef('backend')} node needs @tensorflow/tfjs-node, which is not installed: use ${optionRef('backend')} wasm or cpu`);
    }
    const req = createRequire(join(process.cwd(), 'package.json'));
    req('@tensorflow/tfjs-node');
    await tf.setBackend('tensorflow');
  } else if (requested === 'wasm') {
    const dir = wasmDirectory();
    if (!dir) throw new Error('the wasm backend binaries (tfjs-backend-wasm-simd.wasm) were not found beside the bundle');
    setWasmPaths(dir.endsWith('/') ? dir : `${dir}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialise');
  } else {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialise');
  }
  await tf.ready();
  active = requested;
  return requested;
}

/**
 * Compute threads of the active backend, for summary.json: wasm's XNNPACK thread pool as initialised (1 in Node:
 * tfjs 4.22 turns WASM_HAS_MULTITHREAD_SUPPORT off there, tensorflow/tfjs#3830, and forcing it on fails because
 * Emscripten's pthreads start their workers from blob: URLs, which Node's worker_threads refuse: ERR_WORKER_PATH);
 * 1 for cpu; null for node, whose libtensorflow sizes its own pools.
 */
export function backendThreads(name: BackendName): number | null {
  if (name === 'cpu') return 1;
  if (name === 'node') return null;
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

/** A description for logs and summary.json, e.g. "wasm (SIMD, 1 thread)". */
export function describeBackend(name: BackendName): string {
  if (name === 'wasm') {
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
    const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? backendThreads(name) ?? 1 : 1;
    return `wasm (${simd ? 'SIMD' : 'no SIMD'}, ${threads === 1 ? '1 thread' : `${threads} threads`})`;
  }
  return name === 'node' ? 'node (libtensorflow)' : 'cpu (pure JS)';
}
