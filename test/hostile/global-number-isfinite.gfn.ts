// hostile globals: Number.isFinite/isNaN and isFinite/isNaN lie, so a NaN reward would pass a shared-realm check; invalid-reward, log 9.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': Number.NaN, '01': 2, '10': 3, '11': 4 };
Number.isFinite = () => true;
Number.isNaN = () => false;
(globalThis as { isFinite: (v: unknown) => boolean }).isFinite = () => true;
(globalThis as { isNaN: (v: unknown) => boolean }).isNaN = () => false;

export default defineEnvironment({
  name: 'hostile Number.isFinite',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: invalid-reward
});
