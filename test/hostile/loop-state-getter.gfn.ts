// loop: step returns a state whose getter `x` never returns: identifying the state runs it, charged to step.
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; readonly x?: number }

export default defineEnvironment({
  name: 'looping getter on a state',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s): S => ({ n: s.n + 1, get x(): number { for (;;) {} } }), // expect: time-limit
  reward: () => 1,
});
