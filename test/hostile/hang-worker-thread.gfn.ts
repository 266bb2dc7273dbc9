// must not hang: the top-level code starts a worker thread that runs an interval forever; the result is normal.
import { Worker } from 'node:worker_threads';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': 1, '01': 2, '10': 3, '11': 4 };
try {
  new Worker('setInterval(() => {}, 1000)', { eval: true });
} catch {
  // A sandbox may refuse threads; it must not hang either way.
}

export default defineEnvironment({
  name: 'nested worker thread',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x],
});
