/**
 * The flow graph: the state DAG as the panel draws it and the run directory stores it (graph.json), made by
 * src/flowGraph/graph.ts: nodes and edges with their exact flows, or the highest-flow part of a DAG too large to draw.
 */
export interface GraphNode {
  /** The state's id in the explored DAG (BFS order). */
  state: number;
  key: string;
  /** render(s) when declared (plain text or SVG), else the key. */
  label: string;
  depth: number;
  terminal: boolean;
  /** R(x) for terminal nodes, when a double holds it (0 for a zero reward; absent beyond about e^+-709). */
  reward?: number;
  /** log R(x) for terminal nodes with a positive reward: what the engine computes with. */
  logReward?: number;
  /** p*(x) = R(x)^beta / Z_beta for terminal nodes of a complete DAG (beta: the run's reward exponent, 1 outside training). */
  target?: number;
  /** Exact state flow F(s) under the uniform backward policy (of R^beta); absent where a double cannot hold it. */
  exactFlow?: number;
}

export interface GraphEdge {
  /** The edge's id in the explored DAG. */
  edge: number;
  /** Indices into FlowGraph.nodes. */
  source: number;
  target: number;
  action: string;
  /** Exact edge flow F(s -> s') under the uniform backward policy (of R^beta); absent where a double cannot hold it. */
  exactFlow?: number;
}

export interface FlowGraph {
  name: string;
  /** False when the DAG had more nodes than the graph may carry: then only its highest-flow part is here. */
  whole: boolean;
  /** Counts of the whole DAG. */
  totalStates: number;
  totalEdges: number;
  /** Terminal states of the whole DAG (graphs stored before it: absent; count the drawn ones then). */
  totalTerminals?: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** log Z_beta = log sum_x R(x)^beta; null when not exact or no reward is positive. */
  logZ: number | null;
  /** A training run's reward exponent, when it is not 1: targets, flows and log Z are those of R^beta. */
  beta?: number;
  complete: boolean;
}
