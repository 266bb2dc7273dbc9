// loop: actions never returns for the state "a".
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in actions',
  initial: '',
  actions: (s) => { // expect: time-limit
    while (s === 'a') {}
    return s.length < 2 ? ['a', 'b'] : [];
  },
  step: (s, a) => s + a,
  reward: () => 1,
});
