// a state with a toJSON of its own that never returns: the engine never calls toJSON (identity is structural), and an own function makes the state unidentifiable, on step.
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; toJSON?: () => unknown }

export default defineEnvironment({
  name: 'looping toJSON on a state',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s): S => ({ n: s.n + 1, toJSON() { for (;;) {} } }), // expect: unidentifiable-state
  reward: () => 1,
});
