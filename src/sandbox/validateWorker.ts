/**
 * The validation-only sandbox process (build entry `sandbox-validate-worker` -> dist/sandbox-validate-worker.js):
 * the same validate job as src/sandbox/worker.ts without the trainer, so without TensorFlow.js in its bundle. The
 * host (src/sandbox/host.ts) starts it for validate jobs when it sits beside the full one.
 */
import { startSandbox } from './child';
import { runValidateJob } from './validateJob';

startSandbox(async (request, ctx) => {
  if (request.job.type !== 'validate') {
    ctx.post({ type: 'error', message: `internal error: the validation sandbox cannot run a ${request.job.type} job (the host must start dist/sandbox-worker.js)` });
    return;
  }
  await runValidateJob(request, ctx);
});
