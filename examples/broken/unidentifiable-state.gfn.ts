// unidentifiable-state: each state keeps a link to its parent, which links back to it: a cycle of objects has no
// content to compare. Declare `key`, or keep states to plain data.
import { defineEnvironment } from 'gflownet-studio';

interface Node {
  label: string;
  children: Node[];
  parent?: Node;
}

export default defineEnvironment<Node, string>({
  name: 'linked nodes',
  initial: { label: '', children: [] },
  actions: (s) => (s.label.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    const child: Node = { label: s.label + a, children: [], parent: s };
    s.children.push(child);
    return child;
  },
  reward: () => 1,
});
