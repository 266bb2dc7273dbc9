// loop: encode never returns (it runs after exploration, during validation).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in encode',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  encode: (s) => { // expect: time-limit
    while (true) {}
    return [s.length];
  },
});
