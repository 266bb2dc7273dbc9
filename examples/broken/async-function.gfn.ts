// async-function: reward is async, so it returns a Promise, not a number. Every function must be synchronous.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'async reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  // @ts-expect-error: the declared type says number; a Promise<number> is what async gives
  reward: async (x) => x.length,
});
