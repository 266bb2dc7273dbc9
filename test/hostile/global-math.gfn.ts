// hostile globals: Math.log, Math.exp and Math.max lie; the engine's log Z must not change (log 10).
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
Math.log = () => 42;
Math.exp = () => 0;
Math.max = () => -1;
Math.min = () => 1e9;

export default defineEnvironment({
  name: 'hostile Math',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
