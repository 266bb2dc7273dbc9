/**
 * The modes of the reward as separated regions of the terminal objects, for telling a collapse onto some modes from a
 * collapse onto the wrong depth (src/train/diagnosis.ts, docs/diagnosis.md). Pure functions over an enumerated DAG.
 *
 * Two terminal objects are neighbours when one step of the DAG links them: x -> y, or x <- s -> y (they share a
 * parent: on a lattice of spins, one flip; on DAGs of edges, one edge added, removed or swapped). Each object climbs to
 * its neighbour of the largest reward while that is strictly larger; the object where it stops is a peak (a local
 * maximum of R), and the objects that climb to it are its basin: a mode as a region, in the sense of the steepest
 * ascent partition of a discrete landscape. Two basins meet at a saddle: the largest reward at which a path of
 * neighbours joins them, found by adding the objects in decreasing reward and joining neighbours (union-find), the
 * minimax path of Kruskal's algorithm on the neighbour graph.
 */
import type { Dag } from '../dag/dag';

export interface RewardBasins {
  /** For the i-th terminal (dag.terminals order): the terminal index of the peak its ascent ends at. */
  peakOf: Int32Array;
  /** The terminal indices that are peaks, ascending. */
  peaks: number[];
  /** The terminal indices adjacent to terminal i (its neighbours). */
  neighbours(i: number): number[];
  /** log R of terminal i (NaN and -Infinity sort last). */
  logReward(i: number): number;
}

/** The neighbour lists and the steepest-ascent basins of the terminals of an enumerated DAG. */
export function rewardBasins(dag: Dag<unknown, unknown>): RewardBasins {
  const terminalIndex = new Int32Array(dag.states.length).fill(-1);
  dag.terminals.forEach((x, i) => (terminalIndex[x] = i));
  const n = dag.terminals.length;
  const logR = (i: number) => {
    const v = dag.logReward[dag.terminals[i]];
    return Number.isNaN(v) ? -Infinity : v;
  };
  const neighbourLists: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    const x = dag.terminals[i];
    const seen = new Set<number>();
    const add = (y: number) => {
      const j = terminalIndex[y];
      if (j >= 0 && j !== i) seen.add(j);
    };
    for (let e = dag.edgeOffset[x]; e < dag.edgeOffset[x + 1]; e++) add(dag.edgeChild[e]);
    for (let k = dag.parentOffset[x]; k < dag.parentOffset[x + 1]; k++) {
      const s = dag.edgeSource[dag.parentEdge[k]];
      add(s);
      for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) add(dag.edgeChild[e]);
    }
    neighbourLists[i] = [...seen].sort((a, b) => a - b);
  }
  // Steepest ascent: the first neighbour of the largest reward when it beats the object's own (ties do not climb).
  const up = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = i;
    for (const j of neighbourLists[i]) if (logR(j) > logR(best)) best = j;
    up[i] = best;
  }
  const peakOf = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const path: number[] = [];
    let j = i;
    while (peakOf[j] < 0 && up[j] !== j) {
      path.push(j);
      j = up[j];
    }
    const peak = peakOf[j] >= 0 ? peakOf[j] : j;
    peakOf[j] = peak;
    for (const k of path) peakOf[k] = peak;
  }
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) if (peakOf[i] === i) peaks.push(i);
  return { peakOf, peaks, neighbours: (i) => neighbourLists[i], logReward: logR };
}

/**
 * The saddle between the basins of `from` and those of `to` (sets of peaks): the largest log R such that a path of
 * neighbours whose every object has at least that reward joins them; -Infinity when none does.
 */
export function saddleLogReward(basins: RewardBasins, from: ReadonlySet<number>, to: ReadonlySet<number>): number {
  const n = basins.peakOf.length;
  // Decreasing log R; a comparison, not a difference, so that objects of zero reward (-Infinity) tie.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const la = basins.logReward(a);
    const lb = basins.logReward(b);
    return la === lb ? a - b : la > lb ? -1 : 1;
  });
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  // Per component root: whether it holds an object of a `from` basin, of a `to` basin.
  const hasFrom = new Uint8Array(n);
  const hasTo = new Uint8Array(n);
  const added = new Uint8Array(n);
  for (const i of order) {
    added[i] = 1;
    hasFrom[i] = from.has(basins.peakOf[i]) ? 1 : 0;
    hasTo[i] = to.has(basins.peakOf[i]) ? 1 : 0;
    for (const j of basins.neighbours(i)) {
      if (!added[j]) continue;
      const a = find(i);
      const b = find(j);
      if (a === b) continue;
      parent[b] = a;
      hasFrom[a] |= hasFrom[b];
      hasTo[a] |= hasTo[b];
    }
    const root = find(i);
    if (hasFrom[root] && hasTo[root]) return basins.logReward(i);
  }
  return -Infinity;
}
