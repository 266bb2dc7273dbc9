// async: canStop is an async function (a Promise is truthy: every state would silently stop).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async canStop',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  canStop: async (s: string) => s.length > 0, // expect: async-function
  reward: () => 1,
});
