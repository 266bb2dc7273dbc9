// loop: the declared key function never returns for one state.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in key',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  key: (s) => { // expect: time-limit
    while (s === 'b') {}
    return `<${s}>`;
  },
});
