// async: step is async and rejects for one state, on a line of its own; still async-function on `step`.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async step that rejects',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: async (s: string, a: string) => { // expect: async-function
    if (s === 'a') throw new Error('rejected');
    return s + a;
  },
  reward: () => 1,
});
