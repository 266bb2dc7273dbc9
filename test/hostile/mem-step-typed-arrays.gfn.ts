// memory: step keeps 64 MB Float64Arrays filled with data.
import { defineEnvironment } from 'gflownet-studio';

const hoard: Float64Array[] = [];

export default defineEnvironment({
  name: 'hoarding typed arrays',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: memory-limit
    while (hoard.length >= 0) hoard.push(new Float64Array(8 << 20).fill(1.5));
    return s + a;
  },
  reward: () => 1,
});
