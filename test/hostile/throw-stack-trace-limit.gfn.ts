// throwing: the top-level code sets Error.stackTraceLimit = 0, then step throws an Error with no frames: placed on `step`.
import { defineEnvironment } from 'gflownet-studio';

Error.stackTraceLimit = 0;

export default defineEnvironment({
  name: 'no stack frames',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: user-exception
    if (s === 'b') throw new Error('no frames');
    return s + a;
  },
  reward: () => 1,
});
