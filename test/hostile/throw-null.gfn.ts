// throwing non-errors: actions throws null.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'throws null',
  initial: '',
  actions: (s) => { // expect: user-exception
    if (s === 'b') throw null;
    return s.length < 2 ? ['a', 'b'] : [];
  },
  step: (s, a) => s + a,
  reward: () => 1,
});
