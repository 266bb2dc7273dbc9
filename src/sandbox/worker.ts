/**
 * The full sandbox process (build entry `sandbox-worker` -> dist/sandbox-worker.js): validate and train jobs.
 * The host (src/sandbox/host.ts) starts it as a child process; see src/sandbox/child.ts for its channels.
 */
import { buildFlowGraph } from '../flowGraph/graph';
import { startSandbox } from './child';
import { runValidateJob, validateRequest } from './validateJob';

startSandbox(async (request, ctx) => {
  const job = request.job;
  if (job.type === 'validate') return runValidateJob(request, ctx);
  // Train: validate first (errors end the job), then the flow graph, then the trainer (src/train/session.ts).
  const validated = validateRequest(request, ctx);
  const errors = validated.result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !validated.loaded) {
    const first = errors[0];
    const where = first ? ` (line ${first.line}: ${first.message})` : '';
    ctx.post({ type: 'error', message: `the environment has ${errors.length} error${errors.length === 1 ? '' : 's'}${where}`, diagnostics: validated.result.diagnostics });
    ctx.end();
    return;
  }
  const { env, dag } = validated.loaded;
  // The run's graph: targets and exact flows of R^beta, as its TV and log Z.
  const graph = buildFlowGraph(env, dag, { beta: job.config.beta ?? 1 });
  ctx.post({ type: 'graph', graph });
  // Loaded on demand: TensorFlow.js takes a few hundred ms to initialise, which validation should not pay.
  const { runTraining } = await import('../train/session');
  await runTraining(env, dag, job, { post: ctx.post, isCancelled: () => ctx.guard.isCancelled() }, graph);
});
