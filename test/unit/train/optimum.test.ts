/**
 * A correctness test of every objective: at the exact GFlowNet (the flow of the uniform backward policy, Bengio et
 * al., "GFlowNet Foundations", JMLR 2023, Sec. 3) the squared-residual losses are 0 and the divergences' gradient
 * estimators vanish (log q - log p~ = -log Z on every trajectory, so each REINFORCE weight minus its leave-one-out
 * baseline is 0). A tabular policy is overwritten with that solution, a batch is drawn with the trainer's own sampler
 * and each objective is evaluated once without an optimizer step. The converse, one perturbed logit, must make the
 * losses and gradients clearly non-zero, so the test can fail.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hypergrid } from '../../../examples/hypergrid.gfn';
import sets from '../../../examples/sets.gfn';
import smiley from '../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../src/authoring/api';
import type { Dag } from '../../../src/dag/dag';
import { logPartitionFunction, uniformBackwardFlows, type Flows } from '../../../src/dag/exact';
import { explore } from '../../../src/dag/explore';
import type { ObjectiveName } from '../../../shared/objectives';
import { initBackend } from '../../../src/train/backend';
import { outputWidth } from '../../../src/train/model';
import { buildTables, type DagTables } from '../../../src/train/tables';
import { Trainer } from '../../../src/train/trainer';
import type { StopLogit } from '../../../src/train/heads';
import { trainConfig } from './helpers';

type AnyDag = Dag<unknown, unknown>;

const BATCH = 64;
/** float32 residuals are ~1e-6, so their squares and the gradients they weight sit far below these bounds. */
const LOSS_TOLERANCE = 1e-5;
const GRAD_TOLERANCE = 1e-4;

const residualLosses: ObjectiveName[] = ['tb', 'db', 'subtb', 'fm', 'zvar'];
const divergences: ObjectiveName[] = ['kl', 'forward-kl', 'renyi', 'tsallis'];

