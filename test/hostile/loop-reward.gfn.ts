// loop: reward spins forever with while (true) for one terminal state.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => { // expect: time-limit
    while (x === 'ab') {}
    return 1;
  },
});
