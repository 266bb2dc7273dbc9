// recursion: the initial state is an array nested 100,000 levels deep (built iteratively).
import { defineEnvironment } from 'gflownet-studio';

let deep: unknown = [];
for (let i = 0; i < 100_000; i++) deep = [deep];

export default defineEnvironment({
  name: 'deeply nested s0',
  initial: deep, // expect: unidentifiable-state
  actions: () => [],
  step: (s) => s,
  reward: () => 1,
});
