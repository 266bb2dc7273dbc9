import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import smiley from '../../../examples/smiley.gfn';
import { explore } from '../../../src/dag/explore';
import type { FromSandbox } from '../../../shared/protocol';
import { initBackend } from '../../../src/train/backend';
import { loadCheckpoint } from '../../../src/train/checkpoint';
import { allForwardLogProbs } from '../../../src/train/evaluate';
import { PolicyModel } from '../../../src/train/model';
import { encodeStates, Trainer } from '../../../src/train/trainer';
import { runInProcess, trainConfig } from './helpers';

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;

beforeAll(async () => {
  await initBackend('wasm');
});

describe('training engine', () => {
  it('refuses exploration with the on-policy divergences, whose estimators assume samples from P_F', () => {
    const { dag } = explore(smiley);
    const features = encodeStates(smiley, dag);
    for (const loss of ['kl', 'forward-kl', 'renyi', 'tsallis'] as const) {
      expect(() => new Trainer(dag, trainConfig({ loss, epsilon: 0.1 }), features)).toThrow(/on-policy: use --epsilon 0/);
      expect(() => new Trainer(dag, trainConfig({ loss, temperature: 2 }), features)).toThrow(/on-policy/);
    }
    const offPolicy = new Trainer(dag, trainConfig({ loss: 'tb', epsilon: 0.1, temperature: 2 }), features);
    offPolicy.step(1);
    offPolicy.dispose();
  });

  it('does not leak tensors across iterations (every objective)', () => {
    const { dag } = explore(smiley);
    for (const loss of ['tb', 'db', 'subtb', 'fm', 'zvar', 'kl', 'forward-kl', 'renyi', 'tsallis'] as const) {
      for (const backward of ['uniform', 'learned'] as const) {
        if (loss === 'fm' && backward === 'learned') continue;
        const trainer = new Trainer(dag, trainConfig({ loss, backward }), encodeStates(smiley, dag));
        trainer.step(1);
        trainer.step(2); // Adam creates its slots on the first steps
        const before = tf.memory().numTensors;
        for (let i = 3; i <= 12; i++) trainer.step(i);
        expect(tf.memory().numTensors, `${loss} / ${backward}`).toBe(before);
        trainer.dispose();
      }
    }
    // The native engine too: no tfjs tensors and no native tensors left behind by a step.
    const trainer = new Trainer(dag, trainConfig({ backend: 'native' }), encodeStates(smiley, dag));
    trainer.step(1);
    trainer.step(2);
    const before = tf.memory().numTensors;
    const native = trainer.engine.liveObjects();
    for (let i = 3; i <= 12; i++) trainer.step(i);
    expect(tf.memory().numTensors).toBe(before);
    expect(trainer.engine.liveObjects()).toBe(native);
    trainer.dispose();
  });

  it('the same seed gives the same run; another seed another one', async () => {
    const config = trainConfig({ iterations: 60, reportEvery: 20, seed: 7 });
    const a = await runInProcess(smiley, config);
    const b = await runInProcess(smiley, config);
    const c = await runInProcess(smiley, { ...config, seed: 8 });
    const losses = (ms: FromSandbox[]) => ms.filter((m): m is Of<'progress'> => m.type === 'progress').map((m) => [m.progress.loss, m.progress.logZ, m.progress.tv]);
    expect(losses(a)).toEqual(losses(b));
    expect(losses(a)).not.toEqual(losses(c));
  });

  it('a NaN reward stops training with an error naming the iteration and the state', async () => {
    const env = defineEnvironment({
      name: 'nan reward',
      initial: '',
      actions: (s: string) => (s.length < 2 ? ['a', 'b'] : []),
      step: (s: string, a: string) => s + a,
      reward: (x: string) => (x === 'ba' ? Number.NaN : 1),
    });
    const messages = await runInProcess(env, trainConfig({ iterations: 100 }));
    const last = messages.at(-1) as Of<'error'>;
    expect(last.type).toBe('error');
    expect(last.message).toMatch(/^iteration \d+: the reward of terminal state "ba" is invalid: reward returned NaN; rewards must be finite/);
    // The same for a log-reward of +Infinity, named by its function.
    const infinite = defineEnvironment({ ...env, reward: undefined, logReward: (x: string) => (x === 'ab' ? Infinity : 0) });
    const error = (await runInProcess(infinite, trainConfig({ iterations: 100 }))).at(-1) as Of<'error'>;
    expect(error.message).toMatch(/^iteration \d+: the reward of terminal state "ab" is invalid: logReward returned Infinity;/);
  });

  it('zero rewards train (log-reward floor): smiley invalid faces get ~0 probability', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 600, reportEvery: 600 }));
    const done = messages.at(-1) as Of<'done'>;
    expect(Number.isFinite(done.summary.finalLoss)).toBe(true);
    // Without a graph the snapshot covers every DAG state in id order.
    const { dag } = explore(smiley);
    const snapshot = messages.filter((m): m is Of<'flows'> => m.type === 'flows').at(-1)!.snapshot;
    let invalid = 0;
    for (const x of dag.terminals) if (dag.logReward[x] === -Infinity) invalid += snapshot.terminalProb[x];
    expect(invalid).toBeLessThan(0.02);
  });

  it('cancel between iterations ends with done + cancelled', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 10_000, reportEvery: 10 }), { cancelAfter: 2 });
    const done = messages.at(-1) as Of<'done'>;
    expect(done.type).toBe('done');
    expect(done.cancelled).toBe(true);
    expect(done.summary.iterations).toBe(20);
    expect(done.summary.trajectories).toBe(20 * 16);
  });

  it('writes the run directory; the checkpoint reloads to the same policy', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gfn-train-'));
    const config = trainConfig({ iterations: 50, reportEvery: 25, samples: 200 });
    await runInProcess(smiley, config, { outDir: out });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    for (const k of ['loss', 'iterations', 'trajectories', 'seconds', 'trajectoriesPerSecond', 'backend', 'logZ', 'trueLogZ', 'tv', 'jsd']) {
      expect(summary).toHaveProperty(k);
    }
    const samples = readFileSync(join(out, 'samples.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(samples).toHaveLength(200);
    expect(Array.isArray(samples[0].state)).toBe(true);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const flows = JSON.parse(readFileSync(join(out, 'flows.json'), 'utf8'));
    expect(flows.iteration).toBe(50);

    // Reload and compare with a trainer trained the same way in process.
    const { dag } = explore(smiley);
    const features = encodeStates(smiley, dag);
    const trainer = new Trainer(dag, config, features);
    for (let i = 1; i <= 50; i++) trainer.step(i);
    // The model is the policy the run delivers (the moving average of the weights, src/train/average.ts); the
    // iterate being optimised is saved with Adam's state, for --resume.
    const expected = allForwardLogProbs(trainer.policy, trainer.tables, trainer.stop);
    const loaded = await loadCheckpoint(join(out, 'model'));
    const model = new PolicyModel(loaded.model, features!.data, 0, loaded.tensors);
    const actual = allForwardLogProbs(model, trainer.tables, trainer.stop);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(model.logZ.dataSync()[0]).toBe(trainer.policy.logZ.dataSync()[0]);
    expect(loaded.optimizer?.averageCount).toBe(50);
    const iterate = loaded.optimizer!.iterate!;
    expect(iterate.map((t) => Array.from(t.dataSync()))).toEqual(trainer.model.allVariables().map((v) => Array.from(v.dataSync())));
    expect(Array.from(iterate[0].dataSync())).not.toEqual(Array.from(loaded.tensors[0].dataSync()));
    for (const t of [...loaded.tensors, ...iterate, ...[...loaded.optimizer!.policy, ...loaded.optimizer!.logZ].map((w) => w.tensor)]) t.dispose();
    model.dispose();
    trainer.dispose();
  });
});
