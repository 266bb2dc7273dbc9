// HyperGrid (Bengio et al., "Flow Network based Generative Models", NeurIPS 2021; torchgfn's HyperGrid):
// a D-dimensional grid of side H. From s0 = (0, ..., 0) each action increments one coordinate; every state may stop.
// With a_d = |x_d / (H - 1) - 0.5|: R(x) = R0 + R1 * prod_d [0.25 < a_d] + R2 * prod_d [0.3 < a_d < 0.4],
// which puts 2^D modes near the corners, separated by low-reward regions (R0). As in the paper and torchgfn, a mode is
// a state of the reward's top level (R0 + R1 + R2, inside the ring band): `isMode` declares it, and training reports
// how many of them it has sampled.
import { defineEnvironment } from 'gflownet-studio';

export interface HyperGridOptions {
  dims: number;
  side: number;
  r0?: number;
  r1?: number;
  r2?: number;
}

export function hypergrid({ dims, side, r0 = 0.1, r1 = 0.5, r2 = 2 }: HyperGridOptions) {
  const allDims = Array.from({ length: dims }, (_, d) => d);
  const inRing = (x: number[]) => x.every((v) => {
    const a = Math.abs(v / (side - 1) - 0.5);
    return a > 0.3 && a < 0.4;
  });
  return defineEnvironment({
    name: `HyperGrid ${Array(dims).fill(side).join('x')}`,
    initial: Array(dims).fill(0) as number[],
    actionSpace: allDims,
    actions: (x) => allDims.filter((d) => x[d] < side - 1),
    step: (x, d) => x.map((v, i) => (i === d ? v + 1 : v)),
    canStop: () => true,
    reward: (x) => {
      const a = x.map((v) => Math.abs(v / (side - 1) - 0.5));
      const outer = a.every((ad) => ad > 0.25) ? 1 : 0;
      const ring = inRing(x) ? 1 : 0;
      return r0 + r1 * outer + r2 * ring;
    },
    isMode: inRing,
    // The panel's heatmaps: the first two coordinates, the others summed over (the marginal of (x_0, x_1)).
    project: (x) => [x[0], x[1] ?? 0],
    key: (x) => x.join(','),
    // K-hot encoding, as torchgfn and the PyTorch peer: one block of `side` per coordinate.
    encode: (x) => x.flatMap((v) => Array.from({ length: side }, (_, k) => (k === v ? 1 : 0))),
    render: (x) => `(${x.join(',')})`,
  });
}

export default hypergrid({ dims: 2, side: 8 });
