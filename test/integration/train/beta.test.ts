/**
 * The reward exponent beta (--beta, gflownet.train.beta): a run trains towards R(x)^beta / Z_beta. The exact target,
 * log Z, flows and modes of R^2 against hand computation on a three-object DAG; `gfn train --beta 2` through the
 * sandbox records beta in summary.json and measures its TV against R^2 / Z_2 (smiley: R = 2 for the 4 smiling
 * faces, 1 for the 4 frowning ones, so R^2 / Z_2 gives 4/20 and 1/20).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineEnvironment } from '../../../src/authoring/api';
import { explore } from '../../../src/dag/explore';
import { logPartitionFunction, targetDistribution, totalVariation, uniformBackwardFlows } from '../../../src/dag/exact';
import { buildFlowGraph } from '../../../src/flowGraph/graph';
import { nearMaxModes } from '../../../src/train/discovery';
import { Evaluator } from '../../../src/train/evaluate';
import { buildTables, LOG_REWARD_SPAN } from '../../../src/train/tables';
import type { FlowGraph } from '../../../shared/flowGraph';
import type { FlowSnapshot } from '../../../shared/flowSnapshot';
import type { TrainSummary } from '../../../shared/trainSummary';

/** s0 -> a, b, c (sinks) with R = 1, 2, 3. */
const three = defineEnvironment({
  name: 'three',
  initial: '',
  actions: (s: string) => (s === '' ? ['a', 'b', 'c'] : []),
  step: (_s: string, a: string) => a,
  reward: (x) => ({ a: 1, b: 2, c: 3 })[x] ?? 0,
});

describe('the target of R^beta, by hand', () => {
  const { dag } = explore(three);
  const order = Array.from(dag.terminals, (x) => dag.keys[x]);

  it('beta 2: Z_2 = 1 + 4 + 9 = 14, p* = 1/14, 4/14, 9/14; beta 1 is R / 6', () => {
    expect(order).toEqual(['"a"', '"b"', '"c"']);
    expect(logPartitionFunction(dag, 2)).toBeCloseTo(Math.log(14), 14);
    expect(Array.from(targetDistribution(dag, 2))).toEqual([1 / 14, 4 / 14, 9 / 14].map((p) => expect.closeTo(p, 14)));
    expect(logPartitionFunction(dag)).toBeCloseTo(Math.log(6), 14);
    expect(Array.from(targetDistribution(dag))).toEqual([1 / 6, 2 / 6, 3 / 6].map((p) => expect.closeTo(p, 14)));
    // beta 1/2: sqrt(R).
    const z = 1 + Math.SQRT2 + Math.sqrt(3);
    expect(Array.from(targetDistribution(dag, 0.5))).toEqual([1 / z, Math.SQRT2 / z, Math.sqrt(3) / z].map((p) => expect.closeTo(p, 14)));
  });

  it('beta 2: the flows, the flow graph, the evaluator and the training log-rewards are those of R^2', () => {
    const flows = uniformBackwardFlows(dag, 2);
    expect(flows.state[0]).toBeCloseTo(14, 12);
    expect(Array.from(flows.edge)).toEqual([1, 4, 9].map((f) => expect.closeTo(f, 12)));
    const graph = buildFlowGraph(three, dag, { beta: 2 });
    expect(graph.beta).toBe(2);
    expect(graph.logZ).toBeCloseTo(Math.log(14), 14);
    const terminals = graph.nodes.filter((n) => n.terminal);
    // Rewards stay R; the target is R^2 / Z_2.
    expect(terminals.map((n) => n.reward)).toEqual([1, 2, 3].map((r) => expect.closeTo(r, 14)));
    expect(terminals.map((n) => n.target)).toEqual([1 / 14, 4 / 14, 9 / 14].map((p) => expect.closeTo(p, 14)));
    expect(graph.nodes[0].exactFlow).toBeCloseTo(14, 12);
    expect(buildFlowGraph(three, dag).beta).toBeUndefined();

    const evaluator = new Evaluator(dag, undefined, 2);
    expect(Array.from(evaluator.target!)).toEqual([1 / 14, 4 / 14, 9 / 14].map((p) => expect.closeTo(p, 14)));
    // Modes: R^2 >= 0.9 * 9 holds for c alone (b: 4); with R itself, 2 < 0.9 * 3 too.
    expect(nearMaxModes(dag, 2).count).toBe(1);
    expect(nearMaxModes(dag, 1).count).toBe(1);

    // Training's log-reward is 2 log R, shifted by its largest (2 log 3), floored 25 below it.
    const tables = buildTables(dag, 2);
    expect(tables.logRewardOffset).toBeCloseTo(2 * Math.log(3), 12);
    expect(tables.logRewardFloor).toBeCloseTo(2 * Math.log(3) - LOG_REWARD_SPAN, 12);
    expect(Array.from(dag.terminals, (x) => tables.logReward[x])).toEqual([1, 2, 3].map((r) => expect.closeTo(2 * Math.log(r / 3), 6)));
  });
});

describe('gfn train --beta 2 through the sandbox', () => {
  const root = join(__dirname, '../../..');
  const cli = join(root, 'dist/cli.js');
  it.skipIf(!existsSync(cli))('records beta, reports log Z_2 and measures the TV against R^2 / Z_2', () => {
    const out = mkdtempSync(join(tmpdir(), 'gfn-beta-'));
    const r = spawnSync(process.execPath, [cli, 'train', 'examples/smiley.gfn.ts', '--beta', '2', '--iterations', '1000', '--hidden', '64', '--lr', '0.003',
      '--seed', '1', '--out', out], { encoding: 'utf8', cwd: root });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/log Z of R\^2 \(--beta 2\): learned [\d.]+, true 2\.996 \(Z = 20\)/);
    expect(r.stdout).toMatch(/between the learned terminal distribution and R\(x\)\^2\/Z/);
    expect(r.stdout).toMatch(/R = 2 \(4 objects\): target 0\.8, /);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as TrainSummary;
    expect(summary.config.beta).toBe(2);
    expect(summary.trueLogZ).toBeCloseTo(Math.log(20), 12);
    expect(Math.abs(summary.logZ - Math.log(20))).toBeLessThan(0.05);

    // The TV of the summary is that of the last snapshot's learned distribution against R^2 / Z_2, computed here.
    const graph = JSON.parse(readFileSync(join(out, 'graph.json'), 'utf8')) as FlowGraph;
    const flows = JSON.parse(readFileSync(join(out, 'flows.json'), 'utf8')) as FlowSnapshot;
    const terminals = graph.nodes.flatMap((n, i) => (n.terminal ? [i] : []));
    const handTarget = terminals.map((i) => (graph.nodes[i].reward ?? 0) ** 2 / 20);
    expect(terminals.map((i) => graph.nodes[i].target)).toEqual(handTarget.map((p) => expect.closeTo(p, 12)));
    const learned = terminals.map((i) => flows.terminalProb[i]);
    expect(summary.tv).toBeCloseTo(totalVariation(learned, handTarget), 9);
    expect(summary.tv!).toBeLessThan(0.02);
    // Against R / Z (beta 1) the same policy is far off: smiling faces 2/3 there, 4/5 here.
    const rTarget = terminals.map((i) => (graph.nodes[i].reward ?? 0) / 12);
    expect(totalVariation(learned, rTarget)).toBeGreaterThan(0.08);
  }, 120_000);
});
