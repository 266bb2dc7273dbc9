// loop: the initial state has a getter that never returns: identifying s0 runs it, charged to `initial`.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'looping getter on s0',
  initial: { n: 0, get x(): number { for (;;) {} } }, // expect: time-limit
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s) => ({ n: s.n + 1, x: 0 }),
  reward: () => 1,
});
