/**
 * The order of a DAG in its CSR form (src/dag/dag.ts): the parent index built from the child lists, a topological
 * order (Kahn's algorithm), and, when there is none, one cycle to show the user.
 */

/** The parents of each state as CSR offsets into a list of edges, from the child of each edge. */
export function buildParents(n: number, edgeChild: Int32Array): { parentOffset: Int32Array; parentEdge: Int32Array } {
  const parentOffset = new Int32Array(n + 1);
  for (let e = 0; e < edgeChild.length; e++) parentOffset[edgeChild[e] + 1]++;
  for (let s = 0; s < n; s++) parentOffset[s + 1] += parentOffset[s];
  const fill = parentOffset.slice(0, n);
  const parentEdge = new Int32Array(edgeChild.length);
  for (let e = 0; e < edgeChild.length; e++) parentEdge[fill[edgeChild[e]]++] = e;
  return { parentOffset, parentEdge };
}

/** The adjacency of a DAG both ways: the fields of a Dag (src/dag/dag.ts) that its order needs. */
export interface Csr {
  edgeOffset: Int32Array;
  edgeChild: Int32Array;
  parentOffset: Int32Array;
  parentEdge: Int32Array;
  edgeSource: Int32Array;
}

/** Kahn's algorithm; null when some states lie on or behind a cycle. */
export function topologicalOrder(n: number, g: Csr): Int32Array | null {
  const inDegree = new Int32Array(n);
  for (let s = 0; s < n; s++) inDegree[s] = g.parentOffset[s + 1] - g.parentOffset[s];
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let s = 0; s < n; s++) if (inDegree[s] === 0) order[tail++] = s;
  while (head < tail) {
    const s = order[head++];
    for (let e = g.edgeOffset[s]; e < g.edgeOffset[s + 1]; e++) {
      if (--inDegree[g.edgeChild[e]] === 0) order[tail++] = g.edgeChild[e];
    }
  }
  return tail === n ? order : null;
}

/**
 * A cycle, as states s_0 -> s_1 -> ... -> s_0 (first state repeated at the end) and the edges between them.
 * Walks backwards through parents that Kahn's algorithm could not remove: each has such a parent, so the walk
 * must revisit a state, and the revisited stretch is a cycle.
 */
export function findCycle(n: number, g: Csr): { states: number[]; edges: number[] } {
  const inDegree = new Int32Array(n);
  for (let s = 0; s < n; s++) inDegree[s] = g.parentOffset[s + 1] - g.parentOffset[s];
  const queue: number[] = [];
  for (let s = 0; s < n; s++) if (inDegree[s] === 0) queue.push(s);
  const removed = new Uint8Array(n);
  while (queue.length) {
    const s = queue.pop() as number;
    removed[s] = 1;
    for (let e = g.edgeOffset[s]; e < g.edgeOffset[s + 1]; e++) if (--inDegree[g.edgeChild[e]] === 0) queue.push(g.edgeChild[e]);
  }
  let s = 0;
  while (removed[s]) s++;
  const seenAt = new Map<number, number>();
  const walkStates: number[] = [];
  const walkEdges: number[] = []; // walkEdges[i] goes from walkStates[i+1] to walkStates[i]
  while (!seenAt.has(s)) {
    seenAt.set(s, walkStates.length);
    walkStates.push(s);
    let via = -1;
    for (let i = g.parentOffset[s]; i < g.parentOffset[s + 1]; i++) {
      if (!removed[g.edgeSource[g.parentEdge[i]]]) {
        via = g.parentEdge[i];
        break;
      }
    }
    walkEdges.push(via);
    s = g.edgeSource[via];
  }
  const start = seenAt.get(s) as number;
  // walkStates[start..] lists the cycle backwards; reverse it into forward order.
  const cycleStart = walkStates[start];
  const states = [cycleStart, ...walkStates.slice(start + 1).reverse(), cycleStart];
  const edges = walkEdges.slice(start).reverse();
  return { states, edges };
}
