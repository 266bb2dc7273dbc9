// stdout: fs.writeSync(1, ...) straight to file descriptor 1, at top level (a partial JSON line) and in step.
import { writeSync } from 'node:fs';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
writeSync(1, '{"ok":true,');

export default defineEnvironment({
  name: 'writeSync to fd 1',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    writeSync(1, '{"ok":true}\n');
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
