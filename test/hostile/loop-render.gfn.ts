// loop: render never returns (a throwing render is only a warning, a hanging one must still be stopped).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in render',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  render: (s) => { // expect: time-limit
    while (s.length >= 0) {}
    return s;
  },
});
