// Graph building: add edges one at a time to a graph on 4 nodes (6 possible edges), and stop whenever you like.
// R(G) = (1 + number of triangles) * (1 + [G is connected]): connected graphs with triangles are favoured.
import { defineEnvironment } from 'gflownet-studio';

const nodes = 4;
const allEdges: string[] = [];
for (let a = 0; a < nodes; a++) for (let b = a + 1; b < nodes; b++) allEdges.push(`${a}-${b}`);

function triangles(edges: readonly string[]): number {
  const has = (a: number, b: number) => edges.includes(`${Math.min(a, b)}-${Math.max(a, b)}`);
  let n = 0;
  for (let a = 0; a < nodes; a++) for (let b = a + 1; b < nodes; b++) for (let c = b + 1; c < nodes; c++) if (has(a, b) && has(b, c) && has(a, c)) n++;
  return n;
}

function connected(edges: readonly string[]): boolean {
  const seen = new Set([0]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges) {
      const [a, b] = e.split('-').map(Number);
      if (seen.has(a) !== seen.has(b)) {
        seen.add(a).add(b);
        grew = true;
      }
    }
  }
  return seen.size === nodes;
}

export default defineEnvironment({
  name: 'graphs on 4 nodes',
  initial: [] as string[],
  actionSpace: allEdges,
  actions: (edges) => allEdges.filter((e) => !edges.includes(e)),
  // Sorted, so that one graph is one state whatever the order its edges were added in.
  step: (edges, edge) => [...edges, edge].sort(),
  canStop: () => true,
  reward: (edges) => (1 + triangles(edges)) * (connected(edges) ? 2 : 1),
  encode: (edges) => allEdges.map((e) => (edges.includes(e) ? 1 : 0)),
  render: (edges) => (edges.length ? edges.join(' ') : '(no edge)'),
});
