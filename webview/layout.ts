/**
 * A layered (Sugiyama-style) drawing of the state DAG, computed here and handed to Cytoscape as a `preset` layout.
 * Why not dagre or ELK: both take seconds for a few hundred nodes (docs/performance.md), while the exploration already
 * knows each state's rank (its depth),
 * so only the order within a rank is left to compute. A few barycenter sweeps (Sugiyama, Tagawa & Toda 1981, the
 * barycenter heuristic) keep edges short and reduce crossings in O(sweeps * E log E) time: milliseconds at 14,336 edges.
 */

export interface LayoutInput {
  /** The rank (depth) of each node; edges should go from a lower to a higher rank. */
  rank: ArrayLike<number>;
  /** Edges as node indices. */
  source: ArrayLike<number>;
  target: ArrayLike<number>;
}

export interface LayoutOptions {
  /** Horizontal distance between neighbours in a rank (px). */
  nodeSep?: number;
  /** Vertical distance between ranks (px). */
  rankSep?: number;
  /** Down+up barycenter sweeps. */
  sweeps?: number;
  /**
   * Ranks wider than this (px) are staggered over several rows (at most maxRows), so that labelled nodes keep
   * nodeSep between neighbours on a row while the drawing still fits the panel. Left-to-right order is kept.
   */
  maxWidth?: number;
  maxRows?: number;
  /** Vertical distance between the rows of a staggered rank (px). */
  rowSep?: number;
  /**
   * Height of each node's label (px), drawn under the node: a rank's rows, and the gap to the next rank, grow by the
   * tallest label of that rank only, so that a rank of one-line labels is not spaced for another rank's four lines.
   */
  labelHeight?: ArrayLike<number>;
}

export interface Layout {
  x: Float64Array;
  y: Float64Array;
  /** Nodes of each rank, left to right. */
  layers: number[][];
  /** Edge crossings between adjacent ranks in the initial (input) order and in the final order. */
  crossingsBefore: number;
  crossingsAfter: number;
}

/** Node ids grouped by rank, each group in input order (BFS order: a natural first guess). */
function layersOf(rank: ArrayLike<number>): number[][] {
  const layers: number[][] = [];
  for (let v = 0; v < rank.length; v++) {
    const r = rank[v];
    if (!Number.isInteger(r) || r < 0) throw new Error(`layout: node ${v} has rank ${r}; ranks must be integers >= 0`);
    (layers[r] ??= []).push(v);
  }
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];
  return layers;
}

/** Neighbour lists in CSR form: up (parents, lower rank) and down (children, higher rank). */
interface Adjacency {
  offset: Int32Array;
  list: Int32Array;
}

function adjacency(n: number, from: ArrayLike<number>, to: ArrayLike<number>, keep: (e: number) => boolean): Adjacency {
  const offset = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) if (keep(e)) offset[from[e] + 1]++;
  for (let v = 0; v < n; v++) offset[v + 1] += offset[v];
  const fill = offset.slice(0, n);
  const list = new Int32Array(offset[n]);
  for (let e = 0; e < from.length; e++) if (keep(e)) list[fill[from[e]]++] = to[e];
  return { offset, list };
}

/**
 * Crossings between two adjacent layers: with edges sorted by their upper end, each pair whose lower ends are in the
 * opposite order crosses, so the count is the number of inversions (Barth, Juenger & Mutzel 2002), via a Fenwick tree.
 */
function crossingsBetween(upperPos: Int32Array, lowerPos: Int32Array, upper: number[], down: Adjacency, lowerSize: number): number {
  const pairs: number[] = [];
  for (const u of upper) {
    for (let i = down.offset[u]; i < down.offset[u + 1]; i++) {
      const v = down.list[i];
      if (lowerPos[v] >= 0) pairs.push(upperPos[u] * (lowerSize + 1) + lowerPos[v]);
    }
  }
  pairs.sort((a, b) => a - b);
  const tree = new Int32Array(lowerSize + 1);
  let crossings = 0;
  for (let i = 0; i < pairs.length; i++) {
    const p = (pairs[i] % (lowerSize + 1)) + 1;
    // Edges seen so far whose lower end lies strictly to the right of p cross this one.
    let atMost = 0;
    for (let j = p; j > 0; j -= j & -j) atMost += tree[j];
    crossings += i - atMost;
    for (let j = p; j <= lowerSize; j += j & -j) tree[j]++;
  }
  return crossings;
}

