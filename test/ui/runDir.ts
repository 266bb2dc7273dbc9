/**
 * A run directory built from the real engine (explore -> exact flows -> FlowGraph), for report tests that must not
 * wait for a trained model. The "learned" side is a real policy too: the uniform forward policy (what an untrained
 * GFlowNet starts near; policySnapshot for any other), with its exact terminal distribution (src/dag/exact.ts) and frequencies of trajectories sampled
 * from it with a seeded generator, and the inspector's numbers of that policy. No metrics.jsonl: there was no training; see runDirFromTraining for that.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentSpec } from '../../src/authoring/api';
import { explore } from '../../src/dag/explore';
import { inUnits, learnedFlows, targetDistribution, terminalDistribution, uniformBackwardPolicy, visitProbabilities, type ForwardPolicy } from '../../src/dag/exact';
import { policyInspection, targetOfBackward } from '../../src/train/inspection';
import { buildFlowGraph } from '../../src/flowGraph/graph';
import type { Dag } from '../../src/dag/dag';
import type { FlowGraph } from '../../shared/flowGraph';
import type { FlowSnapshot } from '../../shared/flowSnapshot';
import { Rng } from '../../shared/rng';
import { projectedMass, projectTerminals } from '../../src/train/projection';
import { ensureGuarded } from '../../src/userCode/guardedEnvironment';

/** The project's seeded generator (shared/rng.ts), as a function. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Uniform over the edges of a state plus stopping where the state is terminal. */
function uniformPolicy(dag: Dag<unknown, unknown>): ForwardPolicy {
  const edgeProb = new Float64Array(dag.edgeChild.length);
  const stopProb = new Float64Array(dag.states.length);
  for (let s = 0; s < dag.states.length; s++) {
    const choices = dag.edgeOffset[s + 1] - dag.edgeOffset[s] + (dag.terminal[s] ? 1 : 0);
    if (choices === 0) continue;
    for (let e = dag.edgeOffset[s]; e < dag.edgeOffset[s + 1]; e++) edgeProb[e] = 1 / choices;
    stopProb[s] = dag.terminal[s] ? 1 / choices : 0;
  }
  return { edgeProb, stopProb };
}

export function uniformPolicySnapshot(
  dag: Dag<unknown, unknown>,
  graph: FlowGraph,
  samples: number,
  seed: number,
  project?: (x: unknown) => readonly [number, number],
): FlowSnapshot {
  return policySnapshot(dag, graph, { policy: uniformPolicy(dag), logZ: graph.logZ ?? 0, backward: uniformBackwardPolicy(dag) }, samples, seed, project);
}

/** A policy as a run would deliver it: P_F, its log Z, and the backward policy P_B(s | s') its target flow is of. */
export interface DeliveredPolicy {
  policy: ForwardPolicy;
  logZ: number;
  backward: ArrayLike<number>;
}

/**
 * The flows.json of a delivered policy, by the engine's own code: its learned flows (src/dag/exact.ts learnedFlows),
 * its exact terminal distribution, the inspector's numbers against the target flow of its P_B, and the frequencies of
 * `samples` trajectories drawn from it with a seeded generator.
 */
export function policySnapshot(
  dag: Dag<unknown, unknown>,
  graph: FlowGraph,
  delivered: DeliveredPolicy,
  samples: number,
  seed: number,
  project?: (x: unknown) => readonly [number, number],
): FlowSnapshot {
  const { policy } = delivered;
  const reach = visitProbabilities(dag, policy);
  const flows = learnedFlows(dag, policy, delivered.logZ, reach);
  const pTerminal = terminalDistribution(dag, policy);
  const terminalIndex = new Map<number, number>();
  dag.terminals.forEach((x, i) => terminalIndex.set(x, i));
  const counts = new Float64Array(dag.states.length);
  const next = rng(seed);
  for (let k = 0; k < samples; k++) {
    let s = 0;
    for (;;) {
      let u = next();
      if (u < policy.stopProb[s]) break;
      u -= policy.stopProb[s];
      let e = dag.edgeOffset[s];
      for (; e < dag.edgeOffset[s + 1] - 1 && u >= policy.edgeProb[e]; e++) u -= policy.edgeProb[e];
      s = dag.edgeChild[e];
    }
    counts[s]++;
  }
  const sampled = Float64Array.from(counts, (c) => c / samples);
  const target = targetDistribution(dag);
  // The heatmaps of the environment's projection, by the engine's own code (src/train/projection.ts).
  const projection = project
    ? projectedMass(projectTerminals(dag, project), target, pTerminal, Float64Array.from(dag.terminals, (x) => sampled[x]))
    : undefined;
  return {
    iteration: 0,
    ...(projection ? { projection } : {}),
    // The inspector's numbers of this policy against the target under its P_B, by the engine's own code.
    inspector: policyInspection({
      dag,
      nodes: graph.nodes.map((n) => n.state),
      edges: graph.edges.map((e) => e.edge),
      learned: policy,
      learnedTerminal: pTerminal,
      target,
      targetFlow: targetOfBackward(dag, delivered.backward),
      sampled,
      learnedVisit: reach,
      labelOf: (state, node) => (node >= 0 ? graph.nodes[node].label : dag.keys[state]),
    }),
    // F(s -> s') = u(s) P_F(s' | s) Z, as FlowSnapshot documents.
    edgeFlow: graph.edges.map((e) => inUnits(flows.edge[e.edge], flows.logScale)),
    stateFlow: graph.nodes.map((n) => inUnits(flows.state[n.state], flows.logScale)),
    terminalProb: graph.nodes.map((n) => (n.terminal ? pTerminal[terminalIndex.get(n.state) ?? -1] ?? 0 : 0)),
    sampledFreq: graph.nodes.map((n) => counts[n.state] / samples),
  };
}

/** Writes graph.json and flows.json (uniform policy) for an environment; returns the graph. */
export function writeUntrainedRunDir(env: EnvironmentSpec<unknown, unknown>, dir: string, seed = 1): FlowGraph {
  const { dag } = explore(env);
  const graph = buildFlowGraph(env, dag);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(graph));
  writeFileSync(join(dir, 'flows.json'), JSON.stringify(uniformPolicySnapshot(dag, graph, 2000, seed, ensureGuarded(env).project)));
  return graph;
}
