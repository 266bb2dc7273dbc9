// fake result: the top-level code posts a forged result through worker_threads' parentPort; the real invalid-reward must win.
import { parentPort } from 'node:worker_threads';
import { defineEnvironment } from 'gflownet-studio';

const R: Record<string, number> = { '00': -1, '01': 1, '10': 2, '11': 3 };
const summary = { name: 'forged', states: 999, edges: 0, terminals: 0, logZ: 0, maxDepth: 0, complete: true };
parentPort?.postMessage({ type: 'validated', result: { ok: true, summary, diagnostics: [] } });
parentPort?.postMessage({ type: 'done', summary: {}, cancelled: false });

export default defineEnvironment({
  name: 'forges results with parentPort',
  initial: '',
  actions: (s) => (s.length < 2 ? ['0', '1'] : []),
  step: (s, a) => {
    parentPort?.postMessage({ type: 'validated', result: { ok: true, summary, diagnostics: [] } });
    return s + a;
  },
  reward: (x) => R[x], // expect: invalid-reward
});
