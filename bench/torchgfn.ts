/**
 * torchgfn 2.4.1 as a peer (../shared/bench/torchgfn, or $GFN_TORCHGFN): its own train_hypergrid.py, unmodified, run
 * by bench/torchgfn_curve.py, which evaluates the exact TV of its policy during training (evaluations left out of
 * the time) and reads the script's own per-phase timers. One process per run, 1 thread (torch and OpenBLAS).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { CurvePoint, Reached } from './harness';

export const TORCHGFN = process.env.GFN_TORCHGFN ?? '/work/shared/bench/torchgfn';
const PYTHON = process.env.GFN_PYTHON ?? '/usr/bin/python3';

export interface TorchgfnCase {
  dims: number;
  side: number;
  batch: number;
  seed: number;
  /** The script's --n_trajectories: the run's cap. */
  maxTrajectories: number;
  evalEvery: number;
  targets: number[];
  /** End the run once every target is reached and this many trajectories are done (0: run to the cap). */
  stopAt: number;
}

export interface TorchgfnResult {
  tool: string;
  points: CurvePoint[];
  reached: (Reached | null)[];
  trajectoriesPerSecond: number;
  /** Seconds per phase of the script's own timers (generate_samples, calculate_loss, loss_backward, optimizer, ...). */
  phases: Record<string, number>;
  iterations: number;
}

/** The settings of our benchmark in train_hypergrid.py's flags: on-policy TB, MLP 2x256, uniform P_B, Adam. */
export function torchgfnArgs(c: Pick<TorchgfnCase, 'dims' | 'side' | 'batch' | 'seed' | 'maxTrajectories'>): string[] {
  return [
    '--ndim', String(c.dims), '--height', String(c.side), '--batch_size', String(c.batch), '--n_trajectories', String(c.maxTrajectories),
    '--replay_buffer_size', '0', '--uniform_pb', '--n_hidden', '2', '--hidden_dim', '256', '--lr', '1e-3', '--lr_Z', '0.1',
    '--weight_decay', '0', '--no_cuda', '--seed', String(c.seed), '--loss', 'TB',
  ];
}

/** Why torchgfn cannot run here, or null when it can. */
export function torchgfnMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  if (!existsSync(path.join(TORCHGFN, 'tutorials/examples/train_hypergrid.py'))) return `torchgfn not found in ${TORCHGFN} (set GFN_TORCHGFN)`;
  return null;
}

export function runTorchgfn(c: TorchgfnCase): TorchgfnResult {
  const script = path.resolve(__dirname, '../bench/torchgfn_curve.py');
  const args = [
    script, '--torchgfn', TORCHGFN, '--threads', '1', '--eval-every', String(c.evalEvery), '--targets', c.targets.join(','),
    '--stop-at', String(c.stopAt), '--', ...torchgfnArgs(c),
  ];
  const env = {
    ...process.env,
    // Debian's OpenBLAS keeps threads of its own under torch.set_num_threads(1) (docs/measurements.md).
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
    PYTHONPATH: [path.join(TORCHGFN, 'src'), path.join(TORCHGFN, 'shims')].join(path.delimiter),
  };
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const why = (r.stderr || String(r.error ?? '')).trim().split('\n').slice(-3).join(' / ');
    throw new Error(`torchgfn failed (exit ${r.status}): ${why}; python3-torch, -numpy, -matplotlib, -tqdm, -dill are needed`);
  }
  const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
    tool: string; points: CurvePoint[]; reached: (Reached | null)[]; trajectories_per_s: number; phase_s: Record<string, number>; iterations: number;
  };
  return { tool: j.tool, points: j.points, reached: j.reached, trajectoriesPerSecond: j.trajectories_per_s, phases: j.phase_s, iterations: j.iterations };
}
