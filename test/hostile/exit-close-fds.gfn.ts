// process control: the top-level code closes file descriptors 1 to 9, breaking its own process; reported, never a crash or a hang.
import { closeSync } from 'node:fs';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
for (let fd = 1; fd <= 9; fd++) {
  try {
    closeSync(fd);
  } catch {
    // Not open, or refused: fine.
  }
}

export default defineEnvironment({ // expect: process-exit
  name: 'closes its file descriptors',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    console.log('after closing', s, a);
    return s + a;
  },
  reward: (x) => R[x],
});
