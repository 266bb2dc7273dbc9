// hostile globals: Object.prototype, Array.prototype, Function.prototype, Error.prototype and Promise.prototype are frozen; zero reward warning, log 6.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 0, '01': 1, '10': 2, '11': 3 };
for (const proto of [Object.prototype, Array.prototype, Function.prototype, Error.prototype, Promise.prototype, String.prototype]) Object.freeze(proto);

export default defineEnvironment({
  name: 'frozen prototypes',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: zero-reward
});
