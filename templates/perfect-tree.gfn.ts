// A perfect binary tree (torchgfn's PerfectBinaryTree). States are the nodes, numbered breadth first from the root 0:
// action 0 goes to the left child 2n + 1, action 1 to the right child 2n + 2; the 2^depth leaves are the terminal
// objects. Every leaf has exactly one trajectory, so the backward policy is trivial and maximum entropy RL already
// samples leaves in proportion to their reward (Bengio et al., "Flow Network based Generative Models", NeurIPS 2021;
// Deleu et al., "Discrete Probabilistic Inference as Control in Multi-path Environments", UAI 2024): the tree is the
// baseline that DAGs with many paths per object are compared to. torchgfn leaves the reward to the user: here two
// bumps over the leaves, read left to right, one in each half of the tree, so the first action already decides
// between the modes.
import { defineEnvironment } from 'gflownet-studio';

export interface PerfectTreeOptions {
  depth: number;
  /** Width of each bump, as a fraction of the row of leaves. */
  width?: number;
  /** Reward floor of every leaf. */
  floor?: number;
}

/** The actions from the root to node n: 0 left, 1 right. */
export function pathTo(node: number): number[] {
  const path: number[] = [];
  for (let n = node; n > 0; n = Math.floor((n - 1) / 2)) path.unshift(n % 2 === 1 ? 0 : 1);
  return path;
}

export function perfectTree({ depth, width = 0.05, floor = 0.01 }: PerfectTreeOptions) {
  const firstLeaf = 2 ** depth - 1;
  const bump = (u: number, centre: number) => Math.exp(-((u - centre) ** 2) / (2 * width ** 2));
  return defineEnvironment({
    name: `perfect binary tree of depth ${depth}`,
    initial: 0,
    actionSpace: [0, 1],
    actions: (node) => (node < firstLeaf ? [0, 1] : []),
    step: (node, a) => 2 * node + 1 + a,
    reward: (leaf) => {
      // The leaf's position in [0, 1] along the row of leaves.
      const u = (leaf - firstLeaf) / (firstLeaf === 0 ? 1 : firstLeaf);
      return floor + bump(u, 0.25) + 0.5 * bump(u, 0.75);
    },
    // One-hot per level of the path: [left, right, not taken yet].
    encode: (node) => {
      const path = pathTo(node);
      return Array.from({ length: depth }, (_, i) => (i >= path.length ? [0, 0, 1] : path[i] === 0 ? [1, 0, 0] : [0, 1, 0])).flat();
    },
    render: (node) => `${node}: ${pathTo(node).map((a) => (a === 0 ? 'L' : 'R')).join('') || 'root'}`,
  });
}

// 2^11 - 1 = 2,047 nodes and 1,024 leaves.
export default perfectTree({ depth: 10 });
