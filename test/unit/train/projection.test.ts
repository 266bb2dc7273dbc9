/**
 * The projection heatmaps' numbers (src/train/projection.ts, FlowSnapshot.projection) against brute-force sums:
 * HyperGrid 4x4x4x4 projected onto its first two coordinates, the target from the reward written here, the learned
 * and sampled mass from the snapshot's own per-state numbers; and a project that throws or returns no cell.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Guard } from '../../../src/userCode/guard';
import { compileAndValidate } from '../../../src/sandbox/pipeline';
import { createSharedState } from '../../../src/userCode/slots';
import { defineEnvironment } from '../../../src/authoring/api';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import { explore } from '../../../src/dag/explore';
import { massPerCell, projectTerminals } from '../../../src/train/projection';
import { ensureGuarded } from '../../../src/userCode/guardedEnvironment';
import type { FromSandbox } from '../../../shared/protocol';
import { runInProcess, trainConfig } from './helpers';

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;
const SIDE = 4;

/** HyperGrid's reward, written again from its paper's formula (R0 = 0.1, R1 = 0.5, R2 = 2). */
function reward(x: number[]): number {
  const a = x.map((v) => Math.abs(v / (SIDE - 1) - 0.5));
  return 0.1 + 0.5 * (a.every((ad) => ad > 0.25) ? 1 : 0) + 2 * (a.every((ad) => ad > 0.3 && ad < 0.4) ? 1 : 0);
}

describe('projection heatmaps', () => {
  it('massPerCell sums each terminal into its cell (hand-made)', () => {
    const env = defineEnvironment({
      name: 'three', initial: '', actions: (s: string) => (s === '' ? ['a', 'b', 'c'] : []), step: (_s: string, a: string) => a, reward: () => 1,
      project: (x: string) => (x === 'a' ? [0, 2] : [1, 0]),
    });
    const { dag } = explore(env);
    const projection = projectTerminals(dag, ensureGuarded(env).project!);
    expect({ rows: projection.rows, cols: projection.cols }).toEqual({ rows: 2, cols: 3 });
    const mass = Array.from(dag.terminals, (x) => ({ a: 0.5, b: 0.2, c: 0.3 })[dag.states[x]]!);
    expect(massPerCell(projection, mass)).toEqual([0, 0, 0.5, 0.5, 0, 0]);
  });

  it('HyperGrid 4^4 onto (x0, x1): target, learned and sampled per cell equal brute-force sums', async () => {
    const env = hypergrid({ dims: 4, side: SIDE });
    const messages = await runInProcess(env, trainConfig({ iterations: 20, reportEvery: 20, hidden: 16, layers: 1 }));
    const snapshot = (messages.find((m) => m.type === 'flows') as Of<'flows'>).snapshot;
    const mass = snapshot.projection!;
    expect({ rows: mass.rows, cols: mass.cols }).toEqual({ rows: SIDE, cols: SIDE });
    // Brute force over the 4^4 grid points: R / Z summed per (x0, x1).
    const points = Array.from({ length: SIDE ** 4 }, (_, n) => [0, 1, 2, 3].map((d) => Math.floor(n / SIDE ** d) % SIDE));
    const z = points.reduce((sum, x) => sum + reward(x), 0);
    const target = new Array<number>(SIDE * SIDE).fill(0);
    for (const x of points) target[x[0] * SIDE + x[1]] += reward(x) / z;
    mass.target.forEach((v, c) => expect(v).toBeCloseTo(target[c], 12));
    // Learned and sampled: the snapshot's per-state numbers (every state, in the DAG's order) summed by the key's cell.
    const { dag } = explore(env);
    const learned = new Array<number>(SIDE * SIDE).fill(0);
    const sampled = new Array<number>(SIDE * SIDE).fill(0);
    dag.keys.forEach((key, s) => {
      const [x0, x1] = key.split(',').map(Number);
      learned[x0 * SIDE + x1] += snapshot.terminalProb[s];
      sampled[x0 * SIDE + x1] += snapshot.sampledFreq[s];
    });
    mass.learned.forEach((v, c) => expect(v).toBeCloseTo(learned[c], 12));
    mass.sampled.forEach((v, c) => expect(v).toBeCloseTo(sampled[c], 12));
    expect(mass.learned.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // On a side of 4 only the corners earn R1 (no coordinate lies in the ring band): the four corner cells are largest.
    const largest = Math.max(...mass.target);
    expect([0, SIDE - 1, (SIDE - 1) * SIDE, SIDE * SIDE - 1].map((c) => mass.target[c])).toEqual([largest, largest, largest, largest].map((v) => expect.closeTo(v, 12)));
  }, 60_000);

  it('a project that throws, or returns no cell, is a training error naming the state', async () => {
    const base = { name: 'two', initial: '', actions: (s: string) => (s.length < 2 ? ['0', '1'] : []), step: (s: string, a: string) => s + a, reward: () => 1 };
    const throwing = defineEnvironment({ ...base, project: (x: string) => { if (x === '10') throw new TypeError('no cell'); return [0, 0]; } });
    expect((await runInProcess(throwing, trainConfig({ iterations: 1, hidden: 8, layers: 1 }))).at(-1)).toEqual({ type: 'error', message: 'project threw TypeError: no cell for terminal state "10"' });
    const fractional = defineEnvironment({ ...base, project: (x: string) => [x.length / 4, 0] as const });
    expect((await runInProcess(fractional, trainConfig({ iterations: 1, hidden: 8, layers: 1 }))).at(-1)).toEqual({
      type: 'error', message: 'project returned [0.5,0], not [i, j] with integers i, j >= 0 (the row and column of a cell) for terminal state "00"',
    });
  });

  it('validation: a project returning no cell is a diagnostic on the terminal state', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gfn-project-')), 'p.gfn.ts');
    writeFileSync(file, [
      "import { defineEnvironment } from 'gflownet-studio';",
      "export default defineEnvironment({ name: 't', initial: '', actions: (s: string) => (s.length < 2 ? ['a', 'b'] : []), step: (s: string, a: string) => s + a, reward: () => 1,",
      "  project: (x: string) => (x === 'ab' ? [-1, 0] : [0, 0]) as [number, number] });",
    ].join('\n'));
    const { result } = await compileAndValidate(file, new Guard(createSharedState()));
    expect(result.diagnostics).toEqual([expect.objectContaining({
      code: 'user-exception', severity: 'error', line: 3,
      message: 'project returned [-1,0], not [i, j] with integers i, j >= 0 (the row and column of a cell) (in project(state "ab"))',
    })]);
  });
});
