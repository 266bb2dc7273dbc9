// locations: regular expression literals holding a quote and a backtick above the environment (a text scanner takes them for a string and a template).
import { defineEnvironment } from 'gflownet-studio';

const q = /"/;
const tick = /`/;

export default defineEnvironment({
  name: 'regex with quotes',
  initial: '',
  actions: (s) => (s.length < 2 && !q.test(s) && !tick.test(s) ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: (x) => (x === 'aa' ? -1 : 1), // expect: invalid-reward
});
