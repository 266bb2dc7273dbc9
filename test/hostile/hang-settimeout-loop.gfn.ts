// must not hang: the top-level code schedules setTimeout(() => { while (true); }, 0) and returns.
import { setTimeout as nodeSetTimeout } from 'node:timers';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
const later = (globalThis as { setTimeout?: (f: () => void, ms: number) => unknown }).setTimeout ?? nodeSetTimeout;
later(() => {
  while (true);
}, 0);

export default defineEnvironment({
  name: 'a looping timer',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
