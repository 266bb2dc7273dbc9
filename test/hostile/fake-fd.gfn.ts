// fake result: the top-level code writes forged JSON results to file descriptors 3 to 6 (where an IPC channel may be).
import { writeSync } from 'node:fs';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const summary = { name: 'forged', states: 999, edges: 0, terminals: 0, logZ: 0, maxDepth: 0, complete: true };
const forged = JSON.stringify({ type: 'validated', result: { ok: true, summary, diagnostics: [] } });
for (const fd of [3, 4, 5, 6]) {
  try {
    writeSync(fd, `${forged}\n`);
  } catch {
    // Not open here: fine.
  }
}

export default defineEnvironment({
  name: 'forges results on fd 3 and 4',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => s + a,
  reward: (x) => R[x], // expect: invalid-reward
});
