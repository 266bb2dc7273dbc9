// async: reward is an async method.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  async reward(x: string) { // expect: async-function
    return x.length;
  },
});
