/**
 * `npm run bench -- zoo`: every objective on every environment from the literature (examples/), the examples and the
 * templates, at the defaults (batch 16), seeds 1-3: the exact TV of the delivered policy at 250, 500, 1,000 and
 * 2,000 iterations, and the training seconds. Whole curves, not endpoints: a default that collapses mid-run on one
 * environment is not a default (issue 9's 2e-3 rate collapsed TB on smiley at 1,000 iterations).
 *
 * GFN_OBJECTIVES=tb,fm (default: every objective), GFN_SEEDS=3 (or a list: 2,3), GFN_ZOO=ising,smiley (environments whose name
 * contains one of these), GFN_CHOICES='{"epsilon":0.25}' (training choices over the defaults, to measure a candidate
 * default), GFN_ITERATIONS=2000, GFN_SHARD=i/n (every n-th run from the i-th, to use several processes), and
 * GFN_ZOO_OUT=FILE (one JSON line per run, appended).
 */
import { appendFileSync } from 'node:fs';
import bitSequences from '../examples/bit-sequences.gfn';
import bits from '../examples/bits.gfn';
import graphBuilding from '../examples/graph-building.gfn';
import hypergrid from '../examples/hypergrid.gfn';
import ising from '../examples/ising.gfn';
import perfectTree from '../examples/perfect-tree.gfn';
import setAddition from '../examples/set-addition.gfn';
import sets from '../examples/sets.gfn';
import smiley from '../examples/smiley.gfn';
import structureLearning from '../examples/structure-learning.gfn';
import graphTemplate from '../templates/graph.gfn';
import gridTemplate from '../templates/grid.gfn';
import sequencesTemplate from '../templates/sequences.gfn';
import setsTemplate from '../templates/sets.gfn';
import type { EnvironmentSpec } from '../src/authoring/api';
import type { ObjectiveName } from '../shared/objectives';
import { OBJECTIVE_NAMES } from '../shared/objectives';
import { setUpCompute } from '../src/train/compute';
import { resolveTrainConfig, type TrainChoices } from '../src/train/config';
import { codeVersion, median, trainCurve } from './harness';

const any = <S, A>(e: EnvironmentSpec<S, A>) => e as unknown as EnvironmentSpec<unknown, unknown>;

/** [label, environment]: the literature first, then the examples and the templates that differ from them. */
export const ZOO: [string, EnvironmentSpec<unknown, unknown>][] = [
  ['structure-learning', any(structureLearning)],
  ['ising', any(ising)],
  ['bit-sequences', any(bitSequences)],
  ['set-addition', any(setAddition)],
  ['perfect-tree', any(perfectTree)],
  ['graph-building', any(graphBuilding)],
  ['hypergrid 8x8', any(hypergrid)],
  ['smiley', any(smiley)],
  ['bits', any(bits)],
  ['sets', any(sets)],
  ['template graph', any(graphTemplate)],
  ['template grid', any(gridTemplate)],
  ['template sequences', any(sequencesTemplate)],
  ['template sets', any(setsTemplate)],
];

const CHECKPOINTS = [250, 500, 1000, 2000];
const BATCH = 16;

interface Run {
  env: string;
  loss: ObjectiveName;
  seed: number;
  /** Exact TV at each checkpoint (NaN after an error). */
  tv: number[];
  seconds: number;
  error?: string;
}

function runOne(label: string, env: EnvironmentSpec<unknown, unknown>, loss: ObjectiveName, seed: number, choices: TrainChoices, iterations: number): Run {
  const checkpoints = CHECKPOINTS.filter((c) => c <= iterations);
  try {
    const r = trainCurve(env, { choices: { ...choices, loss, seed, batchSize: BATCH }, maxTrajectories: iterations * BATCH, evalEvery: 250 * BATCH, targets: [] });
    const at = (iteration: number) => r.points.find((p) => p.trajectories === iteration * BATCH)?.tv ?? NaN;
    return { env: label, loss, seed, tv: checkpoints.map(at), seconds: r.points[r.points.length - 1].seconds };
  } catch (error) {
    return { env: label, loss, seed, tv: checkpoints.map(() => NaN), seconds: NaN, error: error instanceof Error ? error.message : String(error) };
  }
}

const tvText = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : 'error');

export async function benchZoo(): Promise<void> {
  // GFN_SEEDS=3 runs seeds 1-3; a list (GFN_SEEDS=2,3) runs those.
  const seedText = process.env.GFN_SEEDS ?? '3';
  const seeds = seedText.includes(',') ? seedText.split(',').map(Number) : Array.from({ length: Number(seedText) }, (_, i) => i + 1);
  const losses = process.env.GFN_OBJECTIVES ? (process.env.GFN_OBJECTIVES.split(',') as ObjectiveName[]) : OBJECTIVE_NAMES;
  const filters = process.env.GFN_ZOO?.split(',') ?? [];
  const envs = ZOO.filter(([label]) => filters.length === 0 || filters.some((f) => label.includes(f)));
  const choices = JSON.parse(process.env.GFN_CHOICES ?? '{}') as TrainChoices;
  const iterations = Number(process.env.GFN_ITERATIONS ?? 2000);
  const [shard, shards] = (process.env.GFN_SHARD ?? '0/1').split('/').map(Number);
  const out = process.env.GFN_ZOO_OUT;
  // The engine the runs train on: the default backend (native where it loads) unless GFN_CHOICES names one.
  const compute = await setUpCompute(resolveTrainConfig(choices).backend);
  console.log(`backend ${compute.description}${compute.fallback ? ` (${compute.fallback})` : ''}; code ${codeVersion()}; seeds ${seeds.join(', ')}; choices ${JSON.stringify(choices)}; shard ${shard}/${shards}`);
  const runs: Run[] = [];
  let k = 0;
  for (const seed of seeds) {
    for (const [label, env] of envs) {
      for (const loss of losses) {
        if (k++ % shards !== shard) continue;
        const run = runOne(label, env, loss, seed, choices, iterations);
        runs.push(run);
        console.log(`${label} | ${loss} | seed ${seed} | TV ${run.tv.map(tvText).join(' ')} | ${run.seconds.toFixed(1)} s${run.error ? ` | ${run.error}` : ''}`);
        if (out) appendFileSync(out, `${JSON.stringify({ ...run, choices, code: codeVersion() })}\n`);
      }
    }
  }
  const checkpoints = CHECKPOINTS.filter((c) => c <= iterations);
  console.log(`\n| environment | objective | ${checkpoints.map((c) => `TV at ${c} (worst seed)`).join(' | ')} | seconds (median) |`);
  console.log(`|---|---|${checkpoints.map(() => '---:').join('|')}|---:|`);
  for (const [label] of envs) {
    for (const loss of losses) {
      const mine = runs.filter((r) => r.env === label && r.loss === loss);
      if (mine.length === 0) continue;
      const worst = checkpoints.map((_, i) => Math.max(...mine.map((r) => (Number.isNaN(r.tv[i]) ? Infinity : r.tv[i]))));
      const cells = worst.map((w) => (Number.isFinite(w) ? w.toFixed(4) : 'error'));
      console.log(`| ${label} | \`${loss}\` | ${cells.join(' | ')} | ${median(mine.map((r) => r.seconds)).toFixed(1)} |`);
    }
  }
}
