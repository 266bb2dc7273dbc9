/**
 * The drawn edge colours of a run with a learned backward policy, in headless Chromium (`gfn report` of a run
 * directory written from the real engine): an edge is coloured by its learned flow against the target flow of the P_B
 * in use, so a policy that is exactly that target is drawn all in the neutral grey, though under the uniform P_B
 * (graph.json's exact flows) it would be red and blue; a policy moved off its target shows deviating edges.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { results, root, usePageTest } from './pageTest';
import { reportCommand } from '../../../cli/report';
import smiley from '../../../examples/smiley.gfn';
import type { Dag } from '../../../src/dag/dag';
import { logPartitionFunction, type ForwardPolicy } from '../../../src/dag/exact';
import { explore } from '../../../src/dag/explore';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { targetOfBackward } from '../../../src/train/inspection';
import { Rng } from '../../../shared/rng';
import type { FlowGraph } from '../../../shared/flowGraph';
import { policySnapshot, type DeliveredPolicy } from '../../ui/runDir';
import { deviation } from '../../../webview/style';

const bundlePath = join(root, 'dist/webview.js');

type Cy = import('cytoscape').Core;

const shared = usePageTest('edge-colour');

/** A backward policy far from uniform: each parent edge of a state gets a seeded random weight in [0.02, 1.02). */
function skewedBackward(dag: Dag<unknown, unknown>, seed: number): Float64Array {
  const rng = new Rng(seed);
  const pb = new Float64Array(dag.edgeChild.length);
  for (let c = 0; c < dag.states.length; c++) {
    let total = 0;
    for (let q = dag.parentOffset[c]; q < dag.parentOffset[c + 1]; q++) total += pb[dag.parentEdge[q]] = 0.02 + rng.next() ** 2;
    for (let q = dag.parentOffset[c]; q < dag.parentOffset[c + 1]; q++) pb[dag.parentEdge[q]] /= total;
  }
  return pb;
}

/** The policy with s0's first action made three times as likely (then renormalised): every face's mass moves. */
function perturbed(dag: Dag<unknown, unknown>, policy: ForwardPolicy): ForwardPolicy {
  const edgeProb = Float64Array.from(policy.edgeProb);
  const first = dag.edgeOffset[0];
  edgeProb[first] *= 3;
  let total = 0;
  for (let e = first; e < dag.edgeOffset[1]; e++) total += edgeProb[e];
  for (let e = first; e < dag.edgeOffset[1]; e++) edgeProb[e] /= total;
  return { edgeProb, stopProb: policy.stopProb };
}

/** Writes the run directory of a delivered policy and its report page; returns the colour of every drawn edge. */
async function drawnColours(name: string, dag: Dag<unknown, unknown>, graph: FlowGraph, delivered: DeliveredPolicy): Promise<Map<number, string>> {
  const runDir = join(shared.dir, name);
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'graph.json'), JSON.stringify(graph));
  writeFileSync(join(runDir, 'flows.json'), JSON.stringify(policySnapshot(dag, graph, delivered, 500, 1)));
  const out = join(runDir, 'report.html');
  const errors: string[] = [];
  expect(await reportCommand([runDir, '--out', out], { out: () => undefined, err: (l) => errors.push(l), bundlePath })).toBe(0);
  expect(errors).toEqual([]);
  const problems: string[] = [];
  const page = await shared.open(out, problems);
  await page.click('#view-graph');
  // The colour Cytoscape draws each edge's line with (its rendered style, not the data it was given).
  const colours = await page.evaluate(() => (window as unknown as { gfnCy: Cy }).gfnCy.edges().map((e) => [Number(e.data('e')), String(e.style('line-color'))] as const));
  await page.locator('#graph').screenshot({ path: join(results, `edge-colour-${name}.png`) });
  await page.close();
  expect(problems).toEqual([]);
  return new Map(colours);
}

describe('edge colours with a learned backward policy', () => {
  const { dag } = explore(smiley);
  const graph = buildFlowGraph(smiley, dag);
  const backward = skewedBackward(dag, 11);
  const target = targetOfBackward(dag, backward);
  const exact: DeliveredPolicy = { policy: target.policy, logZ: logPartitionFunction(dag), backward };

  it('a policy that is the target of its P_B: no edge deviates; moved off it, edges do', async () => {
    // The premise: this P_B's target flow is far from the uniform P_B's (graph.json), which coloured edges before.
    const maxExact = Math.max(...graph.edges.map((e) => e.exactFlow ?? 0));
    const offUniform = graph.edges.filter((e) => Math.abs(deviation(target.flows.edge[e.edge], e.exactFlow ?? 0, maxExact)) > 0.5);
    expect(offUniform.length).toBeGreaterThan(10);

    const matching = await drawnColours('exact', dag, graph, exact);
    expect(matching.size).toBe(graph.edges.length);
    // Every edge in one colour, the neutral one: no red, no blue.
    const colours = new Set(matching.values());
    expect([...colours]).toHaveLength(1);
    const neutral = [...colours][0];

    const moved = await drawnColours('perturbed', dag, graph, { ...exact, policy: perturbed(dag, exact.policy) });
    const deviating = [...moved.entries()].filter(([, c]) => c !== neutral);
    expect(deviating.length).toBeGreaterThan(0);
    // s0's first edge carries more flow than its target's: red (more red than blue); its siblings less: blue.
    const rgb = (c: string | undefined) => (c?.match(/\d+/g) ?? []).map(Number);
    const edgeOf = (id: number) => graph.edges.findIndex((e) => e.edge === id);
    const [r, , b] = rgb(moved.get(edgeOf(dag.edgeOffset[0])));
    expect(r).toBeGreaterThan(b);
    const [r2, , b2] = rgb(moved.get(edgeOf(dag.edgeOffset[0] + 1)));
    expect(b2).toBeGreaterThan(r2);
  }, 120_000);
});
