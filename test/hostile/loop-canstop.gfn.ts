// loop: canStop never returns.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in canStop',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  canStop: () => { // expect: time-limit
    for (;;) {}
  },
  reward: () => 1,
});
