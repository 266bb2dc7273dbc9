// loop: the file's top-level code never finishes.
import { defineEnvironment } from 'gflownet-studio';

let spins = 0;
while (Date.now() > 0) spins++;

export default defineEnvironment({ // expect: time-limit
  name: 'loop at top level',
  initial: '',
  actions: (s) => (s.length < 2 ? ['a', 'b'] : []),
  step: (s, a) => s + a,
  reward: () => spins,
});
