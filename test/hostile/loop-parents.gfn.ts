// loop: parents never returns for the state "ab".
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'loop in parents',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  parents: (s) => { // expect: time-limit
    while (s === 'ab') {}
    return s === '' ? [] : [{ state: s.slice(0, -1), action: s.slice(-1) }];
  },
});
