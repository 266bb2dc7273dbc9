// loop: actions returns a Proxy of an array whose get trap never returns (length, indices, Symbol.iterator).
import { defineEnvironment } from 'gflownet-studio';

const spin = (): never => { for (;;) {} };

export default defineEnvironment({
  name: 'looping proxy of actions',
  initial: '',
  actions: (s) => new Proxy(s.length < 2 ? ['a', 'b'] : [], { get: spin }), // expect: time-limit
  step: (s, a) => s + a,
  reward: () => 1,
});
