/**
 * Benchmark of the training engine against the PyTorch peer (/work/shared/bench/peer_torch_tb_hypergrid.py, or
 * $GFN_PEER): trajectory balance on HyperGrid 8x8 (batch 16) and 8x8x8x8 (batch 64), MLP 2x256 over the K-hot
 * encoding, uniform P_B, Adam 1e-3 (policy) and 0.1 (log Z). Prints trajectories/s of both, the ratio, and the
 * exact TV each reached. `npm run bench -- train`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { hypergrid } from '../examples/hypergrid.gfn';
import { explore } from '../src/dag/explore';
import type { BackendName, TrainConfig } from '../shared/trainConfig';
import { setUpCompute } from '../src/train/compute';
import { allLogProbs, Evaluator, policyOutputs } from '../src/train/evaluate';
import { encodeStates, Trainer } from '../src/train/trainer';

const PEER = process.env.GFN_PEER ?? '/work/shared/bench/peer_torch_tb_hypergrid.py';
const PYTHON = '/usr/bin/python3';

interface Case {
  dims: number;
  side: number;
  batch: number;
  iterations: number;
}

export interface TrainBenchResult {
  case: string;
  ours: { trajectoriesPerSecond: number; tv: number; logZ: number; seconds: number };
  peer: { trajectoriesPerSecond: number; tv: number; logZ: number } | null;
  ratio: number | null;
}

/** The backend benchTraining set up (GFN_BACKEND, native by default). */
let backend: BackendName = 'native';

function config(c: Case): TrainConfig {
  return {
    loss: 'tb', iterations: c.iterations, batchSize: c.batch, learningRate: 1e-3, learningRateDecay: 0, learningRateLogZ: 0.1,
    hidden: 256, layers: 2, backward: 'uniform', average: 0.99, epsilon: 0, temperature: 1, seed: 0, lambda: 0.9, alpha: 0.5,
    replay: 0, beta: 1, samples: 0, reportEvery: c.iterations, stopLogit: 'reward', backend,
  };
}

export async function runOurs(c: Case): Promise<TrainBenchResult['ours']> {
  const env = hypergrid({ dims: c.dims, side: c.side });
  const { dag } = explore(env);
  const trainer = new Trainer(dag, config(c), encodeStates(env, dag));
  const started = performance.now();
  for (let i = 1; i <= c.iterations; i++) trainer.step(i);
  const seconds = (performance.now() - started) / 1000;
  // log Z and the TV of the same network, the delivered one (as gfn train reports them).
  const logZ = trainer.deliveredLogZ();
  const logPF = allLogProbs(trainer.policy, trainer.tables, trainer.stop, false, policyOutputs(trainer.policy, trainer.engine)).logPF;
  const exact = new Evaluator(dag).exactEvaluation(logPF, trainer.tables);
  trainer.dispose();
  return { trajectoriesPerSecond: (c.iterations * c.batch) / seconds, tv: exact!.tv, logZ, seconds };
}

function runPeer(c: Case): NonNullable<TrainBenchResult['peer']> | string {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} not found`;
  if (!existsSync(PEER)) return `skipped: the peer script ${PEER} is missing (set GFN_PEER)`;
  const r = spawnSync(PYTHON, [PEER, String(c.dims), String(c.side), String(c.batch), String(c.iterations), '256'], { encoding: 'utf8' });
  if (r.status !== 0) return `skipped: the peer failed (is python3-torch installed?): ${(r.stderr || '').trim().split('\n').at(-1)}`;
  const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { trajectories_per_s: number; tv_exact: number; logZ: number };
  return { trajectoriesPerSecond: j.trajectories_per_s, tv: j.tv_exact, logZ: j.logZ };
}

export async function benchTraining(): Promise<TrainBenchResult[]> {
  const compute = await setUpCompute((process.env.GFN_BACKEND as BackendName | undefined) ?? 'native');
  backend = compute.backend;
  console.log(`backend: ${compute.description}${compute.fallback ? ` (${compute.fallback})` : ''}`);
  const cases: Case[] = [
    { dims: 2, side: 8, batch: 16, iterations: 2000 },
    { dims: 4, side: 8, batch: 64, iterations: 1000 },
  ];
  const results: TrainBenchResult[] = [];
  for (const c of cases) {
    const name = `TB HyperGrid ${Array(c.dims).fill(c.side).join('x')}, batch ${c.batch}, ${c.iterations} iterations (${c.iterations * c.batch} trajectories), MLP 2x256`;
    const ours = await runOurs(c);
    console.log(`${name}\n  ours: ${ours.trajectoriesPerSecond.toFixed(0)} trajectories/s, exact TV ${ours.tv.toFixed(4)}, log Z ${ours.logZ.toFixed(4)} (${ours.seconds.toFixed(1)} s)`);
    const peer = runPeer(c);
    if (typeof peer === 'string') {
      console.log(`  peer: ${peer}`);
      results.push({ case: name, ours, peer: null, ratio: null });
    } else {
      const ratio = ours.trajectoriesPerSecond / peer.trajectoriesPerSecond;
      console.log(`  peer: ${peer.trajectoriesPerSecond.toFixed(0)} trajectories/s, exact TV ${peer.tv.toFixed(4)}, log Z ${peer.logZ.toFixed(4)}`);
      console.log(`  ratio: ${ratio.toFixed(2)}x the peer's trajectories/s`);
      results.push({ case: name, ours, peer, ratio });
    }
  }
  return results;
}
