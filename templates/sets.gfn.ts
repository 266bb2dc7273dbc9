// Sets: choose 3 of 6 items, one at a time. A set is reached in any order of its items, so states have many
// parents (the backward policy matters). R(x) = exp(sum of the chosen items' weights): heavy sets are sampled most.
import { defineEnvironment } from 'gflownet-studio';

const weights = [1.0, 0.6, 0.2, -0.2, -0.6, -1.0];
const items = weights.map((_, i) => i);
const size = 3;

export default defineEnvironment({
  name: 'sets of 3 out of 6',
  initial: [] as number[],
  actionSpace: items,
  actions: (set) => (set.length < size ? items.filter((i) => !set.includes(i)) : []),
  // Sorted, so that {0, 2} reached by 0 then 2 or by 2 then 0 is one state.
  step: (set, item) => [...set, item].sort((a, b) => a - b),
  reward: (set) => Math.exp(set.reduce((sum, i) => sum + weights[i], 0)),
  encode: (set) => items.map((i) => (set.includes(i) ? 1 : 0)),
  render: (set) => `{${set.join(', ')}}`,
});
