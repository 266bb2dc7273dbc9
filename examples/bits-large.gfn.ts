// Bit strings of length 16 whose bits are decided in any order: 3^16 ~ 4.3e7 states, 2^16 = 65,536 objects.
// Too many to enumerate with a small --max-states, so training expands states on demand; that needs `encode` (the
// network's input) and `parents` (the uniform backward policy P_B(s | s') = 1 / |parents(s')|).
// R(x) = prod_i w_i^{x_i}, so Z = prod_i (1 + w_i) and under R(x)/Z each bit i is independently 1 with probability
// w_i / (1 + w_i): a closed form to check sampled marginals and the learned log Z = sum_i log(1 + w_i) against.
// Its largest reward is known in closed form too (every bit with w_i > 1 set), so a mode can be declared: an object with
// at least half of it. Training then reports the modes found among the objects it sampled, a fixed set to count
// against, where the DAG is too large to enumerate.
import { defineEnvironment } from 'gflownet-studio';

export const weights = [4, 0.25, 2, 0.5, 3, 1, 0.2, 5, 1.5, 0.4, 2.5, 0.8, 6, 0.3, 1.2, 0.6];
const n = weights.length;
const UNSET = -1;
const reward = (x: number[]) => x.reduce((r, v, i) => r * (v === 1 ? weights[i] : 1), 1);
export const largestReward = weights.reduce((r, w) => r * Math.max(w, 1), 1);

/** Action 2i + v sets bit i to v. */
const actionSpace = Array.from({ length: 2 * n }, (_, a) => a);

export default defineEnvironment({
  name: `bit strings of length ${n}, bits in any order`,
  initial: new Array<number>(n).fill(UNSET),
  actionSpace,
  actions: (s) => actionSpace.filter((a) => s[a >> 1] === UNSET),
  step: (s, a) => s.map((v, i) => (i === a >> 1 ? a & 1 : v)),
  reward,
  // With room for the rounding of the products: exactly half (one bit of weight 2 unset) counts.
  isMode: (x) => reward(x) >= (largestReward / 2) * (1 - 1e-12),
  key: (s) => s.map((v) => (v === UNSET ? '.' : String(v))).join(''),
  // [is 0, is 1] for each bit; an unset bit is [0, 0]. A fixed length of 2n.
  encode: (s) => s.flatMap((v) => (v === UNSET ? [0, 0] : v === 0 ? [1, 0] : [0, 1])),
  // Any decided bit can have been the last one decided.
  parents: (s) =>
    s.flatMap((v, i) => (v === UNSET ? [] : [{ state: s.map((u, j) => (j === i ? UNSET : u)), action: 2 * i + v }])),
  render: (s) => s.map((v) => (v === UNSET ? '.' : String(v))).join(''),
});
