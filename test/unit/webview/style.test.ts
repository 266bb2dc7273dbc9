import { describe, expect, it } from 'vitest';
import {
  MAX_EDGE_WIDTH,
  MIN_EDGE_WIDTH,
  MAX_NODE_SIZE,
  MIN_NODE_SIZE,
  clipLabel,
  deviation,
  deviationColour,
  edgeWidth,
  isSvgLabel,
  nodeLabel,
  nodeSize,
} from '../../../webview/style';
import { formatPercent } from '../../../shared/format';
import { defaultFilter, topTerminalsByTarget, visibleSubgraph } from '../../../webview/filter';
import { downsample, histogram, lineChart } from '../../../webview/charts';
import type { FlowGraph, GraphNode } from '../../../shared/flowGraph';

describe('data -> style mapping', () => {
  it('edge width is proportional to flow, floored for visibility', () => {
    expect(edgeWidth(4, 4)).toBe(MAX_EDGE_WIDTH);
    expect(edgeWidth(2, 4)).toBe(MAX_EDGE_WIDTH / 2);
    expect(edgeWidth(1, 4) / edgeWidth(2, 4)).toBeCloseTo(0.5, 12);
    expect(edgeWidth(0, 4)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(1e-9, 4)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(Number.NaN, 4)).toBe(MIN_EDGE_WIDTH);
    expect(edgeWidth(1, 0)).toBe(MIN_EDGE_WIDTH);
  });

  it('node area grows with state flow', () => {
    expect(nodeSize(9, 9)).toBe(MAX_NODE_SIZE);
    expect(nodeSize(0, 9)).toBe(MIN_NODE_SIZE);
    // size - MIN grows with sqrt(F): a quarter of the flow gives half the extra side.
    expect(nodeSize(9 / 4, 9) - MIN_NODE_SIZE).toBeCloseTo((MAX_NODE_SIZE - MIN_NODE_SIZE) / 2, 12);
  });

  it('deviation is log2(learned / exact), clamped, and neutral where both are ~0', () => {
    expect(deviation(2, 1, 10)).toBeCloseTo(1, 4);
    expect(deviation(0.5, 1, 10)).toBeCloseTo(-1, 4);
    expect(deviation(100, 1, 100)).toBe(2);
    expect(deviation(0, 1, 1)).toBe(-2);
    expect(deviation(0, 0, 1)).toBe(0);
    expect(deviation(1, 1, 1)).toBe(0);
  });

  it('the diverging scale is blue below, grey at 0, red above', () => {
    expect(deviationColour(0)).toBe('#969696');
    expect(deviationColour(-2)).toBe('#2166ac');
    expect(deviationColour(2)).toBe('#b2182b');
    expect(deviationColour(-5)).toBe('#2166ac');
    const [r, , b] = [1, 3, 5].map((i) => parseInt(deviationColour(1).slice(i, i + 2), 16));
    expect(r).toBeGreaterThan(b); // halfway to red
  });

  it('formats probabilities for labels', () => {
    expect(formatPercent(1 / 6)).toBe('16.7%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1e-7)).toBe('<0.01%');
    expect(formatPercent(null)).toBe('–');
  });

  it('terminal labels show render(), R, p* and, after training, learned p and sampled frequency', () => {
    const node: GraphNode = { state: 7, key: 'k', label: '^ -\n u ', depth: 3, terminal: true, reward: 2, target: 1 / 6 };
    expect(nodeLabel(node, null, null)).toBe('^ -\n u \nR=2 p*=16.7%');
    expect(nodeLabel(node, 0.15, 0.2)).toBe('^ -\n u \nR=2 p*=16.7%\np=15% f=20%');
    expect(nodeLabel({ ...node, terminal: false }, null, null)).toBe('^ -\n u ');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>';
    expect(isSvgLabel(svg)).toBe(true);
    expect(nodeLabel({ ...node, label: svg }, null, null)).toBe('R=2 p*=16.7%');
    expect(clipLabel('x'.repeat(40))).toHaveLength(24);
    expect(clipLabel('1\n2\n3\n4\n5\n6').split('\n')).toEqual(['1', '2', '3', '4 …']);
  });
});

function chain(flows: number[]): FlowGraph {
  // s0 -> 1 -> ... with a terminal at the end; flows per node.
  const nodes: GraphNode[] = flows.map((f, v) => ({ state: v, key: `s${v}`, label: `s${v}`, depth: v, terminal: v === flows.length - 1, exactFlow: f, reward: v === flows.length - 1 ? f : undefined, target: v === flows.length - 1 ? 1 : undefined }));
  const edges = flows.slice(1).map((f, i) => ({ edge: i, source: i, target: i + 1, action: 'a', exactFlow: f }));
  return { name: 'chain', whole: true, totalStates: nodes.length, totalEdges: edges.length, nodes, edges, logZ: 0, complete: true };
}

describe('visible subgraph', () => {
  it('keeps the k nodes of highest flow, s0 always, and the edges among them', () => {
    const g = chain([5, 1, 4, 3, 2]);
    const nodeFlow = g.nodes.map((n) => n.exactFlow ?? 0);
    const edgeFlow = g.edges.map((e) => e.exactFlow ?? 0);
    // A chain: only states reachable through drawn states count, so high-flow 2 and 3 wait for 1.
    const sub = visibleSubgraph(g, nodeFlow, edgeFlow, { topK: 3, threshold: 0 });
    expect(sub.nodes).toEqual([0, 1, 2]);
    expect(sub.edges).toEqual([0, 1]);
    // A fan from s0: the highest-flow children win.
    const fan: FlowGraph = { ...g, edges: [1, 2, 3, 4].map((t, i) => ({ edge: i, source: 0, target: t, action: 'a' })) };
    fan.nodes = g.nodes.map((n, v) => ({ ...n, depth: v === 0 ? 0 : 1 }));
    const top = visibleSubgraph(fan, nodeFlow, [1, 4, 3, 2], { topK: 3, threshold: 0 });
    expect(top.nodes).toEqual([0, 2, 3]);
    expect(top.edges).toEqual([1, 2]);
    const low = visibleSubgraph(g, nodeFlow, edgeFlow, { topK: 1, threshold: 0.9 });
    expect(low.nodes).toEqual([0]);
  });

  it('drops nodes and edges under the flow threshold', () => {
    const g = chain([5, 4, 1, 3, 2]);
    const nodeFlow = g.nodes.map((n) => n.exactFlow ?? 0);
    const edgeFlow = [4, 1, 3, 2];
    const sub = visibleSubgraph(g, nodeFlow, edgeFlow, { topK: 5, threshold: 0.5 });
    expect(sub.nodes).toEqual([0, 1, 3]); // flows 5, 4, 3 >= 2.5
    // 0 -> 1 (flow 4 >= 2) joins two drawn nodes; the others lose an end.
    expect(sub.edges).toEqual([0]);
    const strict = visibleSubgraph(g, nodeFlow, [1, 4, 3, 2], { topK: 5, threshold: 0.5 });
    expect(strict.edges).toEqual([]); // 0 -> 1 now carries 1 < 2
  });

  it('opens large graphs on a top-k view and small ones whole', () => {
    expect(defaultFilter(chain(new Array(10).fill(1))).topK).toBe(10);
    expect(defaultFilter(chain(new Array(2500).fill(1))).topK).toBe(1000);
  });

  it('ranks terminals by target for the histogram', () => {
    const g = chain([1, 1, 1]);
    g.nodes[1] = { ...g.nodes[1], terminal: true, target: 0.25 };
    g.nodes[2] = { ...g.nodes[2], target: 0.75 };
    expect(topTerminalsByTarget(g, 5)).toEqual([2, 1]);
    expect(topTerminalsByTarget(g, 1)).toEqual([2]);
  });
});

describe('charts', () => {
  it('draws one path per series and says so when there is no data', () => {
    const svg = lineChart({ title: 'log Z', series: [{ points: [[0, 1], [10, 2], [20, 2.5]], cls: 'l1', name: 'learned' }, { points: [[0, 2.48], [20, 2.48]], cls: 'l2', name: 'true' }] });
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toContain('data-points="5"');
    expect(lineChart({ title: 'TV', series: [{ points: [], cls: 'l1', name: 'tv' }] })).toContain('no data yet');
    // A log axis drops non-positive values instead of drawing NaN.
    const log = lineChart({ title: 'loss', logY: true, series: [{ points: [[0, 0], [1, 10], [2, 0.1]], cls: 'l1', name: 'loss' }] });
    expect(log).not.toContain('NaN');
    expect(log).toContain('data-points="2"');
  });

  it('downsamples long curves but keeps the last point', () => {
    const pts = Array.from({ length: 1001 }, (_, i) => i);
    const d = downsample(pts, 100);
    expect(d.length).toBeLessThanOrEqual(102);
    expect(d[d.length - 1]).toBe(1000);
  });

  it('draws a bar per positive value, scaled to the largest, with escaped labels', () => {
    const svg = histogram({ title: 'h', seriesNames: ['target', 'sampled'], bars: [
      { label: '<b>', title: 'x', values: [0.5, 0.25] },
      { label: 'y', title: 'y', values: [0.25, 0] },
    ] });
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
    // Horizontal bars: lengths are proportional to the values, each value written at its bar's end.
    const lengths = [...svg.matchAll(/width="([\d.]+)" height="[\d.]+"><title>/g)].map((m) => Number(m[1]));
    expect(lengths).toHaveLength(3);
    expect(lengths[0] / lengths[1]).toBeCloseTo(2, 1);
    expect(svg).toContain('>50%</text>');
    expect(svg).toContain('>25%</text>');
  });
});
