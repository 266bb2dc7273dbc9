// async: step is an async function, so it returns Promises, not states.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: async (s: string, a: string) => s + a, // expect: async-function
  reward: () => 1,
});
