// unserialisable: the initial state is a cyclic object.
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; self?: S }
const s0: S = { n: 0 };
s0.self = s0;

export default defineEnvironment({
  name: 'cyclic s0',
  initial: s0, // expect: unidentifiable-state
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s) => ({ n: s.n + 1 }),
  reward: () => 1,
});
