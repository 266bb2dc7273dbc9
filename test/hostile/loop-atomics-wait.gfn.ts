// loop: step blocks its thread forever in Atomics.wait (no JavaScript runs, so no interrupt check either).
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'Atomics.wait in step',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => { // expect: time-limit
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return s + a;
  },
  reward: () => 1,
});
