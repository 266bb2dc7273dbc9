// async: actions is an async function.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async actions',
  initial: '',
  actions: async (s: string) => (s.length < 2 ? ['a', 'b'] : []), // expect: async-function
  step: (s: string, a: string) => s + a,
  reward: () => 1,
});
