// throwing non-errors: reward throws a string.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws a string',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: user-exception
    if (x === 'bb') throw 'text, not an Error';
    return 1;
  },
});
