/**
 * Which objective reaches an exact TV of 0.02 first (the question of da Silva et al., "On Divergence Measures for
 * Training GFlowNets", NeurIPS 2024, on our examples): every objective of the registry with its defaults (MLP 2x256,
 * Adam 1e-3 / 0.1, its default exploration, lambda 0.9, alpha 0.5), trajectories and training seconds to TV 0.05 and
 * 0.02, 3 seeds, interleaved (the order rotates with the seed). Tasks: sets of 4 out of 8 (examples/sets.gfn.ts, many
 * parents per state) and bit sequences of length 8 (examples/bits.gfn.ts, a tree). `npm run bench -- objectives`;
 * `npm run bench -- hypergrid-objectives` runs the same on HyperGrid 8x8 (batch 16) and 8x8x8x8 (batch 64) to pick
 * the best objective of the accuracy benchmark. GFN_SEEDS=N, GFN_OBJECTIVES=tb,db to choose.
 */
import bits from '../examples/bits.gfn';
import { hypergrid } from '../examples/hypergrid.gfn';
import sets from '../examples/sets.gfn';
import type { EnvironmentSpec } from '../src/authoring/api';
import type { ObjectiveName } from '../shared/objectives';
import { OBJECTIVE_NAMES } from '../shared/objectives';
import { describeBackend, initBackend } from '../src/train/backend';
import { codeVersion, trainCurve, type Reached } from './harness';

interface Task {
  name: string;
  env: EnvironmentSpec<unknown, unknown>;
  batch: number;
  maxTrajectories: number;
  evalEvery: number;
}

const TARGETS = [0.05, 0.02];
const any = <S, A>(e: EnvironmentSpec<S, A>) => e as unknown as EnvironmentSpec<unknown, unknown>;

export const EXAMPLE_TASKS: Task[] = [
  { name: 'sets of 4 out of 8 (examples/sets.gfn.ts), batch 16', env: any(sets), batch: 16, maxTrajectories: 48_000, evalEvery: 256 },
  { name: 'bit sequences of length 8 (examples/bits.gfn.ts), batch 16', env: any(bits), batch: 16, maxTrajectories: 48_000, evalEvery: 256 },
];

export const HYPERGRID_TASKS: Task[] = [
  { name: 'HyperGrid 8x8, batch 16', env: any(hypergrid({ dims: 2, side: 8 })), batch: 16, maxTrajectories: 64_000, evalEvery: 256 },
  { name: 'HyperGrid 8x8x8x8, batch 64', env: any(hypergrid({ dims: 4, side: 8 })), batch: 64, maxTrajectories: 160_000, evalEvery: 640 },
];

interface Outcome {
  reached: (Reached | null)[];
  end: Reached & { tv: number };
  error?: string;
}

function runOne(task: Task, loss: ObjectiveName, seed: number): Outcome {
  try {
    const r = trainCurve(task.env, {
      choices: { loss, batchSize: task.batch, seed }, maxTrajectories: task.maxTrajectories, evalEvery: task.evalEvery, targets: TARGETS, stopEarly: true,
    });
    return { reached: r.reached, end: r.points[r.points.length - 1] };
  } catch (error) {
    return { reached: TARGETS.map(() => null), end: { trajectories: 0, seconds: 0, tv: NaN }, error: error instanceof Error ? error.message : String(error) };
  }
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');

export interface ObjectiveRow {
  task: string;
  loss: ObjectiveName;
  /** Median trajectories and seconds to TV 0.02 (Infinity when a seed did not reach it). */
  trajectories: number;
  seconds: number;
}

async function benchTasks(tasks: Task[]): Promise<ObjectiveRow[]> {
  const backend = await initBackend('wasm');
  const seeds = Array.from({ length: Number(process.env.GFN_SEEDS ?? 3) }, (_, i) => i);
  const losses = process.env.GFN_OBJECTIVES ? (process.env.GFN_OBJECTIVES.split(',') as ObjectiveName[]) : OBJECTIVE_NAMES;
  console.log(`backend ${describeBackend(backend)}; code ${codeVersion()}; seeds ${seeds.join(', ')}; objectives ${losses.join(', ')}`);
  trainCurve(tasks[0].env, { choices: { loss: 'tb', seed: 99 }, maxTrajectories: 2_000, evalEvery: 2_000, targets: [] });
  const outcomes = new Map<string, Outcome[]>();
  for (const seed of seeds) {
    for (const task of tasks) {
      for (let k = 0; k < losses.length; k++) {
        const loss = losses[(k + seed) % losses.length];
        const o = runOne(task, loss, seed);
        const key = `${task.name}|${loss}`;
        outcomes.set(key, [...(outcomes.get(key) ?? []), o]);
        const r = o.reached[1];
        console.log(`seed ${seed} ${task.name} ${loss}: ${o.error ?? (r ? `TV 0.02 at ${r.trajectories} trajectories, ${fmt(r.seconds, 2)} s` : `TV ${fmt(o.end.tv, 4)} at the cap ${o.end.trajectories}`)}`);
      }
    }
  }
  const rows: ObjectiveRow[] = [];
  for (const task of tasks) {
    console.log(`\n### ${task.name}: to exact TV 0.05 / 0.02, cap ${task.maxTrajectories} trajectories, exact TV every ${task.evalEvery}`);
    console.log('| objective | trajectories to TV 0.02 (median; seeds) | seconds to TV 0.02 (median; seeds) | trajectories to TV 0.05 (median) | seconds to TV 0.05 (median) | TV at the end |');
    console.log('|---|---:|---:|---:|---:|---|');
    const taskRows: (ObjectiveRow & { line: string })[] = [];
    for (const loss of losses) {
      const os = outcomes.get(`${task.name}|${loss}`)!;
      const t = (k: number) => os.map((o) => o.reached[k]?.trajectories ?? Infinity);
      const s = (k: number) => os.map((o) => o.reached[k]?.seconds ?? Infinity);
      const med = (v: number[]) => {
        const sorted = [...v].sort((a, b) => a - b);
        return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      };
      const cell = (v: number[], d: number) => v.map((x) => (Number.isFinite(x) ? x.toFixed(d) : 'no')).join(', ');
      const medText = (v: number[], d: number) => (Number.isFinite(med(v)) ? med(v).toFixed(d) : 'not reached');
      const end = os.map((o) => (o.error ? 'error' : fmt(o.end.tv, 4))).join(', ');
      taskRows.push({
        task: task.name, loss, trajectories: med(t(1)), seconds: med(s(1)),
        line: `| \`${loss}\` | ${medText(t(1), 0)} (${cell(t(1), 0)}) | ${medText(s(1), 2)} (${cell(s(1), 2)}) | ${medText(t(0), 0)} | ${medText(s(0), 2)} | ${end} |`,
      });
    }
    taskRows.sort((a, b) => a.seconds - b.seconds || a.trajectories - b.trajectories);
    for (const r of taskRows) console.log(r.line);
    const first = taskRows[0];
    console.log(`first to TV 0.02 (median seconds): ${Number.isFinite(first.seconds) ? `\`${first.loss}\`` : 'none within the cap'}; fewest trajectories: ` +
      `\`${[...taskRows].sort((a, b) => a.trajectories - b.trajectories)[0].loss}\``);
    for (const r of taskRows) rows.push({ task: r.task, loss: r.loss, trajectories: r.trajectories, seconds: r.seconds });
  }
  return rows;
}

export const benchObjectives = () => benchTasks(EXAMPLE_TASKS);
export const benchHypergridObjectives = () => benchTasks(HYPERGRID_TASKS);
