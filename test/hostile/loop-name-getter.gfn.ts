// loop: the declaration's `name` is a getter that never returns (defineEnvironment reads it during the top-level code).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({ // expect: time-limit
  get name(): string {
    for (;;) {}
  },
  initial: '',
  actions: (s: string) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s: string, a: string) => s + a,
  reward: () => 1,
});
