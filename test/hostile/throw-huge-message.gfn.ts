// throwing: step throws an Error with a 20 MB message: the diagnostic must be cut to a readable size.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'huge error message',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => {
    if (s === 'a') throw new Error('x'.repeat(20 << 20)); // expect: user-exception
    return s + a;
  },
  reward: () => 1,
});