export function layeredLayout(input: LayoutInput, options: LayoutOptions = {}): Layout {
  const nodeSep = options.nodeSep ?? 60;
  const rankSep = options.rankSep ?? 90;
  const sweeps = options.sweeps ?? 4;
  const n = input.rank.length;
  const { rank, source, target } = input;
  for (let e = 0; e < source.length; e++) {
    if (!(source[e] >= 0 && source[e] < n && target[e] >= 0 && target[e] < n)) {
      throw new Error(`layout: edge ${e} (${source[e]} -> ${target[e]}) names a node outside 0..${n - 1}`);
    }
  }
  const layers = layersOf(rank);
  // Only edges between adjacent ranks pull on the order and are counted as crossings; longer edges are rare in
  // exploration DAGs (ranks are BFS depths) and would need dummy nodes.
  const adjacent = (e: number) => rank[target[e]] === rank[source[e]] + 1;
  const down = adjacency(n, source, target, adjacent);
  const up = adjacency(n, target, source, adjacent);
  const pos = new Int32Array(n);
  const setPositions = (layer: number[]) => layer.forEach((v, i) => (pos[v] = i));
  layers.forEach(setPositions);

  const totalCrossings = (): number => {
    let c = 0;
    for (let r = 0; r + 1 < layers.length; r++) {
      // Positions of the lower layer, -1 for nodes elsewhere (pos holds every node's index within its own layer).
      c += crossingsBetween(pos, pos, layers[r], down, layers[r + 1].length);
    }
    return c;
  };

  /** Reorder one layer by the mean position of its neighbours in the layer just fixed; nodes without any keep theirs. */
  const reorder = (layer: number[], adj: Adjacency) => {
    const key = new Float64Array(n);
    for (const v of layer) {
      let sum = 0;
      const deg = adj.offset[v + 1] - adj.offset[v];
      for (let i = adj.offset[v]; i < adj.offset[v + 1]; i++) sum += pos[adj.list[i]];
      key[v] = deg > 0 ? sum / deg : pos[v];
    }
    // Stable on ties: the previous order decides, so repeated sweeps converge instead of oscillating.
    layer.sort((a, b) => key[a] - key[b] || pos[a] - pos[b]);
    setPositions(layer);
  };

  const crossingsBefore = totalCrossings();
  let best = layers.map((l) => l.slice());
  let bestCrossings = crossingsBefore;
  for (let s = 0; s < sweeps && bestCrossings > 0; s++) {
    for (let r = 1; r < layers.length; r++) reorder(layers[r], up);
    for (let r = layers.length - 2; r >= 0; r--) reorder(layers[r], down);
    const c = totalCrossings();
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((l) => l.slice());
    }
  }
  best.forEach(setPositions);

  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const maxWidth = options.maxWidth ?? Infinity;
  const maxRows = Math.max(1, options.maxRows ?? 1);
  const rowSep = options.rowSep ?? rankSep / 2;
  let top = 0;
  best.forEach((layer) => {
    const rows = Math.min(maxRows, Math.max(1, Math.ceil(((layer.length - 1) * nodeSep) / maxWidth)));
    let label = 0;
    if (options.labelHeight) for (const v of layer) label = Math.max(label, options.labelHeight[v] ?? 0);
    // Node i goes to row i mod rows; consecutive nodes are nodeSep / rows apart, nodes on one row nodeSep apart.
    const step = nodeSep / rows;
    const half = (layer.length - 1) / 2;
    layer.forEach((v, i) => {
      x[v] = (i - half) * step;
      y[v] = top + (i % rows) * (rowSep + label);
    });
    top += rankSep + label + (rows - 1) * (rowSep + label);
  });
  return { x, y, layers: best, crossingsBefore, crossingsAfter: bestCrossings };
}
