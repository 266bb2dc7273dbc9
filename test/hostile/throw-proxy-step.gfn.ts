// throwing non-errors: step throws a Proxy whose get and getPrototypeOf traps throw (instanceof and every property read fail).
import { defineEnvironment } from 'gflownet-studio';

const unreadable = new Proxy({}, {
  get() {
    throw new Error('get trap');
  },
  getPrototypeOf() {
    throw new Error('proto trap');
  },
});

export default defineEnvironment({
  name: 'step throws an unreadable proxy',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: user-exception
    if (s === 'a') throw unreadable;
    return s + a;
  },
  reward: () => 1,
});
