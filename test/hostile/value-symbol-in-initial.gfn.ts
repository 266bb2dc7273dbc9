// unserialisable: the initial state holds a Symbol (JSON would silently drop it).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'symbol in s0',
  initial: { n: 0, tag: Symbol('s0') } as { n: number; tag?: symbol }, // expect: unidentifiable-state
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s) => ({ n: s.n + 1 }),
  reward: () => 1,
});
