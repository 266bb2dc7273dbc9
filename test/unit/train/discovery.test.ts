/**
 * Modes found, distinct objects sampled and the top-k mean reward (src/train/discovery.ts) against brute-force
 * counts: a 2^16 sequence task (16 bits appended one at a time, 4 declared modes with a Hamming ball around each),
 * trained through the session in-process with its samples written to samples.jsonl, enumerated and too large to
 * enumerate; and isMode that throws or returns a non-boolean.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import { readSamples } from '../../../src/run/runStore';
import { Guard } from '../../../src/userCode/guard';
import { compileAndValidate } from '../../../src/sandbox/pipeline';
import { createSharedState } from '../../../src/userCode/slots';
import { Discovery } from '../../../src/train/discovery';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainSummary } from '../../../shared/trainSummary';
import { writeFileSync } from 'node:fs';
import { runInProcess, trainConfig } from './helpers';

const BITS = 16;
const MODES = ['1111000011110000', '0000000000000000', '1010101010101010', '0011001100110011'];
const RADIUS = 2;

function hamming(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d++;
  return d;
}

/** The environment under test: its isMode and reward as a user would write them, on strings. */
function sequences(isMode: (x: string) => boolean = (x) => MODES.some((m) => hamming(x, m) <= RADIUS)) {
  return defineEnvironment({
    name: '16 bits appended one at a time',
    initial: '',
    actions: (s: string) => (s.length < BITS ? ['0', '1'] : []),
    step: (s: string, a: string) => s + a,
    reward: (x: string) => Math.exp(-Math.min(...MODES.map((m) => hamming(x, m)))),
    encode: (s: string) => Array.from({ length: BITS }, (_, i) => (i >= s.length ? 0 : s[i] === '1' ? 1 : -1)),
    parents: (s: string) => (s.length === 0 ? [] : [{ state: s.slice(0, -1), action: s.slice(-1) }]),
    isMode,
  });
}

/** The brute force, on integers with no code of the engine or the environment: popcount(x ^ m) <= RADIUS. */
const modeInts = MODES.map((m) => parseInt(m, 2));
function popcount(v: number): number {
  let c = 0;
  for (; v; v &= v - 1) c++;
  return c;
}
const isModeInt = (x: number) => modeInts.some((m) => popcount(x ^ m) <= RADIUS);
const rewardInt = (x: number) => Math.exp(-Math.min(...modeInts.map((m) => popcount(x ^ m))));

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;

/** Trains 0 iterations (the untrained policy) and draws `samples` objects into samples.jsonl: the only samples taken. */
async function sampleRun(maxStates: number, samples: number): Promise<{ summary: TrainSummary; sampled: number[] }> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gfn-discovery-'));
  const messages = await runInProcess(sequences(), trainConfig({ iterations: 0, samples, hidden: 16, layers: 1, seed: 3 }), { outDir, maxStates });
  const done = messages.at(-1) as Of<'done'>;
  expect(done.type, JSON.stringify(messages.at(-1))).toBe('done');
  const sampled = readSamples(outDir).map((line) => parseInt(line.state as string, 2));
  expect(sampled).toHaveLength(samples);
  return { summary: done.summary, sampled };
}

/** What the summary must say of these samples, counted by brute force. */
function expectFigures(summary: TrainSummary, sampled: number[]): void {
  const distinct = [...new Set(sampled)];
  expect(summary.distinctSampled).toBe(distinct.length);
  const modes = distinct.filter(isModeInt).length;
  // An untrained policy finds some modes (about 548 / 2^16 of its samples) but not all.
  expect(modes).toBeGreaterThan(3);
  expect(modes).toBeLessThan(548);
  expect(summary.modesFound).toBe(modes);
  expect(summary.modeRule).toBe('isMode');
  const rewards = distinct.map(rewardInt).sort((a, b) => b - a);
  const meanTop = (k: number) => rewards.slice(0, k).reduce((a, b) => a + b, 0) / k;
  expect(summary.logMeanRewardTop?.[10]).toBeCloseTo(Math.log(meanTop(10)), 10);
  expect(summary.logMeanRewardTop?.[100]).toBeCloseTo(Math.log(meanTop(100)), 10);
}

