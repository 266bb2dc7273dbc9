// channels: 30 MB without a newline on fd 1, 3 and 4 (the engine's channels): the host buffers none of it, the real result arrives.
// (300 MB took longer than the 500 ms call limit on one core shared with two test suites: a time-limit, not the point.)
import { defineEnvironment } from 'gflownet-studio';
import { writeSync } from 'node:fs';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const mega = 'y'.repeat(1 << 20);
for (let i = 0; i < 10; i++) {
  for (const fd of [1, 3, 4]) {
    try {
      writeSync(fd, mega);
    } catch {
      // a closed channel is fine
    }
  }
}

export default defineEnvironment({
  name: 'channel flood',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: invalid-reward
});
