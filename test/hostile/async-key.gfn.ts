// async: key is an async function (every key would be "[object Promise]").
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async key',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  key: async (s: string) => s, // expect: async-function
});
