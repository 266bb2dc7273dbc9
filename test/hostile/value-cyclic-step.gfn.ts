// unserialisable: step returns cyclic objects.
import { defineEnvironment } from 'gflownet-studio';

interface S { n: number; self?: S }

export default defineEnvironment({
  name: 'cyclic states',
  initial: { n: 0 } as S,
  actions: (s) => (s.n < 2 ? ['a'] : []),
  step: (s) => { // expect: unidentifiable-state
    const next: S = { n: s.n + 1 };
    next.self = next;
    return next;
  },
  reward: () => 1,
});
