// throwing non-errors: reward throws a 20 MB string.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'huge thrown string',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: user-exception
    throw 'y'.repeat(20 << 20) + x;
  },
});
