// must pass: states are BigInts, a counter that moves by +1n or +2n up to 4n. 5 states, Z = 3 + 4.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'bigint counter',
  initial: 0n,
  actions: (s) => (s < 3n ? ['+1', '+2'] : []),
  step: (s, a) => s + (a === '+1' ? 1n : 2n),
  reward: (x) => Number(x),
});
