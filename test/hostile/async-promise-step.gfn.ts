// async: step is a plain function that returns a Promise.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'step returns a Promise',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s: string, a: string) => Promise.resolve(s + a), // expect: async-function
  reward: () => 1,
});
