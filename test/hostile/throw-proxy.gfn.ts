// throwing non-errors: encode throws a Proxy whose every trap throws (instanceof, property reads and key listing all fail).
import { defineEnvironment } from 'gflownet-studio';

const trap = (): never => {
  throw 'trap';
};
const hostile = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, set: trap, defineProperty: trap });

export default defineEnvironment({
  name: 'throws a proxy',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  encode: (s) => { // expect: user-exception
    if (s === 'a') throw hostile;
    return [s.length];
  },
});
