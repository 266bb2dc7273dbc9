// stdout: fs.writeSync(2, ...) straight to file descriptor 2, at top level and in step.
import { writeSync } from 'node:fs';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
writeSync(2, '{"ok":true}\n');

export default defineEnvironment({
  name: 'writeSync to fd 2',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    writeSync(2, `step ${s} ${a}\n`);
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
