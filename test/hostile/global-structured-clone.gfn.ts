// hostile globals: structuredClone and queueMicrotask are replaced; log 10.
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
const g = globalThis as unknown as Record<string, unknown>;
g.structuredClone = () => ({ forged: true });
g.queueMicrotask = () => {};

export default defineEnvironment({
  name: 'hostile structuredClone',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
