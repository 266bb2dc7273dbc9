// throwing non-errors: canStop throws undefined.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws undefined',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  canStop: (s) => { // expect: user-exception
    if (s === 'a') throw undefined;
    return false;
  },
  reward: () => 1,
});
