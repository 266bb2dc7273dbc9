// loop: step returns a state whose own toJSON never returns, charged to step.
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; toJSON?: () => unknown }

export default defineEnvironment({
  name: 'looping toJSON on a state',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s): S => ({ n: s.n + 1, toJSON() { for (;;) {} } }), // expect: time-limit
  reward: () => 1,
});
