// Set addition (torchgfn's SetAddition: the append-only MDP of Shen et al., "Towards Understanding and Improving
// GFlowNet Training", ICML 2023, Remark 8). Items of a pool of `items` are added to a set one at a time, up to
// `maxItems`; every set may stop, the empty one included (with fixedLength, only sets of maxItems items stop). A set
// of k items is reached in k! orders, so states have many parents. torchgfn leaves the reward to the user: here
// R(x) = exp(sum of the values of x's items), the values drawn in [-1, 1) by a seeded generator (the API's `rng`).
import { defineEnvironment, rng } from 'gflownet-studio';

export interface SetAdditionOptions {
  items: number;
  maxItems: number;
  fixedLength?: boolean;
  seed?: number;
}

/** The value of each item, in [-1, 1), fixed by the seed. */
export function itemValues(items: number, seed: number): number[] {
  const random = rng(seed);
  return Array.from({ length: items }, () => 2 * random() - 1);
}

export function setAddition({ items, maxItems, fixedLength = false, seed = 0 }: SetAdditionOptions) {
  const values = itemValues(items, seed);
  const pool = values.map((_, i) => i);
  return defineEnvironment({
    name: `set addition: up to ${maxItems} of ${items} items${fixedLength ? ' (exactly)' : ''}`,
    initial: [] as number[],
    actionSpace: pool,
    actions: (set) => (set.length < maxItems ? pool.filter((i) => !set.includes(i)) : []),
    // Sorted, so that a set reached in any order of its items is one state.
    step: (set, item) => [...set, item].sort((a, b) => a - b),
    canStop: () => !fixedLength,
    reward: (set) => Math.exp(set.reduce((sum, i) => sum + values[i], 0)),
    key: (set) => set.join(','),
    encode: (set) => pool.map((i) => (set.includes(i) ? 1 : 0)),
    render: (set) => `{${set.join(', ')}}`,
  });
}

// 2^10 subsets, of which the 638 with at most 5 items are states, and all of them terminal objects.
export default setAddition({ items: 10, maxItems: 5 });