const environments: [string, EnvironmentSpec<unknown, unknown>][] = [
  ['smiley', smiley as unknown as EnvironmentSpec<unknown, unknown>],
  ['sets', sets as unknown as EnvironmentSpec<unknown, unknown>],
  ['hypergrid 8x8 (every state may stop)', hypergrid({ dims: 2, side: 8 }) as unknown as EnvironmentSpec<unknown, unknown>],
];

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * The DAG with each terminal reward replaced by the floored one training optimises (tables.ts, LOG_REWARD_SPAN), so
 * that zero rewards (smiley's invalid faces) get the tiny positive reward the objectives see.
 */
function flooredDag(dag: AnyDag, tables: DagTables): AnyDag {
  const logReward = Float64Array.from(dag.logReward);
  for (const x of dag.terminals) logReward[x] = tables.logReward[x];
  return { ...dag, logReward };
}

/**
 * One tabular row per state: [log P_F(a | s) per action | log P_F(stop | s) | log F(s) | unused learned-P_B columns],
 * or for flow matching the log edge flows log F(s -> s') in the action columns (its stop column is log R, read from
 * the tables). With the 'reward' stop logit the policy adds log R(s) to the stop column, so the row holds
 * log P_F(stop | s) - log R(s). Masked columns are left at 0: the additive mask (-1e9) keeps them out.
 */
function exactTable(dag: AnyDag, tables: DagTables, flows: Flows, stop: StopLogit, width: number): Float32Array {
  const flowMatching = stop === 'flow';
  const a = tables.nActions;
  const table = new Float32Array(tables.nStates * width);
  for (let s = 0; s < tables.nStates; s++) {
    const logF = Math.log(flows.state[s]);
    for (let c = 0; c < a; c++) {
      const e = tables.edgeOf[s * a + c];
      if (e < 0) continue;
      const logEdge = Math.log(flows.edge[e]);
      table[s * width + c] = flowMatching ? logEdge : logEdge - logF;
    }
    if (dag.terminal[s] && !flowMatching) table[s * width + a] = Math.log(flows.stop[s]) - logF - (stop === 'reward' ? tables.logReward[s] : 0);
    table[s * width + a + 1] = logF;
  }
  return table;
}

interface Setup {
  dag: AnyDag;
  flows: Flows;
  logZ: number;
}

function setUp(env: EnvironmentSpec<unknown, unknown>): Setup {
  const { dag } = explore(env);
  const tables = buildTables(dag);
  const floored = flooredDag(dag, tables);
  const flows = uniformBackwardFlows(floored);
  return { dag, flows, logZ: logPartitionFunction(floored) };
}

/** A tabular trainer holding the exact solution, with `perturb` added to s0's first allowed action logit. */
/** The objective on one batch sampled at the exact solution, there and with s0's first allowed logit raised by 0.5. */
function evaluateAtOptimumAndPerturbed(setup: Setup, loss: ObjectiveName) {
  const exact = exactTrainer(setup, loss);
  const batch = exact.sample(BATCH);
  const atOptimum = exact.lossOnBatch(batch);
  exact.dispose();
  const perturbed = exactTrainer(setup, loss, 0.5);
  const off = perturbed.lossOnBatch(batch);
  perturbed.dispose();
  return { atOptimum, off };
}

function exactTrainer(setup: Setup, loss: ObjectiveName, perturb = 0): Trainer<unknown, unknown> {
  const trainer = new Trainer(setup.dag, { ...trainConfig({ loss, batchSize: BATCH, seed: 7 }), policy: 'tabular' }, null);
  const { tables, model } = trainer;
  const width = outputWidth(model.config);
  const table = exactTable(setup.dag, tables, setup.flows, trainer.stop, width);
  const first = Array.from({ length: tables.nActions }, (_, c) => c).find((c) => tables.edgeOf[c] >= 0)!;
  table[first] += perturb;
  model.weights[0].assign(tf.tensor2d(table, [tables.nStates, width]));
  model.logZ.assign(tf.scalar(setup.logZ));
  return trainer;
}

describe('every objective is exactly stationary at the true GFlowNet (tabular policy, floored rewards)', () => {
  for (const [name, env] of environments) {
    describe(name, () => {
      const setup = setUp(env);

      it('the exact flow is positive everywhere, so every row of the solution is finite', () => {
        expect(Array.from(setup.flows.state).every((f) => f > 0 && Number.isFinite(f))).toBe(true);
        // F(s0) = Z: the flow that the rows encode is the one whose log Z the trainer is given.
        expect(Math.log(setup.flows.state[0])).toBeCloseTo(setup.logZ, 10);
      });

      for (const loss of residualLosses) {
        it(`${loss}: loss ~ 0 and gradients ~ 0 at the optimum; one perturbed logit makes them clearly positive`, () => {
          const { atOptimum, off } = evaluateAtOptimumAndPerturbed(setup, loss);
          console.log(`${name} ${loss}: optimum loss ${atOptimum.loss.toExponential(2)} grad ${atOptimum.maxPolicyGrad.toExponential(2)} | perturbed loss ${off.loss.toExponential(2)} grad ${off.maxPolicyGrad.toExponential(2)}`);
          expect(Math.abs(atOptimum.loss)).toBeLessThan(LOSS_TOLERANCE);
          expect(Math.abs(atOptimum.report)).toBeLessThan(LOSS_TOLERANCE);
          expect(atOptimum.maxPolicyGrad).toBeLessThan(GRAD_TOLERANCE);
          expect(atOptimum.logZGrad).toBeLessThan(GRAD_TOLERANCE);
          expect(off.report).toBeGreaterThan(1e-3);
          expect(off.maxPolicyGrad).toBeGreaterThan(1e-3);
        });
      }

      for (const loss of divergences) {
        it(`${loss}: surrogate gradient ~ 0 and Var(log q - log p~) ~ 0 at the optimum; not so once perturbed`, () => {
          const { atOptimum, off } = evaluateAtOptimumAndPerturbed(setup, loss);
          console.log(`${name} ${loss}: optimum var ${atOptimum.report.toExponential(2)} grad ${atOptimum.maxPolicyGrad.toExponential(2)} | perturbed var ${off.report.toExponential(2)} grad ${off.maxPolicyGrad.toExponential(2)}`);
          expect(atOptimum.report).toBeLessThan(LOSS_TOLERANCE);
          expect(atOptimum.maxPolicyGrad).toBeLessThan(GRAD_TOLERANCE);
          // log Z is regressed on the batch mean of zeta = log R + log P_B - log P_F, which is log Z here.
          expect(atOptimum.logZGrad).toBeLessThan(GRAD_TOLERANCE);
          expect(off.report).toBeGreaterThan(1e-3);
          expect(off.maxPolicyGrad).toBeGreaterThan(1e-3);
        });
      }

      it('lossOnBatch changes nothing: no variable moves and no tensor leaks', () => {
        const trainer = exactTrainer(setup, 'tb', 0.5);
        const batch = trainer.sample(BATCH);
        const before = trainer.model.weights[0].dataSync().slice();
        const first = trainer.lossOnBatch(batch);
        // The engine keeps the last gradient (what a step would apply): counted from there on.
        const tensors = tf.memory().numTensors;
        const second = trainer.lossOnBatch(batch);
        expect(trainer.lossOnBatch(batch).loss).toBe(first.loss);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(second.loss).toBe(first.loss);
        expect(Array.from(trainer.model.weights[0].dataSync())).toEqual(Array.from(before));
        trainer.dispose();
      });
    });
  }
});
