// memory: step keeps pushing 32 MB arrays into a module-level array until the heap limit.
import { defineEnvironment } from 'gflownet-studio';

const hoard: number[][] = [];

export default defineEnvironment({
  name: 'hoarding step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: memory-limit
    const chunk = new Array<number>(1 << 22).fill(0.5);
    while (hoard.length >= 0) hoard.push(chunk.slice());
    return s + a;
  },
  reward: () => 1,
});
