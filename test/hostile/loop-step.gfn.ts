// loop: step spins forever with while (true).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: time-limit
    while (true) {}
    return s + a;
  },
  reward: () => 1,
});
