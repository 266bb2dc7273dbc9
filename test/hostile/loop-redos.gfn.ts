// loop: reward runs a catastrophically backtracking regular expression (a loop inside the regexp engine).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'regexp backtracking',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => (/^(a+)+$/.test('a'.repeat(40) + x) ? 1 : 2), // expect: time-limit
});
