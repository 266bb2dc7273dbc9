/**
 * The explored state DAG, in compressed sparse row form so that exact passes over 10^5..10^6 states stay fast.
 * State ids are BFS order: id 0 is s0, and ids grow with depth.
 */

/** The identity of a state: `key(s)` when declared, else the JSON of the state. */
export type StateKey = string;
/** A user function of the authoring API, as named in diagnostics. */
export type UserFunctionName = 'actions' | 'step' | 'reward' | 'logReward' | 'canStop' | 'key' | 'encode' | 'render' | 'parents' | 'isMode' | 'project';

export interface Dag<S, A> {
  readonly states: S[];
  readonly keys: StateKey[];
  readonly index: Map<StateKey, number>;
  /** BFS depth: the length of the shortest path from s0. */
  readonly depth: Int32Array;
  /** Forward edges of state s: ids edgeOffset[s] .. edgeOffset[s+1]-1. */
  readonly edgeOffset: Int32Array;
  readonly edgeSource: Int32Array;
  readonly edgeChild: Int32Array;
  /** Index into actionSpace of the action of each edge. */
  readonly edgeAction: Int32Array;
  /** Backward edges of state s: parentEdge[parentOffset[s] .. parentOffset[s+1]-1] are edge ids into s. */
  readonly parentOffset: Int32Array;
  readonly parentEdge: Int32Array;
  /** The declared actionSpace, or every action seen during exploration in order of first appearance. */
  readonly actionSpace: A[];
  readonly actionKeys: string[];
  /** 1 when the state's actions were listed (every state of a complete DAG). */
  readonly expanded: Uint8Array;
  /** 1 for terminal objects: sinks, and states where canStop holds. */
  readonly terminal: Uint8Array;
  /** 1 for sinks: expanded states with no action. Their only way on is to stop. */
  readonly sink: Uint8Array;
  /**
   * log R(x) for terminal states (-Infinity for a zero reward), NaN elsewhere and where the reward is invalid or
   * threw. The engine keeps rewards only as logs, so that R = e^800 or e^-800 loses nothing.
   */
  readonly logReward: Float64Array;
  /** Ids of terminal states, ascending. */
  readonly terminals: Int32Array;
  /** A topological order of the expanded states, or null when the graph has a cycle. */
  readonly topoOrder: Int32Array | null;
  /** True when every reachable state was explored within the state budget. */
  readonly complete: boolean;
}

/** The longest path length from s0 to each state (its rank in a layered drawing); needs a topological order. */
export function longestPathDepth(dag: Dag<unknown, unknown>): Int32Array {
  const rank = new Int32Array(dag.states.length);
  if (!dag.topoOrder) return Int32Array.from(dag.depth);
  for (const s of dag.topoOrder) {
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) {
      const c = dag.edgeChild[e];
      if (rank[c] < rank[s] + 1) rank[c] = rank[s] + 1;
    }
  }
  return rank;
}
