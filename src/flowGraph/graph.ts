/**
 * The flow graph the panel draws: the explored DAG with labels (from `render`), rewards, the target p*(x) = R(x)/Z
 * and the exact state and edge flows under the uniform backward policy (src/dag/exact.ts). A training run's graph
 * has its reward exponent beta: target and flows are those of R^beta (the rewards shown stay R).
 * Large DAGs are cut to the `maxNodes` highest-flow states reachable from s0, so the panel stays responsive
 * (Cytoscape paints a few thousand nodes in seconds: docs/performance.md, "The panel").
 */
import type { EnvironmentSpec } from '../authoring/api';
import type { Dag } from '../dag/dag';
import { logPartitionFunction, rewardFields, uniformBackwardFlows, type Flows } from '../dag/exact';
import type { FlowGraph, GraphEdge, GraphNode } from '../../shared/flowGraph';
import { topFlowConnected } from '../../shared/topFlow';

export const DEFAULT_MAX_GRAPH_NODES = 5000;

export interface FlowGraphOptions {
  maxNodes?: number;
  /** The reward exponent of a training run (targets and flows of R^beta); 1 by default, as validation shows. */
  beta?: number;
}

export function buildFlowGraph<S, A>(env: EnvironmentSpec<S, A>, dag: Dag<S, A>, options: FlowGraphOptions = {}): FlowGraph {
  const maxNodes = Math.max(1, options.maxNodes ?? DEFAULT_MAX_GRAPH_NODES);
  const n = dag.states.length;
  const beta = options.beta ?? 1;
  const flows: Flows | null = dag.complete && dag.topoOrder ? uniformBackwardFlows(dag, beta) : null;
  const exactLogZ = flows ? logPartitionFunction(dag, beta) : -Infinity;
  const logZ = exactLogZ > -Infinity ? exactLogZ : null;
  // The protocol carries flows in the user's scale: beyond a double (log F over ~709) they are left out.
  const unit = flows ? Math.exp(flows.logScale) : 1;
  const inScale = (f: number): number | undefined => (Number.isFinite(f * unit) ? f * unit : undefined);

  const whole = n <= maxNodes;
  const chosen = whole ? Int32Array.from({ length: n }, (_, i) => i) : selectTopFlow(dag, flows, maxNodes);
  const position = new Map<number, number>();
  chosen.forEach((s, i) => position.set(s, i));

  const nodes: GraphNode[] = [];
  for (const s of chosen) {
    const terminal = dag.terminal[s] === 1;
    const logR = dag.logReward[s];
    const node: GraphNode = { state: s, key: dag.keys[s], label: labelOf(env, dag, s), depth: dag.depth[s], terminal };
    if (terminal && logR < Infinity) {
      Object.assign(node, rewardFields(logR));
      if (logZ !== null) node.target = logR > -Infinity ? Math.exp(beta * logR - logZ) : 0;
    }
    const flow = flows ? inScale(flows.state[s]) : undefined;
    if (flow !== undefined) node.exactFlow = flow;
    nodes.push(node);
  }

  const edges: GraphEdge[] = [];
  for (const s of chosen) {
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      const target = position.get(dag.edgeChild[e]);
      if (target === undefined) continue;
      const edge: GraphEdge = { edge: e, source: position.get(s) as number, target, action: actionLabel(dag, dag.edgeAction[e]) };
      const flow = flows ? inScale(flows.edge[e]) : undefined;
      if (flow !== undefined) edge.exactFlow = flow;
      edges.push(edge);
    }
  }
  const graph: FlowGraph = { name: env.name, whole, totalStates: n, totalEdges: dag.edgeChild.length, totalTerminals: dag.terminals.length, nodes, edges, logZ, complete: dag.complete };
  if (beta !== 1) graph.beta = beta;
  return graph;
}

/** render(s) when it is declared and works, else the state's key: a throwing render must not cost the graph. */
function labelOf<S, A>(env: EnvironmentSpec<S, A>, dag: Dag<S, A>, s: number): string {
  if (!env.render) return dag.keys[s];
  try {
    const label: unknown = env.render(dag.states[s]);
    return typeof label === 'string' ? label : dag.keys[s];
  } catch {
    return dag.keys[s];
  }
}

/** Strings are shown as they are; other actions by their JSON key. */
function actionLabel(dag: Dag<unknown, unknown>, a: number): string {
  const action = dag.actionSpace[a];
  return typeof action === 'string' ? action : dag.actionKeys[a];
}

/**
 * The `count` states of highest exact flow that stay connected to s0: a best-first search from s0 by flow, so every
 * kept state has a kept parent. Without flows (incomplete or cyclic DAG), the first states in BFS order.
 */
function selectTopFlow(dag: Dag<unknown, unknown>, flows: Flows | null, count: number): Int32Array {
  const n = dag.states.length;
  if (!flows) return Int32Array.from({ length: Math.min(count, n) }, (_, i) => i);
  const flow = flows.state;
  const kept = topFlowConnected(
    n,
    [0],
    (s, visit) => {
      for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) visit(dag.edgeChild[e]);
    },
    (s) => flow[s],
    count,
  );
  // BFS ids grow with depth: sorting keeps parents before children, as in the whole graph.
  return Int32Array.from(kept).sort();
}
