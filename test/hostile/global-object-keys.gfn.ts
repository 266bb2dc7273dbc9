// hostile globals: Object.keys/entries/values/getOwnPropertyNames return nothing, with object states; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
Object.keys = () => [];
Object.entries = () => [];
Object.values = () => [];
Object.getOwnPropertyNames = () => [];

export default defineEnvironment({
  name: 'hostile Object.keys',
  initial: { bits: '' },
  actions: (s) => (s.bits.length < 2 ? ['0', '1'] : []),
  step: (s, a) => ({ bits: s.bits + a }),
  reward: (x) => R[x.bits],
});
