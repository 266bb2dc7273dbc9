// memory: the file's top-level code keeps 16 MB flat strings until the heap limit.
import { defineEnvironment } from 'gflownet-studio';

const hoard: string[] = [];
while (hoard.length >= 0) {
  const text = 'x'.repeat(1 << 24) + hoard.length;
  text.charCodeAt(1); // flattens the string: 16 MB each
  hoard.push(text);
}

export default defineEnvironment({ // expect: memory-limit
  name: 'hoarding at top level',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => hoard.length,
});
