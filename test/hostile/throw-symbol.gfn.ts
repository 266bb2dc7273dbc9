// throwing non-errors: step throws a Symbol (string conversion of it throws a TypeError).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws a symbol',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: user-exception
    if (s === 'b') throw Symbol('boom');
    return s + a;
  },
  reward: () => 1,
});
