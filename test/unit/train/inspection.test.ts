import { describe, expect, it } from 'vitest';
import smiley from '../../../examples/smiley.gfn';
import { defineEnvironment } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { uniformBackwardFlows } from '../../../src/dag/exact';
import type { FlowSnapshot } from '../../../shared/flowSnapshot';
import type { FromSandbox } from '../../../shared/protocol';
import type { TrainProgress } from '../../../shared/trainProgress';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { runTraining } from '../../../src/train/session';
import { runInProcess, trainConfig } from './helpers';

type Of<T extends FromSandbox['type']> = Extract<FromSandbox, { type: T }>;

const lastSnapshot = (messages: FromSandbox[]): FlowSnapshot => messages.filter((m): m is Of<'flows'> => m.type === 'flows').at(-1)!.snapshot;
const lastProgress = (messages: FromSandbox[]): TrainProgress => messages.filter((m): m is Of<'progress'> => m.type === 'progress').at(-1)!.progress;

describe('FlowSnapshot.inspector (in process, the whole DAG as the index)', () => {
  const { dag } = explore(smiley);

  /** sum over the out-edges of s of values[e] plus stop[s]: 1 for a distribution over the actions of s. */
  const outSum = (values: number[], stop: number[], s: number) => {
    let sum = stop[s];
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) sum += values[e];
    return sum;
  };

  it('TB with the uniform P_B: distributions per state, the exact flows of exact.ts, deviations ranked, mass per depth', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 300, reportEvery: 150 }));
    const snapshot = lastSnapshot(messages);
    const inspector = snapshot.inspector!;
    expect(inspector).toBeDefined();
    expect(inspector.forwardProb).toHaveLength(dag.edgeChild.length);
    expect(inspector.stopProb).toHaveLength(dag.states.length);
    const exact = uniformBackwardFlows(dag);
    for (let s = 0; s < dag.states.length; s++) {
      expect(outSum(inspector.forwardProb, inspector.stopProb, s)).toBeCloseTo(1, 5);
      // States whose every completion has R = 0 carry no target flow: P_F* is undefined (all zero) there.
      if (exact.state[s] > 0) expect(outSum(inspector.targetForwardProb, inspector.targetStopProb, s)).toBeCloseTo(1, 12);
      else expect(outSum(inspector.targetForwardProb, inspector.targetStopProb, s)).toBe(0);
      if (s > 0) {
        let pb = 0;
        for (let p = dag.parentOffset[s]; p < dag.parentOffset[s + 1]; p++) pb += inspector.backwardProb[dag.parentEdge[p]];
        expect(pb).toBeCloseTo(1, 12);
      }
    }
    for (let e = 0; e < dag.edgeChild.length; e++) {
      expect(inspector.targetEdgeFlow[e]).toBeCloseTo(exact.edge[e], 12);
      expect(inspector.backwardProb[e]).toBeCloseTo(1 / (dag.parentOffset[dag.edgeChild[e] + 1] - dag.parentOffset[dag.edgeChild[e]]), 12);
    }
    // After 300 iterations the policy is not exact yet: the list says where.
    expect(inspector.deviations.length).toBeGreaterThan(0);
    expect(inspector.deviations.length).toBeLessThanOrEqual(20);
    for (let i = 0; i < inspector.deviations.length; i++) {
      const d = inspector.deviations[i];
      expect(d.node).toBe(d.state);
      expect(d.key).toBe(dag.keys[d.state]);
      expect(d.label).toBe(smiley.render!(dag.states[d.state] as never));
      expect(d.weight).toBeCloseTo(d.visit * d.tv, 12);
      if (i > 0) expect(d.weight).toBeLessThanOrEqual(inspector.deviations[i - 1].weight);
    }
    // Smiley's faces all have 3 patches: all terminal mass sits at depth 3.
    expect(inspector.depthMass.map((r) => r.depth)).toEqual([0, 1, 2, 3]);
    const at3 = inspector.depthMass[3];
    expect(at3.target).toBeCloseTo(1, 12);
    expect(at3.learned).toBeCloseTo(snapshot.terminalProb.reduce((a, b) => a + b, 0), 9);
    expect(at3.sampled).toBeCloseTo(1, 9);
    // The TV of the progress report is the one the per-state numbers add up to (at most the sum of all weights).
    expect(lastProgress(messages).tv!).toBeGreaterThan(0);
  }, 60_000);

  it('with a learned P_B: the head normalised over the parents of each state, and a target that follows it', async () => {
    const messages = await runInProcess(smiley, trainConfig({ iterations: 200, reportEvery: 200, backward: 'learned' }));
    const inspector = lastSnapshot(messages).inspector!;
    let nonUniform = 0;
    for (let s = 1; s < dag.states.length; s++) {
      const parents = dag.parentOffset[s + 1] - dag.parentOffset[s];
      let pb = 0;
      for (let p = dag.parentOffset[s]; p < dag.parentOffset[s + 1]; p++) {
        const e = dag.parentEdge[p];
        pb += inspector.backwardProb[e];
        if (Math.abs(inspector.backwardProb[e] - 1 / parents) > 1e-4) nonUniform++;
        // F*(s -> s') = F*(s') P_B(s | s'): the target flow is the one of this P_B.
        let fs = 0;
        for (let q = dag.parentOffset[s]; q < dag.parentOffset[s + 1]; q++) fs += inspector.targetEdgeFlow[dag.parentEdge[q]];
        expect(inspector.targetEdgeFlow[e]).toBeCloseTo(fs * inspector.backwardProb[e], 9);
      }
      expect(pb).toBeCloseTo(1, 6);
    }
    expect(nonUniform).toBeGreaterThan(0);
  }, 60_000);

  it('a cut graph: per-edge numbers for its edges only, deviations over the whole DAG with node -1 off the graph', async () => {
    const graph = buildFlowGraph(smiley, dag, { maxNodes: 8 });
    expect(graph.whole).toBe(false);
    const messages: FromSandbox[] = [];
    await runTraining(smiley, dag, { type: 'train', file: 'in-process', config: trainConfig({ iterations: 50, reportEvery: 50 }) }, { post: (m) => messages.push(m), isCancelled: () => false }, graph);
    const inspector = lastSnapshot(messages).inspector!;
    expect(inspector.forwardProb).toHaveLength(graph.edges.length);
    expect(inspector.stopProb).toHaveLength(graph.nodes.length);
    graph.edges.forEach((e, j) => expect(inspector.targetEdgeFlow[j]).toBeCloseTo(uniformBackwardFlows(dag).edge[e.edge], 12));
    const off = inspector.deviations.filter((d) => d.node === -1);
    expect(off.length).toBeGreaterThan(0);
    for (const d of inspector.deviations) {
      if (d.node >= 0) expect(graph.nodes[d.node].state).toBe(d.state);
      else expect(graph.nodes.some((n) => n.state === d.state)).toBe(false);
      // Off the graph too, the label is render(s), through the guarded environment.
      expect(d.label).toBe(smiley.render!(dag.states[d.state] as never));
    }
  }, 60_000);

  it('incomplete DAGs: no inspector, and the sampled objects carry render(x) for the gallery', async () => {
    // Bit strings of length 10 written left to right (one parent each), explored only up to 50 states.
    const bits = defineEnvironment({
      name: 'bits',
      initial: '',
      actionSpace: ['0', '1'],
      actions: (s) => (s.length < 10 ? ['0', '1'] : []),
      step: (s, bit) => s + bit,
      reward: (x) => 1 + [...x].filter((b) => b === '1').length,
      encode: (s) => Array.from({ length: 10 }, (_, i) => (i >= s.length ? 0 : s[i] === '1' ? 1 : -1)),
      parents: (s) => (s === '' ? [] : [{ state: s.slice(0, -1), action: s[s.length - 1] }]),
      render: (s) => `bits ${s.replace(/0/g, '.').replace(/1/g, '#')}`,
    });
    const messages = await runInProcess(bits, trainConfig({ iterations: 20, reportEvery: 20, batchSize: 8 }), { maxStates: 50 });
    expect(messages.find((m) => m.type === 'error')).toBeUndefined();
    expect(lastSnapshot(messages).inspector).toBeUndefined();
    const sampled = lastProgress(messages).sampled!;
    expect(sampled.length).toBeGreaterThan(0);
    for (const object of sampled) expect(object.label).toBe(bits.render!(JSON.parse(object.key) as string));
  }, 60_000);
});
