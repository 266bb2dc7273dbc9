import { statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FromSandbox } from '../../../shared/protocol';
import { defaultWorkerPath, runSandboxJob, validateFile, workerFor } from '../../../src/sandbox/host';
import { DEFAULT_TRAIN_CONFIG } from '../../../cli/train';

const dist = path.join(__dirname, '../../../dist');
const full = path.join(dist, 'sandbox-worker.js');
const light = path.join(dist, 'sandbox-validate-worker.js');
const smiley = path.join(__dirname, '../../../examples/smiley.gfn.ts');

describe('the validation-only worker bundle (no TensorFlow.js)', () => {
  it('is picked for validate jobs only, and only beside the full worker', () => {
    expect(defaultWorkerPath()).toBe(full);
    expect(workerFor({ type: 'validate', file: smiley }, full)).toBe(light);
    expect(workerFor({ type: 'train', file: smiley, config: DEFAULT_TRAIN_CONFIG }, full)).toBe(full);
    // A worker path chosen by the caller under another name is respected.
    expect(workerFor({ type: 'validate', file: smiley }, '/elsewhere/custom-worker.js')).toBe('/elsewhere/custom-worker.js');
  });

  it('is a fraction of the full bundle (tfjs left out)', () => {
    const lightBytes = statSync(light).size;
    const fullBytes = statSync(full).size;
    expect(lightBytes).toBeLessThan(fullBytes / 3);
  });

  it('validates and builds the exact flow graph like the full worker (smiley: 42 states, Z = 12)', async () => {
    const result = await validateFile(smiley, { workerPath: light });
    expect(result.ok).toBe(true);
    expect(result.summary?.states).toBe(42);
    expect(Math.exp(result.summary?.logZ ?? Number.NaN)).toBeCloseTo(12, 9);
    const messages: FromSandbox[] = [];
    await runSandboxJob({ type: 'validate', file: smiley, graph: true }, { workerPath: full, onMessage: (m) => messages.push(m) });
    const graph = messages.find((m) => m.type === 'graph');
    expect(graph?.type === 'graph' && graph.graph.nodes.length).toBe(42);
  });

  it('refuses a train job with a clear internal error instead of crashing', async () => {
    const messages: FromSandbox[] = [];
    // workerFor only redirects validate jobs, so the light worker is reached here only by naming it.
    await runSandboxJob({ type: 'train', file: smiley, config: DEFAULT_TRAIN_CONFIG }, { workerPath: light, onMessage: (m) => messages.push(m) });
    const error = messages.find((m) => m.type === 'error');
    expect(error?.type === 'error' && error.message).toMatch(/cannot run a train job/);
  });
});
