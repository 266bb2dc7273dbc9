// loop: encode returns a Proxy of a real array whose `length` read never returns (Array.isArray says true).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'looping array length',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => 1,
  encode: (s) => new Proxy([s.length, 1], { // expect: time-limit
    get: (target, p) => {
      while (p === 'length') {}
      return Reflect.get(target, p);
    },
  }),
});
