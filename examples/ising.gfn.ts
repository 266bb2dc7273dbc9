// An Ising model as a discrete energy-based model (Zhang et al., "Generative Flow Networks for Discrete Probabilistic
// Modeling", ICML 2022; torchgfn's DiscreteEBM with its IsingModel energy). The spins of a side x side lattice with
// periodic boundaries are set one at a time, in any order: a state holds -1, +1 or 0 (not set yet) per site, and an
// action sets one unset site to -1 or +1, so a configuration of k set spins has k parents. Once every spin is set,
// R(x) = exp(-E(x)) with E(x) = -x^T J x and J = coupling * A, A the lattice's adjacency matrix (each bond counts
// twice, as in the paper and torchgfn). A ferromagnetic coupling (> 0) puts two modes on all -1 and all +1,
// separated by configurations of higher energy.
import { defineEnvironment } from 'gflownet-studio';

export interface IsingOptions {
  side: number;
  coupling: number;
}

type Spin = -1 | 1;
export interface SetSpin {
  site: number;
  spin: Spin;
}

/** The bonds of the side x side torus: each site to its right and lower neighbours, wrapping around, each pair once. */
export function torusBonds(side: number): [number, number][] {
  const bonds = new Map<string, [number, number]>();
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      for (const j of [r * side + ((c + 1) % side), ((r + 1) % side) * side + c]) {
        const i = r * side + c;
        if (i !== j) bonds.set(`${Math.min(i, j)}-${Math.max(i, j)}`, [i, j]);
      }
    }
  }
  return [...bonds.values()];
}

export function ising({ side, coupling }: IsingOptions) {
  const sites = Array.from({ length: side * side }, (_, i) => i);
  const bonds = torusBonds(side);
  // x^T J x sums J_ij x_i x_j over ordered pairs: every bond twice.
  const energy = (x: readonly number[]) => -2 * coupling * bonds.reduce((sum, [i, j]) => sum + x[i] * x[j], 0);
  // torchgfn's order: every site to -1, then every site to +1.
  const setSpins: SetSpin[] = ([-1, 1] as const).flatMap((spin) => sites.map((site) => ({ site, spin })));
  return defineEnvironment({
    name: `Ising ${side}x${side}, coupling ${coupling}`,
    initial: sites.map(() => 0),
    actionSpace: setSpins,
    actions: (x) => setSpins.filter((a) => x[a.site] === 0),
    step: (x, a) => x.map((v, i) => (i === a.site ? a.spin : v)),
    reward: (x) => Math.exp(-energy(x)),
    key: (x) => x.map((v) => (v === 0 ? '.' : v > 0 ? '+' : '-')).join(''),
    // One-hot per site: [is -1, is unset, is +1].
    encode: (x) => x.flatMap((v) => [v < 0 ? 1 : 0, v === 0 ? 1 : 0, v > 0 ? 1 : 0]),
    render: (x) => Array.from({ length: side }, (_, r) => x.slice(r * side, (r + 1) * side).map((v) => (v === 0 ? '·' : v > 0 ? '+' : '−')).join(' ')).join('\n'),
  });
}

// 3^9 = 19,683 states and 2^9 = 512 configurations; at coupling 0.2 the two modes carry 57% of the mass.
export default ising({ side: 3, coupling: 0.2 });
