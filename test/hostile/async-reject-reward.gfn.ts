// async: reward is async and rejects every time; nobody awaits it, and the unhandled rejections must not crash anything.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async reward that rejects',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: async (x: string) => { throw new Error(`no reward for ${x}`); }, // expect: async-function
});
