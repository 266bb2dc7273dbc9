/**
 * The validate job of the sandbox process, in a module of its own so that the validation-only bundle
 * (src/sandbox/validateWorker.ts -> dist/sandbox-validate-worker.js) carries no TensorFlow.js: a validation (one per
 * pause in typing) starts faster without it.
 */
import { buildFlowGraph } from '../flowGraph/graph';
import type { ChildContext, SandboxRequest } from './child';
import { loadAndValidate, type Validated } from './pipeline';

/** Loads and validates the request's file; the exit hook learns how to place an exit once the file is loaded. */
export function validateRequest(request: SandboxRequest, ctx: ChildContext): Validated {
  return loadAndValidate(request.compiled, ctx.guard, { maxStates: request.job.maxStates }, (source) => {
    ctx.locateExit = (stack) => source.stack.throwSite(stack);
  });
}

export async function runValidateJob(request: SandboxRequest, ctx: ChildContext): Promise<void> {
  const { result, loaded } = validateRequest(request, ctx);
  ctx.post({ type: 'validated', result });
  // The extension's Show Flow Graph before training: the exact flows of the explored DAG.
  if (request.job.type === 'validate' && request.job.graph && loaded && result.ok) {
    ctx.post({ type: 'graph', graph: buildFlowGraph(loaded.env, loaded.dag) });
  }
  ctx.end();
}
