// must not hang: the top-level code leaves intervals running (a global one and one from node:timers); the result is normal.
import { setInterval as nodeSetInterval } from 'node:timers';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
let ticks = 0;
(globalThis as { setInterval?: (f: () => void, ms: number) => unknown }).setInterval?.(() => ticks++, 5);
nodeSetInterval(() => ticks++, 5);

export default defineEnvironment({
  name: 'intervals left running',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
