// Graph building (torchgfn's GraphBuilding with the reward of its ring tutorial, train_graph_ring.py; graphs built
// one node or edge at a time as in Bengio et al., "Flow Network based Generative Models", NeurIPS 2021). From the
// empty graph, an action adds an isolated node (up to maxNodes) or an edge between two nodes; every graph may stop.
// Graphs are unlabelled: each state is stored in a canonical labelling, so isomorphic graphs are one state whatever
// the order their nodes and edges were added in. Actions are offered once per distinct child (two edges that give
// isomorphic graphs are one choice), so no two edges of the DAG join the same pair of states.
// R(G) = `ring` when G is a ring (a single cycle through all of its >= 3 nodes), `other` otherwise; torchgfn's
// tutorial uses 100 and 1e-6, here the others get 1 so that they stay visible beside the rings.
import { defineEnvironment } from 'gflownet-studio';

export interface GraphBuildingOptions {
  maxNodes: number;
  ring?: number;
  other?: number;
}

/** An undirected graph on nodes 0..nodes-1, edges as [a, b] with a < b, sorted. */
export interface Graph {
  nodes: number;
  edges: [number, number][];
}

export const graphKey = (g: Graph) => `${g.nodes}:${g.edges.map(([a, b]) => `${a}-${b}`).join(' ')}`;

/**
 * The canonical labelling of g: of the orders that list the nodes by decreasing degree, the one whose upper triangle
 * of the adjacency matrix, read row by row, is the largest bit string. Isomorphic graphs get the same one.
 */
export function canonicalGraph(g: Graph): Graph {
  const adjacent = Array.from({ length: g.nodes }, () => Array<boolean>(g.nodes).fill(false));
  for (const [a, b] of g.edges) adjacent[a][b] = adjacent[b][a] = true;
  const degree = adjacent.map((row) => row.filter(Boolean).length);
  const degrees = [...degree].sort((a, b) => b - a);
  let best = '';
  let bestOrder: number[] = [];
  const order: number[] = [];
  const search = () => {
    if (order.length === g.nodes) {
      let code = '';
      for (let i = 0; i < g.nodes; i++) for (let j = i + 1; j < g.nodes; j++) code += adjacent[order[i]][order[j]] ? '1' : '0';
      if (bestOrder.length === 0 || code > best) [best, bestOrder] = [code, [...order]];
      return;
    }
    for (let v = 0; v < g.nodes; v++) {
      if (order.includes(v) || degree[v] !== degrees[order.length]) continue;
      order.push(v);
      search();
      order.pop();
    }
  };
  search();
  const edges: [number, number][] = [];
  for (let i = 0; i < g.nodes; i++) for (let j = i + 1; j < g.nodes; j++) if (adjacent[bestOrder[i]][bestOrder[j]]) edges.push([i, j]);
  return { nodes: g.nodes, edges };
}

/** A ring: at least 3 nodes, each of degree 2, all connected (a single cycle). */
export function isRing(g: Graph): boolean {
  if (g.nodes < 3 || g.edges.length !== g.nodes) return false;
  const degree = Array<number>(g.nodes).fill(0);
  for (const [a, b] of g.edges) {
    degree[a]++;
    degree[b]++;
  }
  if (degree.some((d) => d !== 2)) return false;
  const seen = new Set([0]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [a, b] of g.edges) {
      if (seen.has(a) !== seen.has(b)) {
        seen.add(a).add(b);
        grew = true;
      }
    }
  }
  return seen.size === g.nodes;
}

export function graphBuilding({ maxNodes, ring = 100, other = 1 }: GraphBuildingOptions) {
  const pairs: string[] = [];
  for (let a = 0; a < maxNodes; a++) for (let b = a + 1; b < maxNodes; b++) pairs.push(`${a}-${b}`);
  const apply = (g: Graph, action: string): Graph => {
    if (action === 'node') return canonicalGraph({ nodes: g.nodes + 1, edges: g.edges });
    const [a, b] = action.split('-').map(Number);
    return canonicalGraph({ nodes: g.nodes, edges: [...g.edges, [a, b]] });
  };
  // The actions of each state, one per distinct child: computed once per state, since each costs a canonicalisation.
  const offered = new Map<string, string[]>();
  const actionsOf = (g: Graph): string[] => {
    const key = graphKey(g);
    let list = offered.get(key);
    if (!list) {
      const has = new Set(g.edges.map(([a, b]) => `${a}-${b}`));
      const candidates = g.nodes < maxNodes ? ['node'] : [];
      for (let a = 0; a < g.nodes; a++) for (let b = a + 1; b < g.nodes; b++) if (!has.has(`${a}-${b}`)) candidates.push(`${a}-${b}`);
      const children = new Set<string>();
      list = [];
      for (const action of candidates) {
        const child = graphKey(apply(g, action));
        if (children.has(child)) continue;
        children.add(child);
        list.push(action);
      }
      offered.set(key, list);
    }
    return list;
  };
  const position = (i: number) => {
    const angle = (2 * Math.PI * i) / maxNodes - Math.PI / 2;
    return [50 + 38 * Math.cos(angle), 50 + 38 * Math.sin(angle)].map((v) => v.toFixed(1));
  };
  const empty: Graph = { nodes: 0, edges: [] };
  return defineEnvironment({
    name: `graphs on up to ${maxNodes} nodes (rings rewarded)`,
    initial: empty,
    actionSpace: ['node', ...pairs],
    actions: actionsOf,
    step: apply,
    canStop: () => true,
    reward: (g) => (isRing(g) ? ring : other),
    key: graphKey,
    // The canonical adjacency matrix's upper triangle (padded to maxNodes), then the number of nodes, one-hot.
    encode: (g) => [
      ...pairs.map((p) => (g.edges.some(([a, b]) => `${a}-${b}` === p) ? 1 : 0)),
      ...Array.from({ length: maxNodes + 1 }, (_, n) => (n === g.nodes ? 1 : 0)),
    ],
    render: (g) =>
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="64" height="64">` +
      g.edges.map(([a, b]) => `<line x1="${position(a)[0]}" y1="${position(a)[1]}" x2="${position(b)[0]}" y2="${position(b)[1]}" stroke="#555" stroke-width="3"/>`).join('') +
      Array.from({ length: g.nodes }, (_, i) => `<circle cx="${position(i)[0]}" cy="${position(i)[1]}" r="7" fill="#3b82f6"/>`).join('') +
      `</svg>`,
  });
}

// The unlabelled graphs on at most 6 nodes: 1 + 1 + 2 + 4 + 11 + 34 + 156 = 209 states, all terminal, 4 of them rings.
export default graphBuilding({ maxNodes: 6 });
