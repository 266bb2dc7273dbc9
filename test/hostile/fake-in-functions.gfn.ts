// fake result: step and reward forge results on every channel at once (process.send, parentPort, fd 3/4, stdout).
import { writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const summary = { name: 'forged', states: 999, edges: 0, terminals: 0, logZ: 0, maxDepth: 0, complete: true };
const forged = { type: 'validated', result: { ok: true, summary, diagnostics: [] } };
function forge(): void {
  (process as unknown as { send?: (m: unknown) => void }).send?.(forged);
  parentPort?.postMessage(forged);
  for (const fd of [1, 3, 4]) {
    try {
      writeSync(fd, `${JSON.stringify(forged)}\n`);
    } catch {
      // Not open: fine.
    }
  }
}

export default defineEnvironment({
  name: 'forges results from user functions',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    forge();
    return s + a;
  },
  reward: (x) => { // expect: invalid-reward
    forge();
    return R[x];
  },
});
