/**
 * The native engine's kept sampling rows (src/train/engine/keptRows.ts) against a second forward of the batch, on
 * HyperGrid 8^4 batch 64 (TB, MLP 2x256, seed 0): two trainers from the same seed in one process, stepping in
 * alternation (so both draw the same trajectories and meet the same load), their step times compared step by step.
 * `npm run bench -- kept-rows` (GFN_KEPT_ROWS_STEPS=N steps per repetition, 400 by default; the first 50 are warm-up).
 */
import { hypergrid } from '../examples/hypergrid.gfn';
import { setUpCompute } from '../src/train/compute';
import { resolveTrainConfig } from '../src/train/config';
import { Trainer } from '../src/train/trainer';
import { explored, median } from './harness';

const WARM_UP = 50;

export async function benchKeptRows(): Promise<void> {
  const compute = await setUpCompute('native');
  if (compute.backend !== 'native') {
    console.log(`kept rows are the native engine's; it is unavailable here (${compute.fallback ?? compute.description})`);
    return;
  }
  const env = hypergrid({ dims: 4, side: 8 });
  const { dag, features } = explored(env);
  const config = resolveTrainConfig({ backend: 'native', loss: 'tb', batchSize: 64, seed: 0, samples: 0 });
  const steps = Number(process.env.GFN_KEPT_ROWS_STEPS ?? 400);
  console.log(`\nHyperGrid 8x8x8x8 batch 64, TB, MLP 2x256, ${compute.description}: ${steps} alternated steps each (after ${WARM_UP} of warm-up)`);
  console.log('| repetition | kept rows, median ms / step | forward again, median ms / step | ratio of means (again / kept) | median per-step ratio |\n|---|---:|---:|---:|---:|');
  for (let repetition = 1; repetition <= 3; repetition++) {
    const kept = new Trainer(dag, config, features);
    const again = new Trainer(dag, { ...config, keepSamplingRows: false }, features);
    const times: [number[], number[]] = [[], []];
    const timed = (t: typeof kept, into: number[], i: number) => {
      const t0 = performance.now();
      t.step(i);
      if (i > WARM_UP) into.push(performance.now() - t0);
    };
    for (let i = 1; i <= WARM_UP + steps; i++) {
      // Alternate which goes first, so that neither always follows the other's garbage.
      const order: [typeof kept, number[]][] = [[kept, times[0]], [again, times[1]]];
      if (i % 2 === 1) order.reverse();
      for (const [trainer, into] of order) timed(trainer, into, i);
    }
    kept.dispose();
    again.dispose();
    const [a, b] = times;
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const ratios = a.map((v, i) => b[i] / v);
    console.log(`| ${repetition} | ${median(a).toFixed(2)} | ${median(b).toFixed(2)} | ${(mean(b) / mean(a)).toFixed(3)} | ${median(ratios).toFixed(3)} |`);
  }
}
