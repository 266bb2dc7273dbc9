// throwing non-errors: key throws {}.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws an empty object',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  key: (s) => { // expect: user-exception
    if (s === 'ab') throw {};
    return s;
  },
});
