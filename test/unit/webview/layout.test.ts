import { describe, expect, it } from 'vitest';
import { layeredLayout } from '../../../webview/layout';

describe('layeredLayout', () => {
  it('puts each node at its rank and keeps neighbours in a rank apart', () => {
    // s0 -> a, b, c; a -> d; b -> d, e; c -> e
    const rank = [0, 1, 1, 1, 2, 2];
    const source = [0, 0, 0, 1, 2, 2, 3];
    const target = [1, 2, 3, 4, 4, 5, 5];
    const l = layeredLayout({ rank, source, target }, { nodeSep: 50, rankSep: 80 });
    rank.forEach((r, v) => expect(l.y[v]).toBe(r * 80));
    for (const layer of l.layers) {
      const xs = layer.map((v) => l.x[v]).sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(50);
      // Each rank is centred under s0.
      expect(xs.reduce((s, x) => s + x, 0)).toBeCloseTo(0, 9);
    }
    expect(l.layers.map((layer) => layer.length)).toEqual([1, 3, 2]);
  });

  it('barycenter sweeps remove the crossings of a known small DAG', () => {
    // Input order puts 3 under 2 and 4 under 1: a -> y, b -> x crosses; so do the second-level edges.
    //        0
    //      1   2
    //      3   4      edges 1->4, 2->3 cross once
    //      5   6      edges 3->6, 4->5 cross once (after fixing level 2 they would not)
    const rank = [0, 1, 1, 2, 2, 3, 3];
    const source = [0, 0, 1, 2, 3, 4];
    const target = [1, 2, 4, 3, 6, 5];
    const l = layeredLayout({ rank, source, target });
    expect(l.crossingsBefore).toBe(2);
    expect(l.crossingsAfter).toBe(0);
    // Children sit under their parents: 4 under 1 (left), 3 under 2 (right).
    expect(l.x[4]).toBeLessThan(l.x[3]);
    expect(l.x[5]).toBeLessThan(l.x[6]);
  });

  it('counts crossings of a complete bipartite layer pair exactly and never makes a layout worse', () => {
    // K(3,3) between ranks 1 and 2 has C(3,2)*C(3,2) = 9 crossings in any order.
    const rank = [0, 1, 1, 1, 2, 2, 2];
    const source = [0, 0, 0];
    const target = [1, 2, 3];
    for (const u of [1, 2, 3]) for (const v of [4, 5, 6]) {
      source.push(u);
      target.push(v);
    }
    const l = layeredLayout({ rank, source, target });
    expect(l.crossingsBefore).toBe(9);
    expect(l.crossingsAfter).toBe(9);
  });

  it('lays out a HyperGrid-sized DAG (4,096 nodes, 14,336 edges) without overlaps', () => {
    // Its time is measured against its budget by `npm run bench -- responsiveness`.
    // 8^4 grid, rank = sum of coordinates, edges increment one coordinate.
    const H = 8;
    const D = 4;
    const n = H ** D;
    const rank: number[] = [];
    const source: number[] = [];
    const target: number[] = [];
    for (let v = 0; v < n; v++) {
      let rest = v;
      let r = 0;
      for (let d = 0; d < D; d++) {
        const c = rest % H;
        rest = Math.floor(rest / H);
        r += c;
        if (c + 1 < H) {
          source.push(v);
          target.push(v + H ** d);
        }
      }
      rank.push(r);
    }
    expect(source.length).toBe(14336);
    const l = layeredLayout({ rank, source, target }, { nodeSep: 20 });
    expect(l.crossingsAfter).toBeLessThanOrEqual(l.crossingsBefore);
    const seen = new Set<string>();
    for (let v = 0; v < n; v++) seen.add(`${l.x[v]},${l.y[v]}`);
    expect(seen.size).toBe(n);
  });

  it('rejects edges to unknown nodes and bad ranks with a message naming them', () => {
    expect(() => layeredLayout({ rank: [0, 1], source: [0], target: [5] })).toThrow(/edge 0 \(0 -> 5\)/);
    expect(() => layeredLayout({ rank: [0, -1], source: [], target: [] })).toThrow(/node 1 has rank -1/);
  });
});

describe('staggered ranks', () => {
  it('splits a wide rank into rows, keeping order and nodeSep between neighbours of a row', () => {
    // s0 with 20 children; 20 * 50 px would be 950 px wide, the limit is 500 px: 2 rows.
    const rank = [0, ...new Array(20).fill(1)];
    const source = new Array(20).fill(0);
    const target = Array.from({ length: 20 }, (_, i) => i + 1);
    const l = layeredLayout({ rank, source, target }, { nodeSep: 50, rankSep: 100, rowSep: 40, maxWidth: 500, maxRows: 3 });
    const layer = l.layers[1];
    const xs = layer.map((v) => l.x[v]);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1]);
    expect(new Set(layer.map((v) => l.y[v]))).toEqual(new Set([100, 140]));
    const row0 = layer.filter((v) => l.y[v] === 100).map((v) => l.x[v]);
    for (let i = 1; i < row0.length; i++) expect(row0[i] - row0[i - 1]).toBeCloseTo(50, 9);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(500);
  });
});
