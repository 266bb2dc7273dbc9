// recursion: step calls a function that recurses without end (RangeError: Maximum call stack size exceeded).
import { defineEnvironment } from 'gflownet-studio';

function depth(n: number): number { return depth(n + 1) + 1; } // expect: user-exception

export default defineEnvironment({
  name: 'unbounded recursion in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => (depth(s.length) > 0 ? s + a : s),
  reward: () => 1,
});
