/**
 * Loading onnxruntime-node, a native module that is not bundled (scripts/build.mjs): it is required at run time from
 * the node_modules beside the bundle (the repository's, or the one a platform VSIX carries), so a machine without its
 * binary still trains on wasm. Sessions are run through the package's synchronous binding: the public
 * InferenceSession.run is a Promise resolved on setImmediate, and the sampler asks for rows synchronously, once per
 * step of a batch.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { InferenceSession, Tensor, TensorConstructor, OnnxValue } from 'onnxruntime-common';

/** The module that is loaded; the environment variable lets a test (or a user) point it elsewhere. */
export const ONNXRUNTIME_MODULE_VARIABLE = 'GFN_ONNXRUNTIME_MODULE';

interface BindingSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: InferenceSession.SessionOptions): void;
  run(feeds: Record<string, OnnxValue>, fetches: Record<string, OnnxValue | null>, options: InferenceSession.RunOptions): Record<string, OnnxValue>;
  dispose(): void;
}

interface BindingModule {
  binding: { InferenceSession: new () => BindingSession; listSupportedBackends(): { name: string; bundled: boolean }[] };
  initOrt(): void;
}

export interface OnnxRuntime {
  Tensor: TensorConstructor;
  version: string;
  /** Execution providers this install can use: 'cpu' always; 'cuda' once its provider library is installed. */
  providers: string[];
  /** Where the native binaries are (bin/napi-v6/<platform>/<arch>). */
  binaryDirectory: string;
  createSession(model: Uint8Array, options: InferenceSession.SessionOptions): BindingSession;
}

export type { BindingSession };

/** Loaded runtimes by module specifier (a failure is not kept: the next run tries again). */
const loaded = new Map<string, OnnxRuntime>();

/** Resolves from beside the bundle (dist/ or src/train/engine/). */
function resolveFromHere(specifier: string): string {
  return requireFromHere(specifier, true) as string;
}

/**
 * Requires from beside the bundle (dist/ or src/train/engine/) only, never from the working directory: a native
 * module must come with the product (the repository's node_modules, or the one a platform VSIX carries), not from
 * whatever node_modules the user's workspace holds (the universal VSIX, run in a workspace that has onnxruntime-node
 * installed, loaded it from there: the VSIX test in CI).
 */
function requireFromHere(specifier: string, resolveOnly = false): unknown {
  const req = createRequire(typeof __dirname === 'string' ? join(__dirname, 'index.js') : join(process.cwd(), 'package.json'));
  return resolveOnly ? req.resolve(specifier) : req(specifier);
}

/** onnxruntime-node, loaded once; throws an Error saying why it cannot be (the fallback's one line). */
export function loadOnnxRuntime(): OnnxRuntime {
  const specifier = process.env[ONNXRUNTIME_MODULE_VARIABLE] || 'onnxruntime-node';
  const known = loaded.get(specifier);
  if (known) return known;
  let root: { Tensor: TensorConstructor; env: { versions: Record<string, string | undefined> } };
  let bindingModule: BindingModule;
  try {
    root = requireFromHere(specifier) as typeof root;
    bindingModule = requireFromHere(`${specifier}/dist/binding`) as BindingModule;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`onnxruntime-node could not be loaded (${reason})`, { cause: error });
  }
  bindingModule.initOrt();
  const binaryDirectory = join(dirname(resolveFromHere(`${specifier}/package.json`)), 'bin', 'napi-v6', process.platform, process.arch);
  // A provider the package does not bundle (CUDA, TensorRT) is usable once its library was installed beside the binding.
  const library = (name: string) => (process.platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`);
  const providers = bindingModule.binding
    .listSupportedBackends()
    .filter((b) => b.bundled || existsSync(join(binaryDirectory, library(b.name))))
    .map((b) => b.name);
  const runtime: OnnxRuntime = {
    Tensor: root.Tensor,
    version: root.env.versions.node ?? 'unknown',
    providers,
    binaryDirectory,
    createSession(model, options) {
      const session = new bindingModule.binding.InferenceSession();
      session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, options);
      return session;
    },
  };
  loaded.set(specifier, runtime);
  return runtime;
}

export type { Tensor };
