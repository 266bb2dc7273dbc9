// async: step returns a thenable (an object with a then method), not a Promise.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'step returns a thenable',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s: string, a: string) => ({ then: (resolve: (v: string) => void) => resolve(s + a) }), // expect: async-function
  reward: () => 1,
});
