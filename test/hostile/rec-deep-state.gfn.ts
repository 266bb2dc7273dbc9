// recursion: step builds (iteratively) a state nested 100,000 levels deep: too deep to identify.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'deeply nested state',
  initial: 0 as unknown,
  actions: (s) => (s === 0 ? ['deepen'] : []),
  step: () => { // expect: unidentifiable-state
    let v: unknown = 0;
    for (let i = 0; i < 100_000; i++) v = { next: v };
    return v;
  },
  reward: () => 1,
});