describe('modes found against a brute-force count (2^16 sequences)', () => {
  it('enumerated: modes found among the samples, "of N" over all 2^16 terminals', async () => {
    let n = 0;
    for (let x = 0; x < 2 ** BITS; x++) if (isModeInt(x)) n++;
    // By hand: 4 balls of radius 2 that do not overlap (the modes are >= 8 apart), 1 + 16 + 120 each.
    expect(n).toBe(4 * (1 + 16 + 120));
    const { summary, sampled } = await sampleRun(200_000, 3000);
    expect(summary.expandedOnDemand).toBe(false);
    expect(summary.modes).toBe(n);
    expectFigures(summary, sampled);
  }, 120_000);

  it('too large to enumerate: the same count, the number of modes unknown', async () => {
    const { summary, sampled } = await sampleRun(2000, 3000);
    expect(summary.expandedOnDemand).toBe(true);
    expect(summary.modes).toBeNull();
    expectFigures(summary, sampled);
  }, 120_000);

  it('without isMode on a DAG too large to enumerate: no modes (not a share of the largest reward sampled)', async () => {
    const env = { ...sequences() } as Record<string, unknown>;
    delete env.isMode;
    const messages = await runInProcess(defineEnvironment(env as unknown as ReturnType<typeof sequences>), trainConfig({ iterations: 4, reportEvery: 2, hidden: 16, layers: 1 }), { maxStates: 2000 });
    const progress = messages.filter((m): m is Of<'progress'> => m.type === 'progress').map((m) => m.progress);
    expect(progress.map((p) => p.modesFound)).toEqual([null, null]);
    expect(progress[1].distinctSampled).toBeGreaterThan(0);
    expect((messages.at(-1) as Of<'done'>).summary.modeRule).toBeNull();
  }, 120_000);
});

describe('Discovery', () => {
  it('counts each distinct object once over batches; top-k in log space where R overflows', () => {
    // State ids 0..49; log R = 800 + id (R beyond a double); modes: multiples of 7.
    const calls: number[] = [];
    const d = new Discovery((x) => 800 + x, (x) => (calls.push(x), x % 7 === 0), 8, 'isMode');
    d.record([1, 7, 7, 14, 3]);
    d.record(Int32Array.from([14, 21, 1, 2]));
    const f = d.figures();
    expect(f.distinctSampled).toBe(6);
    expect(f.modesFound).toBe(3);
    expect(f.modes).toBe(8);
    // isMode is asked once per distinct object.
    expect(calls).toEqual([1, 7, 14, 3, 21, 2]);
    expect(f.logMeanRewardTop[10]).toBeNull();
    d.record(Array.from({ length: 50 }, (_, i) => i));
    const g = d.figures();
    expect(g.distinctSampled).toBe(50);
    expect(g.modesFound).toBe(8);
    // log((1/10) sum_{i=40}^{49} e^(800 + i)) by hand.
    let sum = 0;
    for (let i = 40; i < 50; i++) sum += Math.exp(i - 49);
    expect(g.logMeanRewardTop[10]).toBeCloseTo(849 + Math.log(sum / 10), 10);
    expect(g.logMeanRewardTop[100]).toBeNull();
  });
});

describe('a hostile isMode', () => {
  const small = (isMode: (x: string) => boolean) => {
    const env = sequences(isMode) as unknown as Record<string, unknown>;
    return defineEnvironment({ ...env, actions: (s: string) => (s.length < 4 ? ['0', '1'] : []) } as unknown as ReturnType<typeof sequences>);
  };

  it('a throw is a training error naming the state', async () => {
    const messages = await runInProcess(small((x) => {
      if (x === '0110') throw new RangeError('no verdict');
      return false;
    }), trainConfig({ iterations: 2, hidden: 8, layers: 1 }));
    expect(messages.at(-1)).toEqual({ type: 'error', message: 'isMode threw RangeError: no verdict for terminal state "0110"' });
  });

  it('a non-boolean is a training error naming the state and the value', async () => {
    const messages = await runInProcess(small((x) => (x === '0001' ? 1 : false) as boolean), trainConfig({ iterations: 2, hidden: 8, layers: 1 }));
    expect(messages.at(-1)).toEqual({ type: 'error', message: 'isMode returned 1, not a boolean (true or false) for terminal state "0001"' });
  });

  it('validation: a diagnostic at the throw naming the state; a non-function isMode is refused by the loader', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gfn-ismode-'));
    const write = (name: string, isMode: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, [
        "import { defineEnvironment } from 'gflownet-studio';",
        'export default defineEnvironment({',
        "  name: 't', initial: '', actions: (s: string) => (s.length < 2 ? ['a', 'b'] : []), step: (s: string, a: string) => s + a, reward: () => 1,",
        `  ${isMode},`,
        '});',
      ].join('\n'));
      return file;
    };
    const throwing = write('throws.gfn.ts', "isMode: (x: string) => { if (x === 'ba') throw new Error('bad ' + x); return false; }");
    const { result } = await compileAndValidate(throwing, new Guard(createSharedState()));
    const line = readFileSync(throwing, 'utf8').split('\n')[3];
    expect(result.diagnostics).toEqual([expect.objectContaining({
      code: 'user-exception', severity: 'error', line: 4, column: line.indexOf('new Error') + 1,
      message: 'isMode threw Error: bad ba in isMode(state "ba")',
    })]);
    const notFunction = await compileAndValidate(write('number.gfn.ts', 'isMode: 3'), new Guard(createSharedState()));
    expect(notFunction.result.diagnostics).toEqual([expect.objectContaining({
      code: 'invalid-environment', line: 4, message: '`isMode` is a number, not a function: write `isMode: (x) => boolean` or leave it out',
    })]);
  });
});
