// recursion: reward recurses without end through an inner arrow function.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'unbounded recursion in reward',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => {
    const walk = (n: number): number => 1 + walk(n + 1); // expect: user-exception
    return walk(x.length);
  },
});
