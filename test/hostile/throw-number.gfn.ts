// throwing non-errors: step throws 42 (no stack: the diagnostic goes on `step`).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws a number',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: user-exception
    if (s === 'a') throw 42;
    return s + a;
  },
  reward: () => 1,
});
