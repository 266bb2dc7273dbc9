// must pass: states are Uint8Arrays of two bits set one at a time, every state may stop. 4 states, Z = 1+2+3+4.
import { defineEnvironment } from 'gflownet-studio';

export default defineEnvironment({
  name: 'typed array bits',
  initial: new Uint8Array(2),
  actions: (s) => ['0', '1'].filter((i) => s[Number(i)] === 0),
  step: (s, a) => {
    const next = s.slice();
    next[Number(a)] = 1;
    return next;
  },
  canStop: () => true,
  reward: (x) => 1 + x[0] + 2 * x[1],
});
