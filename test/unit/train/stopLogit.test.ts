/**
 * The stop logit (src/train/heads.ts, StopLogit): with 'reward' the policy's stop logit is the network's output plus
 * the state's training log-reward, in the loss (computeHeads), in the sampler and in the exact evaluation alike; a
 * checkpoint records the form it was trained with, and one written before the choice existed resumes as 'free'.
 * Structure learning (examples/structure-learning.gfn.ts), where the free form collapsed, reaches the goal of issue 17.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import hypergridExample from '../../../examples/hypergrid.gfn';
import structureLearning from '../../../examples/structure-learning.gfn';
import { explore } from '../../../src/dag/explore';
import type { FromSandbox } from '../../../shared/protocol';
import { initBackend } from '../../../src/train/backend';
import { resolveTrainConfig } from '../../../src/train/config';
import { allForwardLogProbs } from '../../../src/train/evaluate';
import { loadCheckpoint } from '../../../src/train/checkpoint';
import { encodeStates, Trainer } from '../../../src/train/trainer';
import { runInProcess, trainConfig } from './helpers';

beforeAll(async () => {
  await initBackend('wasm');
});

type Done = Extract<FromSandbox, { type: 'done' }>;
type Progress = Extract<FromSandbox, { type: 'progress' }>;

describe('the stop logit', () => {
  it("'reward' adds exactly the training log-reward to the stop logit of every state that may stop, and nothing else", () => {
    const { dag } = explore(hypergridExample);
    const features = encodeStates(hypergridExample, dag);
    // The same seed gives the same network: only the form of the stop logit differs.
    const reward = new Trainer(dag, trainConfig({ stopLogit: 'reward' }), features);
    const free = new Trainer(dag, trainConfig({ stopLogit: 'free' }), features);
    expect(reward.stop).toBe('reward');
    expect(free.stop).toBe('free');
    const t = reward.tables;
    const w = t.policyWidth;
    const a = t.nActions;
    const withReward = allForwardLogProbs(reward.policy, t, reward.stop);
    const without = allForwardLogProbs(free.policy, free.tables, free.stop);
    let stoppable = 0;
    for (let s = 0; s < t.nStates; s++) {
      const allowed = Array.from({ length: w }, (_, c) => c).filter((c) => t.forwardMask[s * w + c] === 0);
      if (allowed.length < 2) continue;
      const ref = allowed[0];
      for (const c of allowed) {
        // Log-odds against a reference action: equal for actions, shifted by log R(s) for the stop column.
        const shift = withReward[s * w + c] - withReward[s * w + ref] - (without[s * w + c] - without[s * w + ref]);
        expect(shift).toBeCloseTo(c === a ? t.logReward[s] : 0, 3);
      }
      if (allowed.includes(a)) stoppable++;
    }
    expect(stoppable).toBeGreaterThan(50);
    reward.dispose();
    free.dispose();
  });

  it('a checkpoint keeps its form: resumed under the other default, or written before the choice existed, it delivers the same policy', async () => {
    for (const stopLogit of ['free', 'reward'] as const) {
      const out = mkdtempSync(join(tmpdir(), `gfn-stop-${stopLogit}-`));
      const done = (await runInProcess(hypergridExample, trainConfig({ stopLogit, iterations: 30, reportEvery: 30 }), { outDir: out })).at(-1) as Done;
      const other = stopLogit === 'free' ? 'reward' : 'free';
      const again = mkdtempSync(join(tmpdir(), `gfn-stop-${stopLogit}-again-`));
      const resumed = (await runInProcess(hypergridExample, trainConfig({ stopLogit: other, iterations: 0 }), { outDir: again, resumeFrom: out })).at(-1) as Done;
      expect(resumed.summary.tv).toBeCloseTo(done.summary.tv!, 6);
      if (stopLogit !== 'free') continue;
      // A checkpoint from before the choice: model.json without the field is read as the free form it was.
      const modelJson = join(out, 'model', 'model.json');
      const json = JSON.parse(readFileSync(modelJson, 'utf8'));
      const modelConfig = json.modelTopology.model;
      expect(modelConfig?.stopLogit).toBe('free');
      delete modelConfig.stopLogit;
      writeFileSync(modelJson, JSON.stringify(json));
      const loaded = await loadCheckpoint(join(out, 'model'));
      expect(loaded.model.stopLogit).toBe('free');
      for (const t of [...loaded.tensors, ...(loaded.optimizer?.iterate ?? []), ...[...(loaded.optimizer?.policy ?? []), ...(loaded.optimizer?.logZ ?? [])].map((w) => w.tensor)]) t.dispose();
      const old = mkdtempSync(join(tmpdir(), 'gfn-stop-old-'));
      const fromOld = (await runInProcess(hypergridExample, trainConfig({ iterations: 0 }), { outDir: old, resumeFrom: out })).at(-1) as Done;
      expect(fromOld.summary.tv).toBeCloseTo(done.summary.tv!, 6);
    }
  });

  it('structure learning (543 DAGs, log R about -420) at the defaults reaches exact TV <= 0.02 within 2,000 iterations', async () => {
    // The run's defaults whole: seed 1, the native engine. Structure learning ends at 0.016-0.021 by seed and engine
    // (seed 2 on wasm: 0.0202): at the edge of the goal, as docs/objectives.md's table says.
    const config = resolveTrainConfig({ iterations: 2000, reportEvery: 250 });
    expect(config.stopLogit).toBe('reward');
    const messages = await runInProcess(structureLearning, config);
    const tvs = messages.filter((m): m is Progress => m.type === 'progress').map((m) => m.progress.tv!);
    const done = messages.at(-1) as Done;
    expect(done.type).toBe('done');
    expect(done.summary.tv).toBeLessThanOrEqual(0.02);
    // The curve, not only the end: the free form sat at 0.989 from the first report to the last at epsilon 0.
    expect(tvs[1]).toBeLessThan(0.1);
  });
});
