import { describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import smiley from '../../../examples/smiley.gfn';
import sets from '../../../examples/sets.gfn';
import { explore } from '../../../src/dag/explore';
import { uniformBackwardFlows } from '../../../src/dag/exact';
import { buildFlowGraph } from '../../../src/flowGraph/graph';

describe('buildFlowGraph', () => {
  it('smiley: the whole DAG with render labels, rewards, targets and exact flows', () => {
    const { dag } = explore(smiley);
    const g = buildFlowGraph(smiley, dag);
    expect(g).toMatchObject({ name: 'smiley faces', whole: true, totalStates: 42, totalEdges: 96, totalTerminals: 20, complete: true });
    expect(g.nodes).toHaveLength(42);
    expect(g.edges).toHaveLength(96);
    expect(g.logZ).toBeCloseTo(Math.log(12), 12);
    expect(g.nodes[0].exactFlow).toBeCloseTo(12, 12);
    const terminals = g.nodes.filter((n) => n.terminal);
    expect(terminals).toHaveLength(20);
    expect(terminals.reduce((s, n) => s + (n.target ?? 0), 0)).toBeCloseTo(1, 12);
    const smileFace = g.nodes.find((n) => n.key === JSON.stringify(['left_eb_up', 'right_eb_up', 'smile']));
    expect(smileFace).toMatchObject({ reward: 2, depth: 3 });
    // render draws the face in SVG: the disc and eyes, both eyebrows raised (inner ends higher), a smile and no frown.
    const label = smileFace!.label;
    expect(label).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(label.match(/<circle /g)).toHaveLength(3);
    expect(label).toContain('<line x1="22" y1="31" x2="42" y2="24"');
    expect(label).toContain('<line x1="78" y1="31" x2="58" y2="24"');
    expect(label).toContain('d="M 30 62 Q 50 82 70 62"');
    expect(label).not.toContain('M 30 76');
    // s0 is the bare face: a disc and two eyes, no patch.
    expect(g.nodes[0].label.match(/<(line|path) /g)).toBeNull();
    expect(smileFace?.target).toBeCloseTo(2 / 12, 12);
    // Flow conservation at every non-terminal node: F(s) = sum of outgoing edge flows.
    for (const [i, node] of g.nodes.entries()) {
      if (node.terminal) continue;
      const out = g.edges.filter((e) => e.source === i).reduce((s, e) => s + (e.exactFlow ?? 0), 0);
      expect(out).toBeCloseTo(node.exactFlow ?? NaN, 9);
    }
    expect(g.edges[0].action).toBe('left_eb_down');
  });

  it('over maxNodes: keeps the highest-flow states connected to s0', () => {
    const { dag } = explore(sets);
    const flows = uniformBackwardFlows(dag);
    const g = buildFlowGraph(sets, dag, { maxNodes: 20 });
    expect(g.whole).toBe(false);
    expect(g.totalStates).toBe(163);
    expect(g.nodes).toHaveLength(20);
    expect(g.nodes[0].state).toBe(0);
    // Every kept state but s0 has a kept parent edge.
    for (let i = 1; i < g.nodes.length; i++) expect(g.edges.some((e) => e.target === i)).toBe(true);
    // Best-first: no child of a kept state that was left out has more flow than the least kept state.
    const kept = new Set(g.nodes.map((n) => n.state));
    const least = Math.min(...g.nodes.map((n) => n.exactFlow ?? 0));
    for (const s of kept) {
      for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
        if (!kept.has(dag.edgeChild[e])) expect(flows.state[dag.edgeChild[e]]).toBeLessThanOrEqual(least + 1e-12);
      }
    }
  });

  it('a throwing render falls back to the key; an incomplete DAG has no flows', () => {
    const env = defineEnvironment({
      name: 'counter',
      initial: 0,
      actions: () => ['inc'],
      step: (n: number) => n + 1,
      canStop: () => true,
      reward: () => 1,
      render: (n: number) => {
        if (n === 2) throw new Error('no label');
        return `#${n}`;
      },
    });
    const { dag } = explore(env, { maxStates: 10 });
    const g = buildFlowGraph(env, dag, { maxNodes: 5 });
    expect(g.complete).toBe(false);
    expect(g.logZ).toBeNull();
    expect(g.nodes.map((n) => n.label)).toEqual(['#0', '#1', '2', '#3', '#4']);
    expect(g.nodes.every((n) => n.exactFlow === undefined && n.target === undefined)).toBe(true);
  });

  it('log-rewards beyond a double: log R on the terminal nodes, targets from logs, the top-flow cut still by flow', () => {
    // s0 -> a, b, c with log R = 800, 800 + log 2, -Infinity: p* = 1/3, 2/3, 0.
    const env = defineEnvironment({
      name: 'huge',
      initial: '',
      actions: (s: string) => (s === '' ? ['a', 'b', 'c'] : []),
      step: (_s: string, a: string) => a,
      logReward: (x) => ({ a: 800, b: 800 + Math.LN2 })[x] ?? -Infinity,
    });
    const { dag } = explore(env);
    const g = buildFlowGraph(env, dag);
    expect(g.logZ).toBeCloseTo(800 + Math.log(3), 12);
    const [a, b, c] = g.nodes.slice(1);
    expect(a).toMatchObject({ logReward: 800, target: expect.closeTo(1 / 3, 12) });
    expect(b).toMatchObject({ logReward: 800 + Math.LN2, target: expect.closeTo(2 / 3, 12) });
    // No double holds e^800: R itself and the flows are left out; a zero reward is R = 0.
    expect(a.reward).toBeUndefined();
    expect(a.exactFlow).toBeUndefined();
    expect(c).toMatchObject({ reward: 0, target: 0 });
    expect(c.logReward).toBeUndefined();
    // The cut keeps the highest flows, compared in exact.ts's scale: b, then a.
    const cut = buildFlowGraph(env, dag, { maxNodes: 2 });
    expect(cut.nodes.map((n) => n.key)).toEqual(['""', '"b"']);
    // JSON has no infinities: the graph survives the protocol as it is.
    expect(JSON.parse(JSON.stringify(g))).toEqual(g);
  });
});
